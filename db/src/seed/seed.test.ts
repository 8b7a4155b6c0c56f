import { sql } from "kysely";
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@imtihon/testing";
import { connect, type DbHandle } from "../connect.ts";
import { FIGURES, webpSize } from "./figures.ts";
import { seedDemo } from "./index.ts";
import { DEMO_PASSING_SCORES } from "./passing-scores.ts";

const EXPECTED = { exams: 6, questions: 191 };
/** Questions of the other kinds (numeric, short_text, matching, multiple): db/src/seed/bank/turlar.ts. */
const RICH = 7;

/** Every row the seed writes, ordered, so two snapshots compare equal only when nothing changed. */
async function snapshot(h: DbHandle) {
  const sqlc = h.sql;
  return {
    subjects: await sqlc`select * from subjects order by code`,
    directions: await sqlc`select * from directions order by code`,
    direction_subjects: await sqlc`select * from direction_subjects order by direction_id, position`,
    questions: await sqlc`select * from questions order by seed_key`,
    topics: await sqlc`select * from topics order by id`,
    question_topics: await sqlc`select * from question_topics order by question_id, topic_id`,
    exams: await sqlc`select * from exams order by seed_key`,
    exam_sections: await sqlc`select * from exam_sections order by exam_id, position`,
    exam_questions: await sqlc`select * from exam_questions order by exam_id, position`,
    media: await sqlc`select id, size, created_at from media order by id`,
    passing_scores:
      await sqlc`select * from passing_scores order by direction_id, university, form, language`,
  };
}

async function withDatabase<T>(fn: (h: DbHandle, url: string) => Promise<T>): Promise<T> {
  const tdb = await createTestDatabase();
  const h = connect(tdb.url, { max: 4 });
  try {
    return await fn(h, tdb.url);
  } finally {
    await h.close();
    await tdb.drop();
  }
}

describe("seedDemo", () => {
  let tdb: TestDatabase;
  let h: DbHandle;
  let first: { exams: number; questions: number };

  beforeAll(async () => {
    tdb = await createTestDatabase();
    h = connect(tdb.url, { max: 4 });
    first = await seedDemo(h.db);
  });
  afterAll(async () => {
    await h?.close();
    await tdb?.drop();
  });

  it("returns the catalogue size", () => {
    expect(first).toEqual(EXPECTED);
  });

  it("creates the subjects and two directions with their specialty subjects in order", async () => {
    const subjects = await h.db.selectFrom("subjects").select(["code", "name"]).orderBy("code").execute();
    expect(subjects.map((s) => s.code)).toEqual(
      ["biologiya", "fizika", "ingliz_tili", "kimyo", "matematika", "ona_tili", "tarix"].sort(),
    );
    expect(subjects.find((s) => s.code === "tarix")?.name).toBe("Oʻzbekiston tarixi");
    const rows = await h.db
      .selectFrom("direction_subjects as ds")
      .innerJoin("directions as d", "d.id", "ds.direction_id")
      .innerJoin("subjects as s", "s.id", "ds.subject_id")
      .select(["d.code as direction", "d.name", "s.code as subject", "ds.position"])
      .orderBy("d.code")
      .orderBy("ds.position")
      .execute();
    expect(rows).toEqual([
      { direction: "dasturiy-injiniring", name: "Dasturiy injiniring", subject: "matematika", position: 1 },
      { direction: "dasturiy-injiniring", name: "Dasturiy injiniring", subject: "fizika", position: 2 },
      { direction: "davolash-ishi", name: "Davolash ishi", subject: "biologiya", position: 1 },
      { direction: "davolash-ishi", name: "Davolash ishi", subject: "kimyo", position: 2 },
    ]);
  });

  it.each([
    ["dasturiy-injiniring", "matematika", "fizika"],
    ["davolash-ishi", "biologiya", "kimyo"],
  ])(
    "publishes the DTM exam for %s: 90 questions, 189.00 points, 3 hours",
    async (direction, first, second) => {
      const exam = await h.db
        .selectFrom("exams as e")
        .innerJoin("directions as d", "d.id", "e.direction_id")
        .selectAll("e")
        .where("d.code", "=", direction)
        .where("e.seed_key", "like", "demo/dtm/%")
        .executeTakeFirstOrThrow();
      expect(exam).toMatchObject({
        mode: "self_paced",
        status: "published",
        duration_seconds: 10800,
        review: "score",
        price_uzs: 0,
        question_count: 90,
        max_score: 18900,
      });
      expect(exam.published_at).toBeInstanceOf(Date);

      const sections = await h.db
        .selectFrom("exam_sections as es")
        .innerJoin("subjects as s", "s.id", "es.subject_id")
        .select(["es.position", "es.title", "es.points", "s.code"])
        .where("es.exam_id", "=", exam.id)
        .orderBy("es.position")
        .execute();
      expect(sections.map((s) => [s.position, s.title, s.points, s.code])).toEqual([
        [0, "Ona tili (majburiy)", 110, "ona_tili"],
        [1, "Matematika (majburiy)", 110, "matematika"],
        [2, "Oʻzbekiston tarixi (majburiy)", 110, "tarix"],
        [3, expect.stringContaining("1-mutaxassislik"), 310, first],
        [4, expect.stringContaining("2-mutaxassislik"), 210, second],
      ]);

      const questions = await h.db
        .selectFrom("exam_questions as eq")
        .innerJoin("questions as q", "q.id", "eq.question_id")
        .innerJoin("subjects as s", "s.id", "q.subject_id")
        .select(["eq.question_id", "eq.section", "eq.position", "eq.points", "s.code"])
        .where("eq.exam_id", "=", exam.id)
        .orderBy("eq.position")
        .execute();
      expect(questions.map((q) => q.position)).toEqual([...Array(90).keys()]);
      expect(questions.reduce((sum, q) => sum + q.points, 0)).toBe(18900);
      const perSection = [0, 1, 2, 3, 4].map((s) => questions.filter((q) => q.section === s));
      expect(perSection.map((qs) => qs.length)).toEqual([10, 10, 10, 30, 30]);
      perSection.forEach((qs, i) => {
        const section = sections[i];
        for (const q of qs) expect([q.points, q.code]).toEqual([section?.points, section?.code]);
      });
      // Sections are contiguous in position order.
      expect(questions.map((q) => q.section)).toEqual(
        [...questions.map((q) => q.section)].sort((a, b) => a - b),
      );
      // The mandatory mathematics block never repeats a specialty question.
      const mandatoryMath = new Set(perSection[1]?.map((q) => q.question_id));
      const mathElsewhere = questions.filter((q) => q.section !== 1 && mandatoryMath.has(q.question_id));
      expect(mathElsewhere).toEqual([]);
      expect(new Set(questions.map((q) => q.question_id)).size).toBe(90);
    },
  );

  it("publishes the 10-minute demo and the live demo", async () => {
    const exams = await h.db
      .selectFrom("exams as e")
      .leftJoin("directions as d", "d.id", "e.direction_id")
      .select([
        "e.id",
        "e.title",
        "e.mode",
        "e.status",
        "e.duration_seconds",
        "e.review",
        "e.question_count",
        "e.max_score",
        "d.code as direction",
      ])
      .where("e.seed_key", "in", ["demo/mini", "demo/live"])
      .orderBy("e.seed_key")
      .execute();
    expect(exams).toEqual([
      expect.objectContaining({
        title: "Jonli demo imtihon",
        mode: "live",
        status: "published",
        duration_seconds: 900,
        review: "full",
        question_count: 10,
        max_score: 1000,
        direction: null,
      }),
      expect.objectContaining({
        title: "Demo imtihon (10 daqiqa)",
        mode: "self_paced",
        status: "published",
        duration_seconds: 600,
        review: "full",
        question_count: 10,
        max_score: 1700,
        direction: "dasturiy-injiniring",
      }),
    ]);
    for (const exam of exams) {
      const rows = await h.db
        .selectFrom("exam_questions")
        .select(["position", "points"])
        .where("exam_id", "=", exam.id)
        .orderBy("position")
        .execute();
      expect(rows.map((r) => r.position)).toEqual([...Array(10).keys()]);
      expect(rows.reduce((s, r) => s + r.points, 0)).toBe(exam.max_score);
    }
  });

  it("stores every bank question as single choice with one correct option among four distinct texts", async () => {
    const questions = await h.db
      .selectFrom("questions")
      .select(["seed_key", "kind", "stem", "options", "correct"])
      .where("seed_key", "not like", "demo/%/tur-%")
      .execute();
    expect(questions).toHaveLength(EXPECTED.questions - RICH);
    // jsonb arrays, not jsonb strings holding JSON text.
    const types =
      await h.sql`select distinct jsonb_typeof(options) as o, jsonb_typeof(correct) as c from questions`;
    expect([...types]).toEqual([{ o: "array", c: "array" }]);
    for (const q of questions) {
      expect(q.seed_key).toMatch(/^demo\//);
      expect(q.kind).toBe("single");
      expect(q.stem.trim().length).toBeGreaterThan(5);
      expect(q.stem).toMatch(/\p{Script=Latin}{3,}/u);
      expect(q.stem).not.toMatch(/\p{Script=Cyrillic}/u);
      expect(q.options.map((o) => o.id)).toEqual(["a", "b", "c", "d"]);
      expect(new Set(q.options.map((o) => o.text.trim())).size).toBe(4);
      expect(q.correct).toHaveLength(1);
      expect(["a", "b", "c", "d"]).toContain(q.correct[0]);
    }
    const bySubject = await h.db
      .selectFrom("questions as q")
      .innerJoin("subjects as s", "s.id", "q.subject_id")
      .select(["s.code", (eb) => eb.fn.countAll<string>().as("n")])
      .groupBy("s.code")
      .execute();
    const counts = Object.fromEntries(bySubject.map((r) => [r.code, Number(r.n)]));
    expect(counts.ona_tili).toBeGreaterThanOrEqual(10);
    expect(counts.tarix).toBeGreaterThanOrEqual(10);
    expect(counts.matematika).toBeGreaterThanOrEqual(40);
    expect(counts.fizika).toBeGreaterThanOrEqual(30);
    expect(counts.biologiya).toBeGreaterThanOrEqual(30);
    expect(counts.kimyo).toBeGreaterThanOrEqual(30);
  });

  it("has a question of every new kind, a topic tree for mathematics, and the labels on its questions", async () => {
    const kinds = await h.db
      .selectFrom("questions")
      .select(["kind", (eb) => eb.fn.countAll<string>().as("n")])
      .where("seed_key", "like", "demo/%/tur-%")
      .groupBy("kind")
      .orderBy("kind")
      .execute();
    expect(kinds.map((k) => k.kind)).toEqual(["matching", "multiple", "numeric", "short_text"]);
    const tree = await h.sql<{ path: string }[]>`
      with recursive t as (
        select id, name::text as path from topics where parent_id is null
        union all
        select c.id, t.path || ' > ' || c.name from topics c join t on c.parent_id = t.id
      )
      select path from t order by path`;
    expect(tree.map((r) => r.path)).toContain("Algebra > Kvadrat tenglamalar");
    expect(tree.map((r) => r.path)).toContain("Geometriya > Pifagor teoremasi");
    const unlabelled = await h.sql<{ n: string }[]>`
      select count(*) as n from questions q join subjects s on s.id = q.subject_id
      where s.code = 'matematika' and (q.difficulty is null
        or not exists (select 1 from question_topics qt where qt.question_id = q.id))`;
    expect(Number(unlabelled[0]!.n)).toBe(0);
    const section = await h.db
      .selectFrom("exam_sections as s")
      .innerJoin("exams as e", "e.id", "s.exam_id")
      .select(["s.scoring", "e.question_count"])
      .where("e.seed_key", "=", "demo/types")
      .where("s.position", "=", 0)
      .executeTakeFirstOrThrow();
    expect(section.scoring).toBe("partial");
  });

  it("stores the bank's figures by content hash, and every figure a text shows is stored", async () => {
    const media = await h.db
      .selectFrom("media")
      .select(["id", "mime", "width", "height", "size", "bytes"])
      .execute();
    expect(media.map((m) => m.id).sort()).toEqual(
      Object.values(FIGURES)
        .map((f) => f.id)
        .sort(),
    );
    for (const m of media) {
      expect(createHash("sha256").update(m.bytes).digest("hex")).toBe(m.id);
      expect(m.size).toBe(m.bytes.length);
      expect(webpSize(m.bytes)).toEqual({ width: m.width, height: m.height });
    }
    const texts = await h.sql<{ t: string }[]>`
      select stem as t from questions union all select o->>'text' from questions, jsonb_array_elements(options) o`;
    const shown = new Set(
      texts.flatMap((r) => [...r.t.matchAll(/\/api\/v1\/media\/([0-9a-f]{64})/g)].map((x) => x[1])),
    );
    expect([...shown].sort()).toEqual(media.map((m) => m.id).sort());
  });

  it("loads demo passing scores for both directions, every one marked demo", async () => {
    const rows = await h.db
      .selectFrom("passing_scores as p")
      .innerJoin("directions as d", "d.id", "p.direction_id")
      .select(["d.code", "p.demo", "p.year", "p.grant_score", "p.contract_score"])
      .execute();
    expect(rows).toHaveLength(DEMO_PASSING_SCORES.length);
    expect(new Set(rows.map((r) => r.code))).toEqual(new Set(["dasturiy-injiniring", "davolash-ishi"]));
    expect(rows.every((r) => r.demo && r.year === 2025)).toBe(true);
    for (const r of rows)
      if (r.grant_score !== null && r.contract_score !== null)
        expect(r.grant_score).toBeGreaterThanOrEqual(r.contract_score);
  });

  it("changes nothing when loaded again: same rows, same ids, same counts", async () => {
    const before = await snapshot(h);
    expect(await seedDemo(h.db)).toEqual(EXPECTED);
    expect(await snapshot(h)).toEqual(before);
  });

  it("leaves an existing seeded exam and question as they are (they may already have attempts)", async () => {
    await h.db
      .updateTable("exams")
      .set({ title: "Tahrirlangan" })
      .where("seed_key", "=", "demo/mini")
      .execute();
    await sql`update questions set stem = 'Tahrirlangan savol?' where seed_key = 'demo/tarix/bank-001'`.execute(
      h.db,
    );
    const before = await snapshot(h);
    await seedDemo(h.db);
    expect(await snapshot(h)).toEqual(before);
  });
});

describe("seedDemo across processes", () => {
  it("two nodes seeding at once write the catalogue once", async () => {
    await withDatabase(async (h, url) => {
      const other = connect(url, { max: 2 });
      try {
        const results = await Promise.all([seedDemo(h.db), seedDemo(other.db)]);
        expect(results).toEqual([EXPECTED, EXPECTED]);
        const exams = await h.db.selectFrom("exams").select("seed_key").execute();
        expect(exams).toHaveLength(EXPECTED.exams);
      } finally {
        await other.close();
      }
    });
  });

  it("rolls everything back when a step fails", async () => {
    await withDatabase(async (h) => {
      await sql`
        create function refuse() returns trigger language plpgsql as $$
        begin raise exception 'refused by test'; end $$;
        create trigger refuse_exam_questions before insert on exam_questions
          for each statement execute function refuse();
      `.execute(h.db);
      await expect(seedDemo(h.db)).rejects.toThrow(/refused by test/);
      const counts = await h.sql`
        select (select count(*) from subjects)::int as subjects, (select count(*) from directions)::int as directions,
               (select count(*) from questions)::int as questions, (select count(*) from exams)::int as exams`;
      expect(counts[0]).toEqual({ subjects: 0, directions: 0, questions: 0, exams: 0 });
    });
  });
});
