import type { AttemptCertificate, CertificateEstimate, CertificateGrade } from "@imtihon/client-sdk/protocol";
import type { AnswerResponse, CertificateItemRow } from "@imtihon/db";
import { sql } from "kysely";
import { performance } from "node:perf_hooks";
import type { Principal } from "../auth/principal.ts";
import type { AppContext } from "../context.ts";
import { AppError, notFound } from "../errors.ts";
import { isCorrect } from "../exam/scoring.ts";
import { certificateGrade, scaleAbility } from "./certificate-scale.ts";
import { estimateRasch, RaschError, type RaschResult } from "./rasch.ts";

// Answers are read a thousand attempts at a time (≤ 90,000 rows per read at DTM size), so 10,000
// takers never sit in memory as 900,000 row objects at once: only the 0/1 matrix does (900 KB).
const ATTEMPT_BATCH = 1000;
const round = (x: number | null, digits = 4) => (x === null ? null : Number(x.toFixed(digits)));

/**
 * Estimates the Rasch model over the finished (submitted or expired) attempts of a certificate-style
 * exam, scoring each answer right or wrong exactly as the exam does, and stores the result: the item
 * estimates with their fit, and every attempt's ability, scaled score and grade. Run on demand by an
 * admin; nothing on the exam-day path waits for it.
 */
export async function estimateCertificate(ctx: AppContext, examId: string): Promise<CertificateEstimate> {
  const exam = await ctx.db
    .selectFrom("exams")
    .select(["id", "status", "certificate"])
    .where("id", "=", examId)
    .executeTakeFirst();
  if (!exam) throw notFound("exam");
  if (!exam.certificate)
    throw new AppError("conflict", "the exam is not certificate-style", { reason: "not_certificate" });
  if (exam.status !== "published")
    throw new AppError("conflict", "only a published exam has responses", { reason: "draft" });

  const started = performance.now();
  const content = await ctx.exams.get(examId);
  const order = content.order;
  const column = new Map(order.map((id, i) => [id, i]));
  const attempts = await ctx.db
    .selectFrom("attempts")
    .select("id")
    .where("exam_id", "=", examId)
    .where("status", "in", ["submitted", "expired"])
    .orderBy("id")
    .execute();
  const L = order.length;
  const matrix = new Uint8Array(attempts.length * L);
  const row = new Map(attempts.map((a, n) => [a.id, n]));
  for (let from = 0; from < attempts.length; from += ATTEMPT_BATCH) {
    const ids = attempts.slice(from, from + ATTEMPT_BATCH).map((a) => a.id);
    const { rows } = await sql<{ attempt_id: string; question_id: string; response: AnswerResponse }>`
      select attempt_id, question_id, response from answers where attempt_id = any(${ids}::uuid[])`.execute(
      ctx.db,
    );
    for (const r of rows) {
      const i = column.get(r.question_id);
      const q = content.questions.get(r.question_id);
      if (i === undefined || !q) continue;
      if (isCorrect(q, r.response)) matrix[row.get(r.attempt_id)! * L + i] = 1;
    }
  }

  let result: RaschResult;
  try {
    result = estimateRasch(matrix, attempts.length, L);
  } catch (err) {
    if (err instanceof RaschError)
      throw new AppError("conflict", `not enough responses to estimate: ${err.message}`, {
        reason: "too_few_responses",
      });
    throw err;
  }
  const durationMs = Math.round(performance.now() - started);

  const items: CertificateItemRow[] = order.map((questionId, i) => {
    const it = result.items[i]!;
    return {
      questionId,
      position: i,
      difficulty: round(it.difficulty),
      se: round(it.se),
      infit: round(it.infit),
      outfit: round(it.outfit),
      extreme: it.extreme,
    };
  });
  const computedAt = new Date();
  const extremePersons = result.persons.filter((p) => p.extreme !== null).length;
  await ctx.db.transaction().execute(async (trx) => {
    const values = {
      exam_id: examId,
      method: "jml",
      persons: attempts.length,
      extreme_persons: extremePersons,
      iterations: result.iterations,
      converged: result.converged,
      duration_ms: durationMs,
      items: JSON.stringify(items),
      computed_at: computedAt,
    };
    await trx
      .insertInto("certificate_estimates")
      .values(values)
      .onConflict((oc) => oc.column("exam_id").doUpdateSet(values))
      .execute();
    await trx.deleteFrom("certificate_scores").where("exam_id", "=", examId).execute();
    for (let from = 0; from < attempts.length; from += 5000) {
      const slice = attempts.slice(from, from + 5000);
      const persons = slice.map((_, k) => result.persons[from + k]!);
      const scaled = persons.map((p) => scaleAbility(p.ability));
      await sql`
        insert into certificate_scores (attempt_id, exam_id, ability, se, scaled, grade, extreme, computed_at)
        select t.attempt_id, ${examId}::uuid, t.ability, t.se, t.scaled, t.grade, t.extreme,
          ${computedAt.toISOString()}::timestamptz
        from unnest(${slice.map((a) => a.id)}::uuid[], ${persons.map((p) => p.ability)}::float8[],
          ${persons.map((p) => p.se)}::float8[], ${scaled}::float8[],
          ${scaled.map((s) => certificateGrade(s))}::text[], ${persons.map((p) => p.extreme)}::text[])
          as t(attempt_id, ability, se, scaled, grade, extreme)`.execute(trx);
    }
  });
  return {
    examId,
    method: "jml",
    persons: attempts.length,
    extremePersons,
    iterations: result.iterations,
    converged: result.converged,
    durationMs,
    computedAt: computedAt.toISOString(),
    items,
  };
}

/** The stored estimate of an exam; not_found until one was made. */
export async function certificateEstimate(ctx: AppContext, examId: string): Promise<CertificateEstimate> {
  const row = await ctx.db
    .selectFrom("certificate_estimates")
    .selectAll()
    .where("exam_id", "=", examId)
    .executeTakeFirst();
  if (!row) throw notFound("certificate estimate");
  return {
    examId,
    method: "jml",
    persons: row.persons,
    extremePersons: row.extreme_persons,
    iterations: row.iterations,
    converged: row.converged,
    durationMs: row.duration_ms,
    computedAt: row.computed_at.toISOString(),
    items: row.items,
  };
}

/** Item fit by question id for the statistics page; empty when the exam was never estimated. */
export async function storedItemFit(
  ctx: AppContext,
  examId: string,
): Promise<Map<string, CertificateItemRow>> {
  const row = await ctx.db
    .selectFrom("certificate_estimates")
    .select("items")
    .where("exam_id", "=", examId)
    .executeTakeFirst();
  return new Map((row?.items ?? []).map((it) => [it.questionId, it]));
}

/** An attempt's scaled score: its student or an admin; anyone else is told it does not exist. */
export async function attemptCertificate(
  ctx: AppContext,
  p: Principal,
  attemptId: string,
): Promise<AttemptCertificate> {
  const row = await ctx.db
    .selectFrom("attempts as a")
    .leftJoin("certificate_scores as c", "c.attempt_id", "a.id")
    .select(["a.user_id", "c.ability", "c.se", "c.scaled", "c.grade", "c.extreme", "c.computed_at"])
    .where("a.id", "=", attemptId)
    .executeTakeFirst();
  if (!row || (row.user_id !== p.userId && p.role !== "admin")) throw notFound("attempt");
  if (row.ability === null || row.scaled === null || row.computed_at === null)
    throw notFound("certificate score");
  return {
    attemptId,
    ability: Number(row.ability.toFixed(4)),
    se: row.se === null ? null : Number(row.se.toFixed(4)),
    scaled: row.scaled,
    grade: row.grade as CertificateGrade | null,
    extreme: row.extreme,
    computedAt: row.computed_at.toISOString(),
  };
}
