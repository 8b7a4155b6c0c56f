import { useEffect, useMemo, useState } from "react";
import { uzLetters } from "../i18n/format.ts";
import type { MarkupRenderer } from "./markup.ts";

let loading: Promise<MarkupRenderer> | null = null;
let loaded: MarkupRenderer | null = null;

/**
 * Starts downloading the renderer chunk (markdown-it, KaTeX, DOMPurify, KaTeX's CSS). The exam room
 * calls it as it opens, so the chunk arrives while the socket connects and the attempt starts.
 */
export function preloadRichText(): Promise<MarkupRenderer> {
  loading ??= import("./renderer-chunk.ts").then(
    (m) => (loaded = m.browserRenderer()),
    (err: unknown) => {
      // A failed download (offline, a stale deploy) may be retried by the next RichText.
      loading = null;
      throw err;
    },
  );
  return loading;
}

// Texts come back as the student moves between questions: each is rendered once per page.
const CACHE_LIMIT = 1000;
const cache = new Map<string, string>();

function rendered(renderer: MarkupRenderer, text: string, inline: boolean): string {
  const key = `${inline ? "i" : "b"}:${text}`;
  let html = cache.get(key);
  if (html === undefined) {
    html = inline ? renderer.inline(text) : renderer.block(text);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, html);
  }
  return html;
}

function useRenderer(): MarkupRenderer | null {
  const [renderer, setRenderer] = useState(loaded);
  useEffect(() => {
    if (renderer) return;
    let live = true;
    preloadRichText().then(
      (r) => live && setRenderer(r),
      () => {}, // the plain text stays on screen
    );
    return () => {
      live = false;
    };
  }, [renderer]);
  return renderer;
}

/**
 * A stem, option or explanation in the documented markup (docs/authoring.md), rendered to
 * sanitised HTML: formulas by KaTeX, figures from our media store, never raw HTML. `inline` for a
 * single line (options); block for everything else. Until the renderer has loaded the text shows
 * as typed.
 */
export function RichText(props: { text: string; inline?: boolean; className?: string }) {
  const { text, inline = false } = props;
  const renderer = useRenderer();
  const html = useMemo(() => (renderer ? rendered(renderer, text, inline) : null), [renderer, text, inline]);
  const Tag = inline ? "span" : "div";
  const className = props.className ? `rich ${props.className}` : "rich";
  if (html === null) return <Tag className={`${className} rich-pending`}>{uzLetters(text)}</Tag>;
  return <Tag className={className} dangerouslySetInnerHTML={{ __html: html }} />;
}
