import {
  ADMIN,
  loginAs,
  createUser,
  apiClient,
  newItemBank,
  newItemExam,
  startTestServer,
  type TestServer,
  call,
  connectRaw,
  type RawSocket,
} from "@imtihon/testing";
import { adminQuestionsResponse, attemptDetailResponse, examStatsSchema } from "@imtihon/client-sdk/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let server: TestServer;
let api: ReturnType<typeof apiClient>;
let admin: string;
let bank: Awaited<ReturnType<typeof newItemBank>>;
let examId: string;
const sockets: RawSocket[] = [];

beforeAll(async () => {
  server = await startTestServer();
  api = apiClient(server.url);
  admin = await loginAs(api, ADMIN.email, ADMIN.password);
  bank = await newItemBank(api, admin);
  examId = await newItemExam(api, admin, bank, { scoring: "partial" });
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await server?.stop();
});

async function sit() {
  const student = await createUser(server.ctx.db);
  const socket = await connectRaw(server.url, student.token);
  sockets.push(socket);
  const started = await call(socket, "attempt:start", { examId });
  if (!started.ok) throw new Error(JSON.stringify(started));
  const attemptId = started.attempt.id;
  let seq = 0;
  const save = (questionId: string, response: unknown) =>
    call(socket, "answer:save", { attemptId, questionId, response, seq: ++seq });
  const stored = () =>
    server.ctx.db
      .selectFrom("answers")
      .select(["question_id", "response", "seq"])
      .where("attempt_id", "=", attemptId)
      .orderBy("question_id")
      .execute();
  return { socket, attempt: started.attempt, attemptId, save, stored };
}

describe("the new kinds through the socket protocol", () => {
  let first: Awaited<ReturnType<typeof sit>>;
  let firstResult: unknown;

  it("shows typed questions without options and matching with both sides shuffled, never the key", async () => {
    first = await sit();
    const byId = new Map(first.attempt.questions.map((q) => [q.id, q]));
    expect(byId.get(bank.ids.numeric)).toMatchObject({ kind: "numeric", options: [], points: 2 });
    expect(byId.get(bank.ids.shortText)).toMatchObject({ kind: "short_text", options: [] });
    const m = byId.get(bank.ids.matching)!;
    expect(m.options).toEqual([]);
    expect(m.left!.map((x) => x.id).sort()).toEqual(["l1", "l2", "l3"]);
    expect(m.right!.map((x) => x.id).sort()).toEqual(["r1", "r2", "r3", "r4"]);
    const wire = JSON.stringify(first.attempt);
    for (const secret of ["gipotenuza", "accepted", "pairs", "tolerance", "Viyet", "correct"])
      expect(wire).not.toContain(secret);
  });

  it("saves each new response shape for a question of its kind", async () => {
    const acks = [
      await first.save(bank.ids.single, { choice: "b" }),
      await first.save(bank.ids.multiple, { choices: ["a", "c"] }),
      await first.save(bank.ids.numeric, { value: "0,5" }),
      await first.save(bank.ids.shortText, { value: "  GIPOTENUZA " }),
      await first.save(bank.ids.matching, {
        pairs: [
          ["l1", "r1"],
          ["l2", "r2"],
          ["l3", "r4"],
        ],
      }),
    ];
    for (const ack of acks) expect(ack).toMatchObject({ ok: true, savedAt: expect.any(String) });
    const rows = await first.stored();
    expect(new Map(rows.map((r) => [r.question_id, r.response]))).toEqual(
      new Map<string, unknown>([
        [bank.ids.single, { choice: "b" }],
        [bank.ids.multiple, { choices: ["a", "c"] }],
        [bank.ids.numeric, { value: "0,5" }],
        [bank.ids.shortText, { value: "  GIPOTENUZA " }],
        [
          bank.ids.matching,
          {
            pairs: [
              ["l1", "r1"],
              ["l2", "r2"],
              ["l3", "r4"],
            ],
          },
        ],
      ]),
    );
  });

  it.each([
    [
      "a typed value for a single-choice question",
      "single",
      { value: "0,5" },
      "a single-choice answer is { choice }",
    ],
    ["a choice for a numeric question", "numeric", { choice: "a" }, "a numeric answer is { value }"],
    ["pairs for a short text question", "shortText", { pairs: [] }, "a short text answer is { value }"],
    ["a value for a matching question", "matching", { value: "l1" }, "a matching answer is { pairs }"],
    ["choices for a matching question", "matching", { choices: ["a"] }, "a matching answer is { pairs }"],
    ["a numeric text that is not a number", "numeric", { value: "yarim" }, "not a number"],
    ["a fraction over zero", "numeric", { value: "1/0" }, "not a number"],
    ["a blank short text", "shortText", { value: "   " }, "the answer is empty"],
    ["a pair with an unknown right item", "matching", { pairs: [["l1", "r9"]] }, 'no right item "r9"'],
    ["a pair with an unknown left item", "matching", { pairs: [["x1", "r1"]] }, 'no left item "x1"'],
    [
      "a left item paired twice",
      "matching",
      {
        pairs: [
          ["l1", "r1"],
          ["l1", "r2"],
        ],
      },
      "paired twice",
    ],
  ] as const)("refuses %s with a clear error and stores nothing", async (_name, which, response, message) => {
    const before = await first.stored();
    const ack = await first.save(bank.ids[which], response);
    expect(ack).toMatchObject({ ok: false, error: { code: "invalid_payload" } });
    expect(ack.ok ? "" : ack.error.message).toContain(message);
    expect(await first.stored()).toEqual(before);
  });

  it.each([
    ["an empty value", { value: "" }],
    ["a value over 200 characters", { value: "1".repeat(201) }],
    ["a pair of one item", { pairs: [["l1"]] }],
    ["a value and pairs at once", { value: "1", pairs: [] }],
    ["more than 20 pairs", { pairs: Array.from({ length: 21 }, (_, i) => [`l${i}`, "r1"]) }],
  ])("refuses a malformed response (%s) and stores nothing", async (_name, response) => {
    const before = await first.stored();
    const ack = await first.save(bank.ids.matching, response);
    expect(ack).toMatchObject({ ok: false, error: { code: "invalid_payload" } });
    expect(await first.stored()).toEqual(before);
  });

  it("scores with partial credit and breaks the result down by topic", async () => {
    const ack = await call(first.socket, "attempt:submit", { attemptId: first.attemptId });
    expect(ack.ok).toBe(true);
    // 2 + 2·(2 right − 0 wrong)/3 → 1.33 + 2 + 2 + 2·2/3 → 1.33 = 8.66 (hundredths rounded down).
    const expected = {
      score: 8.66,
      maxScore: 10,
      sections: [{ title: "Turlar", score: 8.66, maxScore: 10, correct: 3, total: 5 }],
      topics: [
        { topicId: bank.topics.algebra, path: ["Algebra"], score: 3.33, maxScore: 4, correct: 1, total: 2 },
        {
          topicId: bank.topics.quadratic,
          path: ["Algebra", "Kvadrat tenglamalar"],
          score: 3.33,
          maxScore: 4,
          correct: 1,
          total: 2,
        },
        {
          topicId: bank.topics.geometry,
          path: ["Geometriya"],
          score: 3.33,
          maxScore: 4,
          correct: 1,
          total: 2,
        },
      ],
    };
    expect(ack).toMatchObject({ ok: true, status: "submitted", result: expected });
    firstResult = expected;
    const detail = attemptDetailResponse.parse((await api.get(`/attempts/${first.attemptId}`, admin)).body);
    expect(detail.result).toEqual(expected);
    const review = new Map(detail.review!.map((r) => [r.questionId, r]));
    expect(review.get(bank.ids.multiple)).toMatchObject({ kind: "multiple", earned: 1.33, isCorrect: false });
    expect(review.get(bank.ids.numeric)).toMatchObject({
      kind: "numeric",
      earned: 2,
      isCorrect: true,
      answer: { value: 0.5, tolerance: 0 },
      explanation: "Viyet: 6 / 12 = 1/2",
    });
    expect(review.get(bank.ids.shortText)).toMatchObject({ accepted: ["gipotenuza"], isCorrect: true });
    expect(review.get(bank.ids.matching)).toMatchObject({
      earned: 1.33,
      pairs: [
        ["l1", "r1"],
        ["l2", "r2"],
        ["l3", "r3"],
      ],
      options: [],
    });
  });

  it("statistics: share of points earned, and the most common wrong typed answers by meaning", async () => {
    for (const [numeric, text] of [
      ["1/4", "Katet"],
      ["0,25", "  katet "],
    ]) {
      const s = await sit();
      expect(await s.save(bank.ids.numeric, { value: numeric })).toMatchObject({ ok: true });
      expect(await s.save(bank.ids.shortText, { value: text })).toMatchObject({ ok: true });
      expect(await call(s.socket, "attempt:submit", { attemptId: s.attemptId })).toMatchObject({ ok: true });
    }
    const stats = examStatsSchema.parse((await api.get(`/exams/${examId}/stats`, admin)).body);
    expect(stats.attempts).toBe(3);
    const q = new Map(stats.questions.map((x) => [x.questionId, x]));
    expect(q.get(bank.ids.numeric)).toMatchObject({
      kind: "numeric",
      answered: 3,
      options: [],
      wrongAnswers: [{ value: "0.25", count: 2 }],
    });
    expect(q.get(bank.ids.numeric)!.facility).toBeCloseTo(1 / 3, 4);
    expect(q.get(bank.ids.shortText)).toMatchObject({ wrongAnswers: [{ value: "katet", count: 2 }] });
    // One attempt earned 133 of 200 hundredths; two left it blank.
    expect(q.get(bank.ids.multiple)!.facility).toBeCloseTo(0.665 / 3, 4);
    expect(q.get(bank.ids.matching)).toMatchObject({ kind: "matching", options: [] });
  });

  it("editing a question of the published exam makes a new version; results and statistics stay", async () => {
    const statsBefore = (await api.get(`/exams/${examId}/stats`, admin)).body;
    const draft = await api.post(
      "/admin/exams",
      {
        title: "Qoralama",
        mode: "self_paced",
        durationSeconds: 600,
        sections: [{ title: "A", questionIds: [bank.ids.numeric, bank.ids.single], pointsPerQuestion: 1 }],
      },
      admin,
    );
    expect(draft.status).toBe(201);
    const edit = await api.call(
      "PUT",
      `/admin/questions/${bank.ids.numeric}`,
      {
        kind: "numeric",
        stem: "Yangi: 1/4 ni toping",
        answer: { value: 0.25 },
        topicIds: [bank.topics.quadratic],
      },
      admin,
    );
    expect(edit.status).toBe(200);
    const next = edit.body.question;
    expect(next).toMatchObject({ version: 2, frozen: false, answer: { value: 0.25, tolerance: 0 } });
    expect(next.id).not.toBe(bank.ids.numeric);
    const old = await server.ctx.db
      .selectFrom("questions")
      .select(["family_id", "version", "stem"])
      .where("id", "=", bank.ids.numeric)
      .executeTakeFirstOrThrow();
    expect(old).toEqual({
      family_id: next.familyId,
      version: 1,
      stem: "x² − 5x + 6 = 0: ildizlar ko'paytmasi / 12",
    });

    // The attempt keeps its result and the review what the student saw; statistics do not move.
    const detail = attemptDetailResponse.parse((await api.get(`/attempts/${first.attemptId}`, admin)).body);
    expect(detail.result).toEqual(firstResult);
    expect(detail.review!.find((r) => r.questionId === bank.ids.numeric)).toMatchObject({
      answer: { value: 0.5, tolerance: 0 },
      isCorrect: true,
    });
    expect((await api.get(`/exams/${examId}/stats`, admin)).body).toEqual(statsBefore);
    // A new sitting of the published exam still gets version 1.
    const again = await sit();
    expect(again.attempt.questions.map((q) => q.id)).toContain(bank.ids.numeric);
    expect(again.attempt.questions.map((q) => q.id)).not.toContain(next.id);

    // The bank lists the newest version only; the draft follows it; the published exam does not.
    const list = adminQuestionsResponse.parse(
      (await api.get(`/admin/questions?subjectId=${bank.subjectId}`, admin)).body,
    );
    expect(list.items.map((q) => q.id)).toContain(next.id);
    expect(list.items.map((q) => q.id)).not.toContain(bank.ids.numeric);
    const draftNow = (await api.get(`/admin/exams/${draft.body.exam.id}`, admin)).body.exam;
    expect(draftNow.sections[0].questionIds).toEqual([next.id, bank.ids.single]);
    const publishedNow = (await api.get(`/admin/exams/${examId}`, admin)).body.exam;
    expect(publishedNow.sections[0].questionIds).toContain(bank.ids.numeric);

    // The old version can no longer be edited: the newest one is the one to change.
    const stale = await api.call(
      "PUT",
      `/admin/questions/${bank.ids.numeric}`,
      { kind: "numeric", stem: "Eski", answer: { value: 1 } },
      admin,
    );
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toContain("newer version");
    // Labels alone change in place, even on a frozen question: no new version.
    const relabel = await api.call(
      "PUT",
      `/admin/questions/${bank.ids.single}`,
      {
        kind: "single",
        stem: "2 + 2 = ?",
        options: [
          { id: "a", text: "3" },
          { id: "b", text: "4" },
        ],
        correct: ["b"],
        difficulty: "medium",
      },
      admin,
    );
    expect(relabel.status).toBe(200);
    expect(relabel.body.question).toMatchObject({
      id: bank.ids.single,
      version: 1,
      difficulty: "medium",
      topicIds: [],
    });
  });
});
