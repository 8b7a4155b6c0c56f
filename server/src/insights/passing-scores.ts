import {
  STUDY_FORMS,
  STUDY_LANGUAGES,
  type ImportPassingScoresResult,
  type PassingScore,
  type PassingScoreRowError,
  type StudyForm,
  type StudyLanguage,
} from "@imtihon/client-sdk/protocol";
import type { Database } from "@imtihon/db";
import { sql, type Kysely } from "kysely";
import { notFound } from "../errors.ts";
import { toPoints } from "../exam/points.ts";
import { parseCsv } from "./csv.ts";

type RowError = ImportPassingScoresResult["errors"][number];

/** Header names (any case) and the Uzbek ones an admissions office's sheet may carry. */
const COLUMNS = {
  year: ["year", "yil"],
  university: ["university", "universitet", "oliygoh"],
  direction: ["direction", "yonalish", "yo'nalish", "yoʻnalish"],
  form: ["form", "shakl", "talim_shakli"],
  language: ["language", "til"],
  grant: ["grant"],
  contract: ["contract", "kontrakt"],
} as const;
type Column = keyof typeof COLUMNS;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A DTM score: 0..189 with at most two decimals, `.` or `,` as the decimal mark. */
const SCORE = /^\d{1,3}([.,]\d{1,2})?$/;

interface ValidRow {
  line: number;
  year: number;
  university: string;
  directionId: string;
  form: StudyForm;
  language: StudyLanguage;
  /** Hundredths, null: no places of that kind. */
  grant: number | null;
  contract: number | null;
}

/**
 * Imports passing scores from CSV. Every row is checked on its own; a row with any error is reported
 * (each problem with its line and column) and nothing of it is stored. The valid rows are stored in
 * one statement, an upsert on (direction, year, university, form, language) that touches a row only
 * when its figures differ, so importing the same file again changes nothing.
 */
export async function importPassingScores(
  db: Kysely<Database>,
  csv: string,
): Promise<ImportPassingScoresResult> {
  const [header, ...rows] = parseCsv(csv);
  const result: ImportPassingScoresResult = {
    rows: rows.length,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    errors: [],
  };
  if (!header) return { ...result, errors: [rowError(1, "header", null, null)] };
  const names = header.cells.map((c) => c.trim().toLowerCase().replace(/\s+/g, "_"));
  const index = {} as Record<Column, number>;
  for (const col of Object.keys(COLUMNS) as Column[]) {
    index[col] = names.findIndex((n) => (COLUMNS[col] as readonly string[]).includes(n));
    if (index[col] < 0) result.errors.push(rowError(header.line, "header", col, null));
  }
  if (result.errors.length) return result;

  const directions = await db.selectFrom("directions").select(["id", "code"]).execute();
  const byCode = new Map(directions.map((d) => [d.code.toLowerCase(), d.id]));
  const ids = new Set(directions.map((d) => d.id));
  const seen = new Map<string, number>();
  const valid: ValidRow[] = [];

  for (const { cells, line } of rows) {
    const errors: RowError[] = [];
    const get = (col: Column) => (cells[index[col]] ?? "").trim();
    if (cells.length > names.length && cells.slice(names.length).some((c) => c.trim() !== ""))
      errors.push(rowError(line, "columns", null, String(cells.length)));

    const yearText = get("year");
    const year = /^\d{4}$/.test(yearText) ? Number(yearText) : Number.NaN;
    if (!(year >= 2000 && year <= 2100)) errors.push(rowError(line, "year", "year", yearText));

    const university = get("university").replace(/\s+/g, " ");
    if (university.length < 1 || university.length > 300)
      errors.push(rowError(line, "university", "university", university));

    const directionText = get("direction");
    const directionId = UUID.test(directionText)
      ? ids.has(directionText.toLowerCase())
        ? directionText.toLowerCase()
        : undefined
      : byCode.get(directionText.toLowerCase());
    if (!directionId) errors.push(rowError(line, "direction", "direction", directionText));

    const form = get("form").toLowerCase() as StudyForm;
    if (!STUDY_FORMS.includes(form)) errors.push(rowError(line, "form", "form", get("form")));
    const language = get("language").toLowerCase() as StudyLanguage;
    if (!STUDY_LANGUAGES.includes(language))
      errors.push(rowError(line, "language", "language", get("language")));

    const grant = score(get("grant"));
    const contract = score(get("contract"));
    if (grant === undefined) errors.push(rowError(line, "score", "grant", get("grant")));
    if (contract === undefined) errors.push(rowError(line, "score", "contract", get("contract")));
    if (grant === null && contract === null) errors.push(rowError(line, "no_score", null, null));
    // The grant line is the higher one: fewer state-funded places, taken by the best scores.
    if (grant != null && contract != null && grant < contract)
      errors.push(rowError(line, "grant_below_contract", "grant", get("grant")));

    if (errors.length) {
      result.errors.push(...errors);
      continue;
    }
    const key = [directionId, year, university, form, language].join("\u0000");
    const first = seen.get(key);
    if (first !== undefined) {
      result.errors.push({ ...rowError(line, "duplicate", null, null), duplicateOf: first });
      continue;
    }
    seen.set(key, line);
    // Both scores are number | null here: an undefined (unreadable) one was reported above.
    valid.push({
      line,
      year,
      university,
      directionId: directionId!,
      form,
      language,
      grant: grant as number | null,
      contract: contract as number | null,
    });
  }

  if (valid.length) {
    const { rows: written } = await sql<{ inserted: boolean }>`
      insert into passing_scores (year, university, direction_id, form, language, grant_score, contract_score, demo)
      select t.year, t.university, t.direction_id, t.form, t.language, t.grant_score, t.contract_score, false
      from unnest(${valid.map((v) => v.year)}::int[], ${valid.map((v) => v.university)}::text[],
        ${valid.map((v) => v.directionId)}::uuid[], ${valid.map((v) => v.form)}::text[],
        ${valid.map((v) => v.language)}::text[], ${valid.map((v) => v.grant)}::int[],
        ${valid.map((v) => v.contract)}::int[])
        as t(year, university, direction_id, form, language, grant_score, contract_score)
      on conflict (direction_id, year, university, form, language) do update
        set grant_score = excluded.grant_score, contract_score = excluded.contract_score, demo = false,
          updated_at = now()
        where (passing_scores.grant_score, passing_scores.contract_score, passing_scores.demo)
          is distinct from (excluded.grant_score, excluded.contract_score, false)
      returning (xmax = 0) as inserted`.execute(db);
    result.inserted = written.filter((w) => w.inserted).length;
    result.updated = written.length - result.inserted;
    result.unchanged = valid.length - written.length;
  }
  return result;
}

/** Hundredths; null for an empty cell (no places); undefined when it is not a DTM score. */
function score(text: string): number | null | undefined {
  if (text === "" || text === "-" || text === "—") return null;
  if (!SCORE.test(text)) return undefined;
  const hundredths = Math.round(Number(text.replace(",", ".")) * 100);
  return hundredths <= 18_900 ? hundredths : undefined;
}

function rowError(
  line: number,
  code: PassingScoreRowError,
  column: string | null,
  value: string | null,
): RowError {
  return { line, code, column, value: value === null ? null : value.slice(0, 200), duplicateOf: null };
}

export async function listPassingScores(
  db: Kysely<Database>,
  filter: { directionId?: string | undefined; year?: number | undefined },
): Promise<PassingScore[]> {
  let q = db
    .selectFrom("passing_scores as p")
    .innerJoin("directions as d", "d.id", "p.direction_id")
    .select([
      "p.id",
      "p.year",
      "p.university",
      "p.direction_id",
      "d.code",
      "p.form",
      "p.language",
      "p.grant_score",
      "p.contract_score",
      "p.demo",
      "p.updated_at",
    ]);
  if (filter.directionId) q = q.where("p.direction_id", "=", filter.directionId);
  if (filter.year) q = q.where("p.year", "=", filter.year);
  const rows = await q
    .orderBy("p.year", "desc")
    .orderBy("d.code")
    .orderBy("p.university")
    .orderBy("p.form")
    .orderBy("p.language")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    year: r.year,
    university: r.university,
    directionId: r.direction_id,
    directionCode: r.code,
    form: r.form,
    language: r.language,
    grantScore: r.grant_score === null ? null : toPoints(r.grant_score),
    contractScore: r.contract_score === null ? null : toPoints(r.contract_score),
    demo: r.demo,
    updatedAt: r.updated_at.toISOString(),
  }));
}

export async function deletePassingScore(db: Kysely<Database>, id: string): Promise<void> {
  const gone = await db.deleteFrom("passing_scores").where("id", "=", id).returning("id").executeTakeFirst();
  if (!gone) throw notFound("passing score");
}
