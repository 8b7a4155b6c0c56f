import type { PracticeExam } from "@imtihon/client-sdk/protocol";
import { sql } from "kysely";
import type { AppContext } from "../context.ts";

/** Practice exams offered per weak area. */
const PER_AREA = 3;

export type PracticeQuery =
  | { kind: "subject"; subjectIds: string[] }
  /**
   * Topics: until questions carry a topic id here, the exams known to hold a topic are those whose
   * results showed it. With a question → topic link, this becomes a join like the subjects' one.
   */
  | { kind: "topic"; topics: { key: string; examIds: string[] }[] };

/**
 * Published self-paced exams open now that show their score (practice needs feedback) and contain
 * questions of each area; those where the area has the largest share of the questions first (a
 * subject's own practice test before a full DTM sheet that only includes it), at most three per
 * area. Keyed by subject id or topic key.
 */
export async function practiceExams(ctx: AppContext, q: PracticeQuery): Promise<Map<string, PracticeExam[]>> {
  const out = new Map<string, PracticeExam[]>();
  const pairs =
    q.kind === "subject"
      ? null
      : q.topics.flatMap((t) => [...new Set(t.examIds)].map((examId) => ({ key: t.key, examId })));
  if (q.kind === "subject" ? q.subjectIds.length === 0 : pairs!.length === 0) return out;
  const open = sql`e.status = 'published' and e.mode = 'self_paced' and e.review <> 'none'
    and (e.opens_at is null or e.opens_at <= now()) and (e.closes_at is null or e.closes_at > now())`;
  const { rows } =
    q.kind === "subject"
      ? await sql<{ key: string; id: string; title: string; price_uzs: number }>`
          select key, id, title, price_uzs from (
            select es.subject_id::text as key, e.id, e.title, e.price_uzs,
              row_number() over (
                partition by es.subject_id
                order by sum(c.n)::float8 / greatest(e.question_count, 1) desc, e.price_uzs, e.published_at desc, e.id
              ) as rn
            from exam_sections es
            join exams e on e.id = es.exam_id
            cross join lateral (
              select count(*) as n from exam_questions eq where eq.exam_id = es.exam_id and eq.section = es.position
            ) c
            where es.subject_id = any(${sql.val(q.subjectIds)}::uuid[]) and ${open}
            group by es.subject_id, e.id
          ) ranked
          where rn <= ${PER_AREA}
          order by key, rn`.execute(ctx.db)
      : await sql<{ key: string; id: string; title: string; price_uzs: number }>`
          select key, id, title, price_uzs from (
            select p.key, e.id, e.title, e.price_uzs,
              row_number() over (partition by p.key order by e.price_uzs, e.published_at desc, e.id) as rn
            from jsonb_to_recordset(${JSON.stringify(pairs)}::jsonb) as p(key text, "examId" uuid)
            join exams e on e.id = p."examId"
            where ${open}
          ) ranked
          where rn <= ${PER_AREA}
          order by key, rn`.execute(ctx.db);
  for (const r of rows) {
    const list = out.get(r.key) ?? [];
    list.push({ examId: r.id, title: r.title, priceUzs: r.price_uzs });
    out.set(r.key, list);
  }
  return out;
}
