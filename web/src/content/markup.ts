import DOMPurify, { type DOMPurify as Purifier } from "dompurify";
import katex, { type KatexOptions } from "katex";
import "katex/contrib/mhchem";
import markdownIt, { type MarkdownIt } from "markdown-it";
import { uzLetters } from "../i18n/format.ts";
import { mathPlugin } from "./math.ts";
import { createSanitizer, MEDIA_SRC } from "./sanitize.ts";

/**
 * KaTeX as a guest: no \href, \url, \html… (`trust` off), bounded sizes and macro expansion (a
 * stem cannot make a page-sized box or expand a macro forever), errors drawn in red, not thrown.
 */
export const KATEX_OPTIONS: KatexOptions = {
  throwOnError: false,
  trust: false,
  strict: "ignore",
  maxSize: 20,
  maxExpand: 1000,
  output: "htmlAndMathml",
};

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function renderTex(tex: string, displayMode: boolean): string {
  try {
    return katex.renderToString(tex, { ...KATEX_OPTIONS, displayMode });
  } catch (err) {
    // throwOnError covers parse errors; anything else (a limit) shows as the source, in red.
    return `<span class="katex-error" title="${escapeHtml(String(err))}">${escapeHtml(tex)}</span>`;
  }
}

/**
 * The documented markup (docs/authoring.md, "Markup"): CommonMark's paragraphs, line breaks,
 * emphasis, lists and inline code, GFM tables, images from our media store, and TeX math.
 * Raw HTML, links, headings, quotes, code blocks and entities are off: they show as typed.
 */
export function createMarkdown(): MarkdownIt {
  const md = markdownIt("commonmark", { html: false, breaks: true, linkify: false, typographer: false });
  md.enable("table");
  md.disable([
    "heading",
    "lheading",
    "blockquote",
    "code",
    "fence",
    "hr",
    "html_block",
    "reference",
    "html_inline",
    "autolink",
    "link",
    "entity",
  ]);
  // Images are the only URLs the subset knows; anything but a media URL stays text.
  md.validateLink = (url) => MEDIA_SRC.test(url);
  mathPlugin(md, renderTex);
  // The Uzbek letters oʻ/gʻ typed with ' ‘ ’ or ` are shown with ʻ, in text only (never in a formula).
  md.core.ruler.push("uz_letters", (state) => {
    for (const block of state.tokens)
      for (const token of block.children ?? [])
        if (token.type === "text") token.content = uzLetters(token.content);
  });
  return md;
}

export interface MarkupRenderer {
  /** Paragraphs, lists, tables, display math: for stems and explanations. */
  block(text: string): string;
  /** One line of inline markup, no paragraph around it: for options and matching items. */
  inline(text: string): string;
}

/** Markup to sanitised HTML with the given DOMPurify (the browser's, or one over a test DOM). */
export function createMarkupRenderer(purify: Purifier): MarkupRenderer {
  const md = createMarkdown();
  const sanitize = createSanitizer(purify);
  return {
    // No trailing newline: the element's text is exactly what the student reads.
    block: (text) => sanitize(md.render(text)).trimEnd(),
    inline: (text) => sanitize(md.renderInline(text)),
  };
}

/** The renderer over this page's DOM. */
export function browserRenderer(): MarkupRenderer {
  return createMarkupRenderer(DOMPurify);
}
