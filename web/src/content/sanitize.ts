import type { Config, DOMPurify } from "dompurify";

/** The only image source markup may name: a figure of our own media store, by content hash. */
export const MEDIA_SRC = /^\/api\/v1\/media\/[0-9a-f]{64}$/;

// What our markdown subset and KaTeX produce, nothing more: no links, forms, frames, style
// sheets, <use>/<image>/<foreignObject> (SVG's ways to pull in outside content), no scripts.
const HTML_TAGS = ["p", "br", "strong", "em", "ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td"];
const MORE_HTML = ["code", "img", "span", "div"];
const SVG_TAGS = ["svg", "path", "line", "g"];
const MATHML_TAGS = [
  "math",
  "semantics",
  "annotation",
  "mrow",
  "mi",
  "mn",
  "mo",
  "ms",
  "mtext",
  "mspace",
  "msup",
  "msub",
  "msubsup",
  "mfrac",
  "msqrt",
  "mroot",
  "mover",
  "munder",
  "munderover",
  "mtable",
  "mtr",
  "mtd",
  "mpadded",
  "mphantom",
  "mstyle",
  "menclose",
  "mglyph",
];
const ATTRIBUTES = [
  // HTML: markdown's table alignment and images, KaTeX's layout.
  "class",
  "style",
  "aria-hidden",
  "title",
  "src",
  "alt",
  "width",
  "height",
  "start",
  // SVG (KaTeX draws roots, arrows and braces)
  "xmlns",
  "viewbox",
  "preserveaspectratio",
  "d",
  "x1",
  "x2",
  "y1",
  "y2",
  "stroke-width",
  // MathML (KaTeX's accessible copy)
  "display",
  "encoding",
  "mathvariant",
  "stretchy",
  "fence",
  "separator",
  "lspace",
  "rspace",
  "minsize",
  "maxsize",
  "movablelimits",
  "accent",
  "accentunder",
  "linethickness",
  "columnalign",
  "columnspacing",
  "columnlines",
  "rowspacing",
  "rowlines",
  "scriptlevel",
  "displaystyle",
  "mathcolor",
  "mathbackground",
  "notation",
  "depth",
  "voffset",
  "lquote",
  "rquote",
];

const CONFIG: Config = {
  // "#text": DOMPurify keeps text nodes by itself only with KEEP_CONTENT.
  ALLOWED_TAGS: ["#text", ...HTML_TAGS, ...MORE_HTML, ...SVG_TAGS, ...MATHML_TAGS],
  ALLOWED_ATTR: ATTRIBUTES,
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  // An unknown element goes with its content, so nothing it held leaks out as stray text or markup.
  KEEP_CONTENT: false,
};

/**
 * An allow-list sanitiser for what RichText shows: the tags and attributes of our markdown subset
 * and of KaTeX's HTML, SVG and MathML output, images only from our media URLs. The renderer never
 * emits anything else (raw HTML is off, KaTeX's `trust` is off); this is the second wall.
 */
export function createSanitizer(purify: DOMPurify): (html: string) => string {
  if (!purify.isSupported) throw new Error("DOMPurify needs a DOM (window) to sanitise");
  purify.addHook("afterSanitizeAttributes", (node) => {
    if (node.nodeName !== "IMG") return;
    // DOMPurify lets safe URLs (and data: images) through; ours are only our own media URLs.
    if (!MEDIA_SRC.test(node.getAttribute("src") ?? "")) node.remove();
    else node.setAttribute("loading", "lazy");
  });
  return (html) => purify.sanitize(html, CONFIG) as string;
}
