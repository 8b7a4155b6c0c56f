import type { MarkdownIt, StateBlock, StateInline } from "markdown-it";

const DOLLAR = 0x24;
const SPACE = /\s/;
const WORD = /[\p{L}\p{N}]/u;

/** A `$` preceded by an odd number of backslashes is a literal dollar inside the formula. */
function escaped(src: string, pos: number): boolean {
  let n = 0;
  while (src.charCodeAt(pos - 1 - n) === 0x5c) n++;
  return n % 2 === 1;
}

/**
 * `$…$` (inline) and `$$…$$` (display, inside a line): pandoc's rules, so prices and stray dollars
 * stay text. The opening `$` must touch its formula and not follow a letter or digit ("5$" is not
 * an opening); the closing `$` must touch it too and not be followed by a digit ("$5 and $6").
 */
function mathInline(state: StateInline, silent: boolean): boolean {
  const src = state.src;
  const start = state.pos;
  if (src.charCodeAt(start) !== DOLLAR) return false;
  const display = src.charCodeAt(start + 1) === DOLLAR;
  const delimiter = display ? "$$" : "$";
  const from = start + delimiter.length;
  const first = src[from];
  const before = src[start - 1];
  if (first === undefined || SPACE.test(first) || first === "$") return false;
  if (!display && before !== undefined && WORD.test(before)) return false;
  let end = from;
  for (;;) {
    end = src.indexOf(delimiter, end);
    if (end === -1 || end >= state.posMax) return false;
    const last = src[end - 1] ?? "";
    const after = src[end + delimiter.length];
    const closes =
      !escaped(src, end) && !SPACE.test(last) && (display || after === undefined || !/\d/.test(after));
    if (closes) break;
    end += 1;
  }
  if (!silent) {
    const token = state.push(display ? "math_display" : "math_inline", "math", 0);
    token.content = src.slice(from, end);
    token.markup = delimiter;
  }
  state.pos = end + delimiter.length;
  return true;
}

/** A paragraph of its own that starts with `$$` and ends with `$$` (one line or several). */
function mathBlock(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  const begin = state.bMarks[startLine]! + state.tShift[startLine]!;
  if (state.sCount[startLine]! - state.blkIndent >= 4) return false;
  if (!state.src.startsWith("$$", begin)) return false;
  const firstLine = state.src.slice(begin + 2, state.eMarks[startLine]).trimEnd();
  let last = startLine;
  if (firstLine.endsWith("$$") && firstLine.length > 2) {
    // `$$x$$` alone on its line; "$$x$$ and text" is a paragraph with display math inside it.
    if (firstLine.slice(0, -2).includes("$$")) return false;
  } else {
    if (firstLine.includes("$$")) return false;
    let found = false;
    for (let line = startLine + 1; line < endLine; line++) {
      const s = state.bMarks[line]! + state.tShift[line]!;
      const e = state.eMarks[line]!;
      if (s < e && state.sCount[line]! < state.blkIndent) break;
      const text = state.src.slice(s, e).trimEnd();
      if (text.includes("$$")) {
        if (!text.endsWith("$$") || text.slice(0, -2).includes("$$")) return false;
        last = line;
        found = true;
        break;
      }
    }
    if (!found) return false;
  }
  const close = state.src.slice(0, state.eMarks[last]).trimEnd().length - 2;
  const content = state.src.slice(begin + 2, close);
  if (content.trim() === "") return false;
  if (silent) return true;
  state.line = last + 1;
  const token = state.push("math_block", "math", 0);
  token.block = true;
  token.content = content;
  token.markup = "$$";
  token.map = [startLine, state.line];
  return true;
}

/**
 * Adds TeX math to markdown-it: `$…$` inline, `$$…$$` displayed (its own block, or inside a line).
 * `render(tex, display)` returns the formula's HTML; it must never throw.
 */
export function mathPlugin(md: MarkdownIt, render: (tex: string, display: boolean) => string): void {
  md.inline.ruler.after("escape", "math_inline", mathInline);
  md.block.ruler.before("paragraph", "math_block", mathBlock, { alt: ["paragraph", "list"] });
  md.renderer.rules.math_inline = (tokens, i) => render(tokens[i]!.content, false);
  md.renderer.rules.math_display = (tokens, i) =>
    `<span class="math-display">${render(tokens[i]!.content, true)}</span>`;
  md.renderer.rules.math_block = (tokens, i) =>
    `<div class="math-display">${render(tokens[i]!.content, true)}</div>\n`;
}
