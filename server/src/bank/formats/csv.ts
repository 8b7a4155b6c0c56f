import { BankFileError, checkItem, type BankItem, type BankLimits, type ReadResult } from "../types.ts";

/**
 * CSV ⇄ bank items: today's columns (`kind, stem, a…j, correct`, see the admin import page) extended
 * with the new kinds. One row per question; header names in any case and order.
 * - single / multiple: options in `a`…`j`, `correct` = letters (`b`, `a|c`).
 * - numeric: `answer` (a number, `.` or `,`), `tolerance` (absolute, optional).
 * - short_text: `accepted` = answers separated by `|` (`\|` for a literal bar).
 * - matching: `a`…`j` each `left => right`; `=> right` alone is an extra right-hand item.
 * - any kind: `explanation`, `difficulty` (easy | medium | hard), `topic` (`Algebra/Kvadrat tenglamalar`,
 *   `//` for a literal slash). A `subject` column is ignored: the import's subject decides.
 */

const LETTERS = "abcdefghij".split("");
export const CSV_COLUMNS = [
  "kind",
  "stem",
  ...LETTERS,
  "correct",
  "answer",
  "tolerance",
  "accepted",
  "explanation",
  "difficulty",
  "topic",
];

/** RFC 4180: quoted fields, doubled quotes, newlines inside quotes; `,` or `;` picked from the header. */
export function parseCsv(text: string): string[][] {
  const src = text.replace(/^\uFEFF/, "");
  const firstLine = src.split(/\r?\n/, 1)[0] ?? "";
  const sep = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ";" : ",";
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  const endRow = () => {
    row.push(field);
    if (row.some((f) => f.trim() !== "")) rows.push(row);
    row = [];
    field = "";
  };
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === "") quoted = true;
    else if (ch === sep) {
      row.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && src[i + 1] === "\n") i++;
      endRow();
    } else field += ch;
  }
  if (quoted) throw new BankFileError("csv_quote", "the CSV file ends inside a quoted field");
  endRow();
  return rows;
}

const splitUnescaped = (s: string, sep: string) =>
  s
    .split(new RegExp(`(?<!\\\\)\\${sep}`))
    .map((p) => p.replaceAll(`\\${sep}`, sep).trim())
    .filter(Boolean);

export function topicFromText(s: string): string[] {
  return s
    .replaceAll("//", "\u0000")
    .split("/")
    .map((p) => p.replaceAll("\u0000", "/").trim())
    .filter(Boolean);
}
export const topicToText = (path: readonly string[]) => path.map((p) => p.replaceAll("/", "//")).join("/");

/** A spreadsheet runs a cell starting with = + - @ as a formula: exports prefix `'`, imports drop it. */
const FORMULA = /^[=+\-@\t\r]/;
const unguard = (s: string) => (s.startsWith("'") && FORMULA.test(s.slice(1)) ? s.slice(1) : s);

export function readCsv(text: string, limits: BankLimits): ReadResult {
  const [header, ...body] = parseCsv(text);
  if (!header) throw new BankFileError("csv_empty", "the CSV file is empty");
  const cols = header.map((h) =>
    h
      .trim()
      .toLowerCase()
      .replace(/^option[_ ]?/, ""),
  );
  if (!cols.includes("stem")) throw new BankFileError("csv_no_stem", 'the CSV header has no "stem" column');
  if (body.length > limits.maxItems)
    throw new BankFileError("too_many_items", `the file has more than ${limits.maxItems} rows`, {
      max: String(limits.maxItems),
    });
  const result: ReadResult = { items: [], rejected: [] };
  body.forEach((cells, index) => {
    const get = (name: string) => {
      const at = cols.indexOf(name);
      return at >= 0 ? unguard((cells[at] ?? "").trim()) : "";
    };
    const cellsOf = LETTERS.map((l) => ({ id: l, text: get(l) })).filter((o) => o.text !== "");
    const correct = get("correct")
      .toLowerCase()
      .split(/[\s|;,]+/)
      .filter(Boolean);
    const kind =
      get("kind").toLowerCase() ||
      (get("answer")
        ? "numeric"
        : get("accepted")
          ? "short_text"
          : correct.length > 1
            ? "multiple"
            : "single");
    const common = {
      stem: get("stem"),
      ...(get("explanation") ? { explanation: get("explanation") } : {}),
      ...(get("difficulty") ? { difficulty: get("difficulty").toLowerCase() } : {}),
      ...(topicFromText(get("topic")).length ? { topicPath: topicFromText(get("topic")) } : {}),
    };
    let raw: Record<string, unknown>;
    if (kind === "numeric") {
      const num = (s: string) => (s === "" ? undefined : Number(s.replace(",", ".")));
      const value = num(get("answer"));
      const tolerance = num(get("tolerance"));
      raw = {
        kind,
        ...common,
        answer: { value: value ?? Number.NaN, ...(tolerance !== undefined ? { tolerance } : {}) },
      };
      if (value === undefined || Number.isNaN(value)) {
        result.rejected.push({
          index,
          reason: `answer: "${get("answer")}" is not a number`,
          code: "not_a_number",
          params: { value: get("answer") },
        });
        return;
      }
    } else if (kind === "short_text") {
      raw = { kind, ...common, accepted: splitUnescaped(get("accepted"), "|") };
    } else if (kind === "matching") {
      const left: { id: string; text: string }[] = [];
      const right: { id: string; text: string }[] = [];
      const pairs: [string, string][] = [];
      for (const cell of cellsOf) {
        const at = cell.text.search(/(?<!\\)=>/);
        const l = at >= 0 ? cell.text.slice(0, at).trim() : cell.text;
        const r = at >= 0 ? cell.text.slice(at + 2).trim() : "";
        let ref = right.find((x) => x.text === r);
        if (!ref && r) right.push((ref = { id: `r${right.length + 1}`, text: r }));
        if (!l) continue;
        const id = `l${left.length + 1}`;
        left.push({ id, text: l });
        if (ref) pairs.push([id, ref.id]);
      }
      raw = { kind, ...common, left, right, pairs };
    } else {
      raw = { kind, ...common, options: cellsOf, correct };
    }
    const checked = checkItem(raw, index, undefined);
    if (checked.ok) result.items.push(checked.value);
    else result.rejected.push(checked.value);
  });
  return result;
}

function csvCell(s: string): string {
  const guarded = FORMULA.test(s) ? `'${s}` : s;
  return /[",;\r\n]|^\s|\s$/.test(guarded) ? `"${guarded.replaceAll('"', '""')}"` : guarded;
}

/** Items as CSV (UTF-8 with a BOM, so spreadsheets read Uzbek and Russian letters right). */
export function writeCsv(items: readonly BankItem[]): string {
  const lines = [CSV_COLUMNS.join(",")];
  for (const item of items) {
    if (item.images?.length) throw new Error("CSV cannot carry embedded images");
    const row: Record<string, string> = {
      kind: item.kind,
      stem: item.stem,
      explanation: item.explanation ?? "",
      difficulty: item.difficulty ?? "",
      topic: topicToText(item.topicPath ?? []),
    };
    switch (item.kind) {
      case "single":
      case "multiple": {
        // Options become letters in order; the correct ones follow them.
        item.options.forEach((o, i) => (row[LETTERS[i]!] = o.text));
        row.correct = item.correct.map((c) => LETTERS[item.options.findIndex((o) => o.id === c)]).join("|");
        break;
      }
      case "numeric":
        row.answer = String(item.answer.value);
        row.tolerance = item.answer.tolerance ? String(item.answer.tolerance) : "";
        break;
      case "short_text":
        row.accepted = item.accepted.map((a) => a.replaceAll("|", "\\|")).join("|");
        break;
      case "matching": {
        const cells = item.pairs.map(
          ([l, r]) =>
            `${item.left.find((x) => x.id === l)!.text} => ${item.right.find((x) => x.id === r)!.text}`,
        );
        const paired = new Set(item.pairs.map(([, r]) => r));
        cells.push(...item.right.filter((r) => !paired.has(r.id)).map((r) => `=> ${r.text}`));
        cells.forEach((c, i) => (row[LETTERS[i]!] = c));
        break;
      }
    }
    lines.push(CSV_COLUMNS.map((c) => csvCell(row[c] ?? "")).join(","));
  }
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}
