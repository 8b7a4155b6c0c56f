import { normaliseText, parseNumeric, type ExamStats } from "@imtihon/client-sdk/protocol";
import { sql } from "kysely";
import type { Principal } from "../auth/principal.ts";
import type { AppContext } from "../context.ts";
import { forbidden, notFound } from "../errors.ts";
import { storedItemFit } from "../insights/certificate.ts";

const round = (x: number | null, digits = 4) =>
  x === null || !Number.isFinite(x) ? null : Number(x.toFixed(digits));

/**
 * Which attempts a caller may aggregate. Statistics carry the answer key (stems, options, `correct`),
 * so: an admin sees everything; a draft is admin-only (it does not exist for anyone else); a proctor
 * sees only attempts of their own live sessions of the exam: `?sessionId=` must name one of them
 * (else not_found, as for any other user's data), and without it the statistics cover all of their
 * sessions of the exam, or 403 when they run none.
 */
async function scopeFor(
  ctx: AppContext,
  p: Principal,
  exam: { id: string; status: string },
  sessionId: string | undefined,
): Promise<string[] | null> {
  if (p.role === "admin") return sessionId ? [sessionId] : null;
  if (exam.status !== "published") throw notFound("exam");
  const mine = await ctx.db
    .selectFrom("live_sessions")
    .select("id")
    .where("exam_id", "=", exam.id)
    .where("proctor_id", "=", p.userId)
    .execute();
  const ids = mine.map((r) => r.id);
  if (sessionId) {
    if (!ids.includes(sessionId)) throw notFound("session");
    return [sessionId];
  }
  if (!ids.length) throw forbidden("a proctor sees the statistics of their own sessions only");
  return ids;
}

/**
 * Score distribution and item analysis over the exam's closed attempts the caller may see (one
 * session's with `sessionId`). Every aggregate is computed by Postgres; item scores are points earned
 * per question, as scored when the attempt closed (partial credit included), so editing a question
 * later (a new version) changes nothing here.
 */
export async function examStats(
  ctx: AppContext,
  p: Principal,
  examId: string,
  sessionId?: string,
): Promise<ExamStats> {
  const exam = await ctx.db
    .selectFrom("exams")
    .select(["id", "max_score", "status"])
    .where("id", "=", examId)
    .executeTakeFirst();
  if (!exam) throw notFound("exam");
  const sessions = await scopeFor(ctx, p, exam, sessionId);
  const sessionFilter = sessions ? sql`and a.session_id = any(${sql.val(sessions)}::uuid[])` : sql``;
  const base = sql`
    att as (
      select a.id, a.score::float8 / 100 as score
      from attempts a
      where a.exam_id = ${examId} and a.status in ('submitted', 'expired', 'terminated') and a.score is not null ${sessionFilter}
    ),
    ranked as (
      select id, score, row_number() over (order by score desc, id) as rk, count(*) over () as n from att
    ),
    grp as (
      select id, case when rk <= g then 'upper' when rk > n - g then 'lower' end as side
      from ranked, lateral (select greatest(1, round(0.27 * n))::int as g) gg
    ),
    items as (
      -- is_right: the share of the question's points earned (results keep points earned per question
      -- since 2026-11-30; older results hold single/multiple answers only, read right or wrong).
      select att.id as attempt_id, eq.question_id, eq.points::float8 / 100 as points, ans.response,
        coalesce(
          case when eq.points > 0 then (res.items ->> eq.question_id::text)::float8 / eq.points end,
          case
            when ans.response is null then 0
            when q.kind = 'single' then (ans.response ->> 'choice' = q.correct ->> 0)::int
            when q.kind = 'multiple' then
              ((select coalesce(array_agg(x order by x), '{}') from jsonb_array_elements_text(ans.response -> 'choices') x)
                = (select array_agg(x order by x) from jsonb_array_elements_text(q.correct) x))::int
            else 0
          end
        ) as is_right
      from att
      left join results res on res.attempt_id = att.id
      cross join exam_questions eq
      join questions q on q.id = eq.question_id
      left join answers ans on ans.attempt_id = att.id and ans.question_id = eq.question_id
      where eq.exam_id = ${examId}
    )`;

  const summary = await sql<{ n: string; mean: number | null; median: number | null; sd: number | null }>`
    with ${base}
    select count(*) as n, avg(score)::float8 as mean, percentile_cont(0.5) within group (order by score) as median,
      stddev_pop(score)::float8 as sd
    from att`.execute(ctx.db);

  const maxScore = exam.max_score / 100;
  const hist = await sql<{ bin: number; count: string }>`
    with ${base}
    select least(width_bucket(score, 0, ${maxScore}::float8, 10), 10) as bin, count(*) as count
    from att where ${maxScore}::float8 > 0 group by 1`.execute(ctx.db);

  const perQuestion = await sql<{
    question_id: string;
    answered: string;
    facility: number | null;
    upper: number | null;
    lower: number | null;
    item_var: number | null;
  }>`
    with ${base}
    select i.question_id, count(i.response) as answered, avg(i.is_right)::float8 as facility,
      (avg(i.is_right) filter (where g.side = 'upper'))::float8 as upper,
      (avg(i.is_right) filter (where g.side = 'lower'))::float8 as lower,
      var_pop(i.is_right * i.points)::float8 as item_var
    from items i join grp g on g.id = i.attempt_id
    group by i.question_id`.execute(ctx.db);

  const optionCounts = await sql<{ question_id: string; option_id: string; count: string }>`
    with ${base}
    select i.question_id, o.option_id, count(*) as count
    from items i
    cross join lateral (
      select i.response ->> 'choice' as option_id where i.response ? 'choice'
      union all
      select jsonb_array_elements_text(i.response -> 'choices') where i.response ? 'choices'
    ) o
    group by 1, 2`.execute(ctx.db);

  // Typed answers not fully right, by spelling; grouped below by what they mean (0,5 = 1/2).
  const typed = await sql<{ question_id: string; value: string; count: string }>`
    with ${base}
    select i.question_id, i.response ->> 'value' as value, count(*) as count
    from items i
    where i.response ? 'value' and i.is_right < 1
    group by 1, 2`.execute(ctx.db);

  const questions = await ctx.db
    .selectFrom("exam_questions as eq")
    .innerJoin("questions as q", "q.id", "eq.question_id")
    .select(["q.id", "q.kind", "q.stem", "q.options", "q.correct", "eq.position", "eq.section", "eq.points"])
    .where("eq.exam_id", "=", examId)
    .orderBy("eq.position")
    .execute();

  // The stored Rasch estimate covers every attempt of the exam, so only an admin sees it here.
  const fit = p.role === "admin" ? await storedItemFit(ctx, examId) : new Map();
  const s = summary.rows[0]!;
  const n = Number(s.n);
  const byQ = new Map(perQuestion.rows.map((r) => [r.question_id, r]));
  const counts = new Map<string, number>();
  for (const r of optionCounts.rows) counts.set(`${r.question_id}/${r.option_id}`, Number(r.count));
  const kindOf = new Map(questions.map((q) => [q.id, q.kind]));
  const wrong = new Map<string, Map<string, number>>();
  for (const r of typed.rows) {
    const kind = kindOf.get(r.question_id);
    const n = r.value === null ? null : kind === "numeric" ? parseNumeric(r.value) : null;
    const value =
      kind === "numeric" ? (n === null ? r.value.trim() : String(n)) : normaliseText(r.value ?? "");
    let m = wrong.get(r.question_id);
    if (!m) wrong.set(r.question_id, (m = new Map()));
    m.set(value, (m.get(value) ?? 0) + Number(r.count));
  }
  const topWrong = (qid: string) =>
    [...(wrong.get(qid) ?? new Map<string, number>()).entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, 5)
      .map(([value, count]) => ({ value, count }));
  const bins = new Map(hist.rows.map((r) => [Number(r.bin), Number(r.count)]));
  const width = maxScore / 10;

  // alpha = k/(k-1) * (1 - sum(item variances) / variance(total)), population variances throughout.
  const k = questions.length;
  const itemVar = perQuestion.rows.reduce((sum, r) => sum + (r.item_var ?? 0), 0);
  const totalVar = s.sd === null ? null : s.sd * s.sd;
  const alpha = n >= 2 && k >= 2 && totalVar ? (k / (k - 1)) * (1 - itemVar / totalVar) : null;

  return {
    examId,
    attempts: n,
    maxScore,
    mean: round(s.mean),
    median: round(s.median),
    stdDev: round(s.sd),
    histogram: Array.from({ length: 10 }, (_, i) => ({
      from: round(i * width, 2)!,
      to: round((i + 1) * width, 2)!,
      count: bins.get(i + 1) ?? 0,
    })),
    cronbachAlpha: round(alpha),
    questions: questions.map((q) => {
      const r = byQ.get(q.id);
      return {
        questionId: q.id,
        position: q.position,
        section: q.section,
        stem: q.stem,
        points: q.points / 100,
        answered: Number(r?.answered ?? 0),
        facility: round(r?.facility ?? null),
        discrimination: r && r.upper !== null && r.lower !== null ? round(r.upper - r.lower) : null,
        options:
          q.kind === "single" || q.kind === "multiple"
            ? q.options.map((o) => ({
                id: o.id,
                text: o.text,
                count: counts.get(`${q.id}/${o.id}`) ?? 0,
                correct: q.correct.includes(o.id),
              }))
            : [],
        kind: q.kind,
        ...(q.kind === "numeric" || q.kind === "short_text" ? { wrongAnswers: topWrong(q.id) } : {}),
        ...(fit.has(q.id)
          ? {
              difficulty: fit.get(q.id)!.difficulty,
              infit: fit.get(q.id)!.infit,
              outfit: fit.get(q.id)!.outfit,
            }
          : {}),
      };
    }),
  };
}
