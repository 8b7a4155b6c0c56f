import { isElement, kids, parseHtml, type XElement, type XNode } from "./xml.ts";

export { ItemError } from "../types.ts";

/**
 * Between the HTML that Moodle and QTI carry and our markup (a CommonMark subset with `$…$` inline and
 * `$$…$$` display math). Kept: paragraphs, bold, italic, lists, tables, images, TeX; dropped: any other
 * tag (its text stays, scripts and styles go whole), attributes, links (their text stays). The result
 * is plain markup text, never raw HTML; it is sanitised again when rendered.
 */

export interface HtmlToMarkupOptions {
  /** The markup for an `<img>` (`![alt](embedded:n)`); throws `ItemError` when the image is missing. */
  image(src: string, alt: string): string;
}

const DROP = new Set([
  "script",
  "style",
  "head",
  "title",
  "iframe",
  "object",
  "embed",
  "template",
  "noscript",
  "svg",
  "math",
  "audio",
  "video",
  "canvas",
  "form",
  "button",
  "select",
  "textarea",
  "input",
]);
const BLOCKS = new Set([
  "p",
  "div",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "blockquote",
  "pre",
  "section",
  "article",
  "header",
  "footer",
  "figure",
  "figcaption",
  "center",
  "address",
  "dl",
  "dt",
  "dd",
  "hr",
  "body",
  "html",
]);

/** Escapes text so that our markup shows it literally. */
export function escapeText(s: string): string {
  return s.replace(/[\\*_`$[\]<>&|~]/g, (c) => `\\${c}`);
}
/** A paragraph that would start a heading, quote or list is escaped at its start. */
function escapeStart(s: string): string {
  return s.replace(
    /^(\s*)(#{1,6}(?=\s|$)|>|[-+](?=\s|$)|=+\s*$|\d{1,9}[.)](?=\s|$))/,
    (_, sp: string, m: string) => (/^\d/.test(m) ? `${sp}${m.slice(0, -1)}\\${m.slice(-1)}` : `${sp}\\${m}`),
  );
}

const MATH = /\\\(([\s\S]*?)\\\)|\\\[([\s\S]*?)\\\]|\$\$([\s\S]*?)\$\$|\[tex\]([\s\S]*?)\[\/tex\]/g;

/**
 * Text with TeX in Moodle's or MathJax's delimiters, as markup: math kept raw, the rest escaped.
 * Moodle's `$$…$$` is marked with U+E000 (private use) until its paragraph is known (see settleDollars).
 */
function textToMarkupRaw(text: string): string {
  let out = "";
  let last = 0;
  for (const m of text.matchAll(MATH)) {
    out += escapeText(text.slice(last, m.index));
    const tex = (m[1] ?? m[2] ?? m[3] ?? m[4] ?? "").trim().replace(/\s+/g, " ");
    if (tex)
      out += m[2] !== undefined ? `$$${tex}$$` : m[3] !== undefined ? `\uE000${tex}\uE000` : `$${tex}$`;
    last = m.index + m[0].length;
  }
  return out + escapeText(text.slice(last));
}

/** `$$…$$` from Moodle is display math when alone in its paragraph, inline otherwise. */
function settleDollars(block: string): string {
  const alone = /^\uE000([^\uE000]*)\uE000$/.exec(block.trim());
  if (alone) return `$$${alone[1]}$$`;
  return block.replace(/\uE000([^\uE000]*)\uE000/g, (_, t: string) => `$${t}$`);
}

/** One line of plain text (a Moodle matching answer) as markup. */
export const textToMarkup = (text: string): string => settleDollars(textToMarkupRaw(text));

class Converter {
  blocks: string[] = [];
  line = "";
  opts: HtmlToMarkupOptions;
  constructor(opts: HtmlToMarkupOptions) {
    this.opts = opts;
  }

  flush(): void {
    const block = settleDollars(this.line.replace(/[ \t]+/g, " ").trim());
    if (block) this.blocks.push(block);
    this.line = "";
  }

  /** Inline content of nodes as one markup line. */
  inline(nodes: XNode[]): string {
    let out = "";
    for (const n of nodes) {
      if (typeof n === "string") {
        out += textToMarkupRaw(n.replace(/\s+/g, " "));
        continue;
      }
      if (DROP.has(n.name)) continue;
      switch (n.name) {
        case "b":
        case "strong":
          out += wrap("**", this.inline(n.children));
          break;
        case "i":
        case "em":
          out += wrap("*", this.inline(n.children));
          break;
        case "sup":
        case "sub": {
          const t = plain(n).trim();
          if (t && /^[\w+\-−.,=()']+$/u.test(t)) out += `$${n.name === "sup" ? "^" : "_"}{${t}}$`;
          else out += this.inline(n.children);
          break;
        }
        case "img":
          out += this.opts.image(n.attrs.src ?? "", (n.attrs.alt ?? "").trim());
          break;
        case "br":
          out += " ";
          break;
        default:
          // A paragraph inside a list item or a cell reads as a sentence of its own.
          out += BLOCKS.has(n.name) ? ` ${this.inline(n.children)} ` : this.inline(n.children);
      }
    }
    return out;
  }

  block(nodes: XNode[]): void {
    for (const n of nodes) {
      if (typeof n === "string" || !isElement(n)) {
        this.line += this.startText(this.inline([n]));
        continue;
      }
      if (DROP.has(n.name)) continue;
      if (n.name === "br") {
        this.flush();
      } else if (n.name === "ul" || n.name === "ol") {
        this.flush();
        const items = listItems(n).map((li) => this.inline(li.children).replace(/\s+/g, " ").trim());
        const lines = items
          .filter(Boolean)
          .map((t, i) => `${n.name === "ol" ? `${i + 1}.` : "-"} ${settleDollars(t)}`);
        if (lines.length) this.blocks.push(lines.join("\n"));
      } else if (n.name === "table") {
        this.flush();
        const table = this.table(n);
        if (table) this.blocks.push(table);
      } else if (BLOCKS.has(n.name)) {
        this.flush();
        this.block(n.children);
        this.flush();
      } else {
        this.line += this.startText(this.inline([n]));
      }
    }
  }

  startText(s: string): string {
    return this.line.trim() === "" ? escapeStart(s.replace(/^\s+/, "")) : s;
  }

  table(el: XElement): string {
    const rows = rowsOf(el).map((tr) =>
      kids(tr)
        .filter((c) => c.name === "td" || c.name === "th")
        .map((c) => settleDollars(this.inline(c.children).replace(/\s+/g, " ").trim()) || " "),
    );
    const width = Math.max(0, ...rows.map((r) => r.length));
    if (!width) return "";
    const fit = (r: string[]) => `| ${[...r, ...Array<string>(width - r.length).fill(" ")].join(" | ")} |`;
    return [fit(rows[0]!), `|${" --- |".repeat(width)}`, ...rows.slice(1).map(fit)].join("\n");
  }
}

function wrap(mark: string, inner: string): string {
  const t = inner.trim();
  if (!t) return inner;
  const lead = inner.match(/^\s*/)![0];
  const tail = inner.match(/\s*$/)![0];
  return `${lead}${mark}${t}${mark}${tail}`;
}

function plain(el: XElement): string {
  return el.children.map((c) => (typeof c === "string" ? c : plain(c))).join("");
}

/** `<li>`s of a list, nested lists flattened into it. */
function listItems(list: XElement): XElement[] {
  const out: XElement[] = [];
  for (const li of kids(list, "li")) {
    const nested = kids(li).filter((c) => c.name === "ul" || c.name === "ol");
    out.push({ ...li, children: li.children.filter((c) => !nested.includes(c as XElement)) });
    for (const n of nested) out.push(...listItems(n));
  }
  return out;
}

function rowsOf(el: XElement): XElement[] {
  return kids(el).flatMap((c) =>
    c.name === "tr" ? [c] : ["thead", "tbody", "tfoot"].includes(c.name) ? rowsOf(c) : [],
  );
}

/** An HTML fragment (a string, or nodes already parsed) as markup. */
export function htmlToMarkup(html: string | XNode[], opts: HtmlToMarkupOptions): string {
  const c = new Converter(opts);
  c.block(typeof html === "string" ? parseHtml(html) : html);
  c.flush();
  return c.blocks.join("\n\n");
}

/** Plain text (Moodle's plain and auto formats): lines kept as paragraphs, TeX converted. */
export function plainToMarkup(text: string): string {
  return text
    .split(/\r?\n\s*\r?\n|\r?\n/)
    .map((l) => settleDollars(escapeStart(textToMarkupRaw(l.trim()))))
    .filter(Boolean)
    .join("\n\n");
}

// ---- markup → HTML (export) ----

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };
const escHtml = (s: string) => s.replace(/[&<>"]/g, (c) => HTML_ESCAPES[c]!);

export interface MarkupToHtmlOptions {
  /** The `src` of an image referenced from markup by `url` (`embedded:0` → `@@PLUGINFILE@@/a.png`). */
  imageSrc(url: string): string;
  /** `<br/>`, `<img …/>`: XHTML for QTI. */
  xhtml?: boolean;
}

/** Inline markup as HTML: escapes, math as `\(…\)` / `\[…\]`, images, bold, italic. */
function inlineHtml(s: string, o: MarkupToHtmlOptions): string {
  let out = "";
  let i = 0;
  while (i < s.length) {
    const rest = s.slice(i);
    let m: RegExpExecArray | null;
    if (rest[0] === "\\" && rest.length > 1 && /[!-/:-@[-`{-~]/.test(rest[1]!)) {
      out += escHtml(rest[1]!);
      i += 2;
    } else if ((m = /^\$\$((?:[^$\\]|\\[\s\S])+?)\$\$/.exec(rest))) {
      out += `\\[${escHtml(m[1]!)}\\]`;
      i += m[0].length;
    } else if ((m = /^\$((?:[^$\\]|\\[\s\S])+?)\$/.exec(rest))) {
      out += `\\(${escHtml(m[1]!)}\\)`;
      i += m[0].length;
    } else if ((m = /^!\[((?:[^\]\\]|\\.)*)\]\(([^)\s]+)\)/.exec(rest))) {
      const alt = m[1]!.replace(/\\(.)/g, "$1");
      out += `<img src="${escHtml(o.imageSrc(m[2]!))}" alt="${escHtml(alt)}"${o.xhtml ? "/" : ""}>`;
      i += m[0].length;
    } else if ((m = /^\*\*((?:[^*\\]|\\.|\*(?!\*))+?)\*\*/.exec(rest))) {
      out += `<strong>${inlineHtml(m[1]!, o)}</strong>`;
      i += m[0].length;
    } else if (
      (m = /^\*((?:[^*\\]|\\.)+?)\*/.exec(rest)) ??
      (m = /^_((?:[^_\\]|\\.)+?)_(?![\p{L}\p{N}])/u.exec(rest))
    ) {
      out += `<em>${inlineHtml(m[1]!, o)}</em>`;
      i += m[0].length;
    } else if (rest[0] === "\n") {
      out += " ";
      i += 1;
    } else {
      const next = rest.slice(1).search(/[\\$!*_\n]/);
      const take = next < 0 ? rest.length : next + 1;
      out += escHtml(rest.slice(0, take));
      i += take;
    }
  }
  return out;
}

const LIST_LINE = /^\s*(?:[-*+]|(\d+)[.)])\s+(.*)$/;
const splitRow = (line: string) =>
  line
    .trim()
    .replace(/^\|/, "")
    .replace(/(?<!\\)\|$/, "")
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());

/** Markup (paragraphs, lists, tables, display math, inline marks) as an HTML fragment. */
export function markupToHtml(markup: string, o: MarkupToHtmlOptions): string {
  const blocks = markup
    .replace(/\r\n?/g, "\n")
    .split(/\n[ \t]*\n/)
    .map((b) => b.trim())
    .filter(Boolean);
  return blocks
    .map((b) => {
      const lines = b.split("\n");
      if (lines.every((l) => LIST_LINE.test(l))) {
        const tag = LIST_LINE.exec(lines[0]!)![1] ? "ol" : "ul";
        return `<${tag}>${lines.map((l) => `<li>${inlineHtml(LIST_LINE.exec(l)![2]!, o)}</li>`).join("")}</${tag}>`;
      }
      if (lines.length >= 2 && lines[0]!.trim().startsWith("|") && /^\s*\|?[\s:|-]+\|?\s*$/.test(lines[1]!)) {
        const [head, , ...body] = lines;
        const row = (l: string, cell: string) =>
          `<tr>${splitRow(l)
            .map((c) => `<${cell}>${inlineHtml(c, o)}</${cell}>`)
            .join("")}</tr>`;
        return `<table><thead>${row(head!, "th")}</thead><tbody>${body.map((l) => row(l, "td")).join("")}</tbody></table>`;
      }
      return `<p>${inlineHtml(b, o)}</p>`;
    })
    .join("");
}

/** Markup as plain text, for fields Moodle shows as plain text (matching answers): math as `\(…\)`. */
export function markupToPlain(markup: string): string {
  return markup
    .replace(
      /\\([!-/:-@[-`{-~])|\$\$((?:[^$\\]|\\[\s\S])+?)\$\$|\$((?:[^$\\]|\\[\s\S])+?)\$|!\[((?:[^\]\\]|\\.)*)\]\([^)\s]+\)|\*\*|\*/g,
      (_, e?: string, display?: string, inline?: string, alt?: string) =>
        e ??
        (display !== undefined
          ? `\\[${display}\\]`
          : inline !== undefined
            ? `\\(${inline}\\)`
            : (alt?.replace(/\\(.)/g, "$1") ?? "")),
    )
    .replace(/\s+/g, " ")
    .trim();
}

const MEDIA_URL = /^\/api\/v1\/media\/[0-9a-f]{64}$/;
/** An image already stored on this server (an earlier export of ours) is kept as it is. */
export function storedMedia(src: string, alt: string): string | undefined {
  return MEDIA_URL.test(src) ? `![${alt.replace(/[\\[\]]/g, (c) => `\\${c}`)}](${src})` : undefined;
}
