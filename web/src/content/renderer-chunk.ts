// The lazily loaded half of RichText: markdown-it, KaTeX (with mhchem), DOMPurify and KaTeX's CSS
// and fonts, served from our own build. Pages without formulas never download it.
import "katex/dist/katex.min.css";

export { browserRenderer } from "./markup.ts";
