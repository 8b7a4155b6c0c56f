import { questionInput } from "@imtihon/client-sdk/protocol";
import type { z } from "zod";
import type { Issue } from "../../i18n/errors.ts";

export type QuestionInput = z.output<typeof questionInput>;

/** What is wrong with a row: our own checks by kind (translated on screen), the schema's as written. */
export type ImportIssue =
  | { kind: "schema"; path: string; message: string; issue: Issue }
  | { kind: "subjectMissing" }
  | { kind: "subjectUnknown"; subject: string }
  | { kind: "json"; message: string }
  | { kind: "jsonShape" }
  | { kind: "notObject" };

export interface ImportRow {
  /** Line in the CSV file (header is line 1) or position in the JSON array (from 1). */
  line: number;
  value?: QuestionInput;
  /** Stem as typed, for the preview even when the row is invalid. */
  stem: string;
  errors: ImportIssue[];
}

export interface SubjectRef {
  id: string;
  code: string;
}

const OPTION_LETTERS = "abcdefghij".split("");
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** RFC 4180 CSV: quoted fields, doubled quotes, newlines inside quotes; `,` or `;` (picked from the header). */
export function parseCsv(text: string): { rows: string[][]; lines: number[] } {
  const src = text.replace(/^\uFEFF/, "");
  const firstLine = src.split(/\r?\n/, 1)[0] ?? "";
  const sep = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ";" : ",";
  const rows: string[][] = [];
  const lines: number[] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === "\n") line++;
        field += ch;
      }
    } else if (ch === '"' && field === "") quoted = true;
    else if (ch === sep) {
      row.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && src[i + 1] === "\n") i++;
      row.push(field);
      if (row.some((f) => f.trim() !== "")) {
        rows.push(row);
        lines.push(rowLine);
      }
      row = [];
      field = "";
      line++;
      rowLine = line;
    } else field += ch;
  }
  row.push(field);
  if (row.some((f) => f.trim() !== "")) {
    rows.push(row);
    lines.push(rowLine);
  }
  return { rows, lines };
}

function resolveSubject(
  raw: string,
  subjects: SubjectRef[],
  fallback: string | undefined,
): string | undefined {
  const v = raw.trim();
  if (!v) return fallback;
  if (UUID.test(v)) return v;
  return subjects.find((s) => s.code.toLowerCase() === v.toLowerCase())?.id;
}

/** The schema's issues; a missing subject is already reported by its own kind. */
function issuesOf(result: ReturnType<typeof questionInput.safeParse>, subjectKnown: boolean): ImportIssue[] {
  if (result.success) return [];
  return result.error.issues
    .filter((i) => subjectKnown || i.path[0] !== "subjectId")
    .map((i) => ({
      kind: "schema",
      path: i.path.join("."),
      message: i.message,
      issue: { ...i, path: i.path as (string | number)[] },
    }));
}

function subjectIssue(raw: string): ImportIssue {
  return raw ? { kind: "subjectUnknown", subject: raw } : { kind: "subjectMissing" };
}

/**
 * CSV columns (header names, any case): `subject` (code or id; optional when a default subject is
 * chosen), `kind` (single | multiple; guessed from `correct` when empty), `stem`, `a`…`j` (options),
 * `correct` (option letters separated by `|`, space, or the other separator: `b` or `a|c`).
 */
export function rowsFromCsv(text: string, subjects: SubjectRef[], defaultSubjectId?: string): ImportRow[] {
  const { rows, lines } = parseCsv(text);
  const [header, ...body] = rows;
  if (!header) return [];
  const cols = header.map((h) =>
    h
      .trim()
      .toLowerCase()
      .replace(/^option[_ ]?/, ""),
  );
  const col = (name: string) => cols.indexOf(name);
  return body.map((cells, i) => {
    const line = lines[i + 1]!;
    const get = (name: string) => (col(name) >= 0 ? (cells[col(name)] ?? "").trim() : "");
    const errors: ImportIssue[] = [];
    const subjectRaw = get("subject");
    const subjectId = resolveSubject(subjectRaw, subjects, defaultSubjectId);
    if (!subjectId) errors.push(subjectIssue(subjectRaw));
    const options = OPTION_LETTERS.filter((l) => get(l) !== "").map((l) => ({ id: l, text: get(l) }));
    const correct = get("correct")
      .toLowerCase()
      .split(/[\s|;,]+/)
      .filter(Boolean);
    const kind = get("kind").toLowerCase() || (correct.length > 1 ? "multiple" : "single");
    const candidate = { subjectId: subjectId ?? "", kind, stem: get("stem"), options, correct };
    const parsed = questionInput.safeParse(candidate);
    errors.push(...issuesOf(parsed, !!subjectId));
    return {
      line,
      stem: get("stem"),
      errors,
      value: errors.length === 0 && parsed.success ? parsed.data : undefined,
    };
  });
}

/** JSON: an array of questions, or `{ items: [...] }`; `subject` (code) may stand for `subjectId`. */
export function rowsFromJson(text: string, subjects: SubjectRef[], defaultSubjectId?: string): ImportRow[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return [
      {
        line: 0,
        stem: "",
        errors: [{ kind: "json", message: err instanceof Error ? err.message : String(err) }],
      },
    ];
  }
  const items = Array.isArray(data) ? data : (data as { items?: unknown })?.items;
  if (!Array.isArray(items)) return [{ line: 0, stem: "", errors: [{ kind: "jsonShape" }] }];
  return items.map((raw: unknown, i) => {
    const line = i + 1;
    if (typeof raw !== "object" || raw === null) return { line, stem: "", errors: [{ kind: "notObject" }] };
    const { subject, ...rest } = raw as Record<string, unknown>;
    const errors: ImportIssue[] = [];
    let subjectId = typeof rest.subjectId === "string" ? rest.subjectId : undefined;
    if (!subjectId) {
      subjectId = resolveSubject(typeof subject === "string" ? subject : "", subjects, defaultSubjectId);
      if (!subjectId)
        errors.push(
          subjectIssue(typeof subject === "string" ? subject : subject ? JSON.stringify(subject) : ""),
        );
    }
    const parsed = questionInput.safeParse({ ...rest, subjectId: subjectId ?? "" });
    errors.push(...issuesOf(parsed, !!subjectId));
    const stem = typeof rest.stem === "string" ? rest.stem : "";
    return { line, stem, errors, value: errors.length === 0 && parsed.success ? parsed.data : undefined };
  });
}

export function rowsFromFile(
  name: string,
  text: string,
  subjects: SubjectRef[],
  defaultSubjectId?: string,
): ImportRow[] {
  const looksJson = /\.json$/i.test(name) || /^\s*[[{]/.test(text);
  return looksJson
    ? rowsFromJson(text, subjects, defaultSubjectId)
    : rowsFromCsv(text, subjects, defaultSubjectId);
}
