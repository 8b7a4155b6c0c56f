import {
  apiClient,
  newItemBank,
  newItemExam,
  startTestServer,
  type TestServer,
  ADMIN,
  loginAs,
  newStudent,
} from "@imtihon/testing";
import {
  adminQuestionsResponse,
  bulkQuestionsResponse,
  topicListResponse,
} from "@imtihon/client-sdk/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fingerprint } from "../../security/fingerprint.ts";

let server: TestServer;
let api: ReturnType<typeof apiClient>;
let admin: string;
let bank: Awaited<ReturnType<typeof newItemBank>>;

beforeAll(async () => {
  server = await startTestServer();
  api = apiClient(server.url);
  admin = await loginAs(api, ADMIN.email, ADMIN.password);
  bank = await newItemBank(api, admin);
});
afterAll(async () => {
  await server?.stop();
});

const MISSING = "00000000-0000-4000-8000-000000000000";
const list = async (query: string) =>
  adminQuestionsResponse
    .parse((await api.get(`/admin/questions?subjectId=${bank.subjectId}&${query}`, admin)).body)
    .items.map((q) => q.id);

describe("topics", () => {
  it("lists a subject's tree with paths; names are unique among siblings, case-insensitively", async () => {
    const res = await api.get(`/admin/topics?subjectId=${bank.subjectId}`, admin);
    expect(res.status).toBe(200);
    const items = topicListResponse.parse(res.body).items;
    expect(items.map((t) => t.path)).toEqual([
      ["Algebra"],
      ["Algebra", "Kvadrat tenglamalar"],
      ["Geometriya"],
    ]);
    expect(items[1]).toMatchObject({ parentId: bank.topics.algebra, name: "Kvadrat tenglamalar" });
    const again = await api.post("/admin/topics", { subjectId: bank.subjectId, name: "algebra" }, admin);
    expect(again.status).toBe(409);
    // The same name under another parent is another topic.
    const nested = await api.post(
      "/admin/topics",
      { subjectId: bank.subjectId, name: "Algebra", parentId: bank.topics.geometry },
      admin,
    );
    expect(nested.status).toBe(201);
    expect(nested.body.topic.path).toEqual(["Geometriya", "Algebra"]);
  });

  it.each([
    ["an unknown subject", () => ({ subjectId: MISSING, name: "X" }), "subjectId"],
    ["an unknown parent", () => ({ subjectId: bank.subjectId, name: "X", parentId: MISSING }), "parentId"],
    ["a blank name", () => ({ subjectId: bank.subjectId, name: "  " }), "name"],
  ])("refuses %s with 400 and stores nothing", async (_name, body, field) => {
    const before = await fingerprint(server.ctx.sql);
    const res = await api.post("/admin/topics", body(), admin);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.error.details)).toContain(field);
    expect(await fingerprint(server.ctx.sql)).toBe(before);
  });

  it("refuses a parent of another subject", async () => {
    const other = await newItemBank(api, admin);
    const res = await api.post(
      "/admin/topics",
      { subjectId: bank.subjectId, name: "X", parentId: other.topics.algebra },
      admin,
    );
    expect(res.status).toBe(400);
    expect(res.text).toContain("another subject");
  });

  it("is for admins only", async () => {
    const student = await newStudent(api);
    expect((await api.get(`/admin/topics?subjectId=${bank.subjectId}`, student.token)).status).toBe(403);
    expect(
      (await api.post("/admin/topics", { subjectId: bank.subjectId, name: "X" }, student.token)).status,
    ).toBe(403);
  });
});

describe("authoring the new kinds", () => {
  it("answers each kind's key back as authored", async () => {
    const items = adminQuestionsResponse.parse(
      (await api.get(`/admin/questions?subjectId=${bank.subjectId}`, admin)).body,
    ).items;
    const byId = new Map(items.map((q) => [q.id, q]));
    expect(byId.get(bank.ids.numeric)).toMatchObject({
      kind: "numeric",
      options: [],
      correct: [],
      answer: { value: 0.5, tolerance: 0 },
      explanation: "Viyet: 6 / 12 = 1/2",
      topicIds: [bank.topics.quadratic],
      difficulty: "medium",
      version: 1,
      familyId: bank.ids.numeric,
      frozen: false,
    });
    expect(byId.get(bank.ids.shortText)).toMatchObject({ accepted: ["gipotenuza"], explanation: null });
    expect(byId.get(bank.ids.matching)).toMatchObject({
      options: [],
      left: [{ id: "l1" }, { id: "l2" }, { id: "l3" }],
      right: [{ id: "r1" }, { id: "r2" }, { id: "r3" }, { id: "r4" }],
      pairs: [
        ["l1", "r1"],
        ["l2", "r2"],
        ["l3", "r3"],
      ],
    });
    expect(byId.get(bank.ids.matching)!.topicIds.sort()).toEqual(
      [bank.topics.quadratic, bank.topics.geometry].sort(),
    );
  });

  it.each([
    ["a topic of another subject", "topicIds"],
    ["an unknown topic", "topicIds"],
  ])("refuses %s, all or nothing", async (name) => {
    const other = await newItemBank(api, admin);
    const before = await fingerprint(server.ctx.sql);
    const res = await api.post(
      "/admin/questions",
      {
        items: [
          { subjectId: bank.subjectId, kind: "short_text", stem: "ok", accepted: ["a"] },
          {
            subjectId: bank.subjectId,
            kind: "numeric",
            stem: "?",
            answer: { value: 1 },
            topicIds: [name === "an unknown topic" ? MISSING : other.topics.algebra],
          },
        ],
      },
      admin,
    );
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([expect.objectContaining({ path: ["items", 1, "topicIds", 0] })]);
    expect(await fingerprint(server.ctx.sql)).toBe(before);
  });

  it("refuses a matching question whose pairs name unknown items, saying where", async () => {
    const before = await fingerprint(server.ctx.sql);
    const res = await api.post(
      "/admin/questions",
      {
        items: [
          {
            subjectId: bank.subjectId,
            kind: "matching",
            stem: "?",
            left: [
              { id: "l1", text: "a" },
              { id: "l2", text: "b" },
            ],
            right: [
              { id: "r1", text: "x" },
              { id: "r2", text: "y" },
            ],
            pairs: [
              ["l1", "r1"],
              ["l2", "r7"],
            ],
          },
        ],
      },
      admin,
    );
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("invalid_payload");
    expect(JSON.stringify(res.body.error.details)).toContain('no right item \\"r7\\"');
    expect(await fingerprint(server.ctx.sql)).toBe(before);
  });
});

describe("the bank's filters", () => {
  it("filters by kind, difficulty, text and topic (with the topics below it)", async () => {
    expect(await list("kind=numeric")).toEqual([bank.ids.numeric]);
    expect((await list("difficulty=easy")).sort()).toEqual(
      [bank.ids.single, bank.ids.multiple, bank.ids.shortText].sort(),
    );
    expect(await list("q=TUB%20SON")).toEqual([bank.ids.multiple]);
    expect(await list("q=100%25")).toEqual([]);
    expect((await list(`topicId=${bank.topics.algebra}`)).sort()).toEqual(
      [bank.ids.single, bank.ids.multiple, bank.ids.numeric, bank.ids.matching].sort(),
    );
    expect((await list(`topicId=${bank.topics.quadratic}&difficulty=hard`)).sort()).toEqual([
      bank.ids.matching,
    ]);
  });

  it.each(["kind=essay", "difficulty=extreme", "topicId=nope", `q=${"x".repeat(201)}`])(
    "refuses a bad filter (%s) with 400",
    async (query) => {
      expect((await api.get(`/admin/questions?${query}`, admin)).status).toBe(400);
    },
  );
});

describe("bulk actions", () => {
  it("sets the difficulty and adds and removes a topic on many questions at once", async () => {
    const ids = [bank.ids.single, bank.ids.shortText];
    const set = await api.post(
      "/admin/questions/bulk",
      { action: "set_difficulty", ids, difficulty: "hard" },
      admin,
    );
    expect(bulkQuestionsResponse.parse(set.body)).toEqual({ updated: 2, skipped: [] });
    expect((await list("difficulty=hard")).sort()).toEqual([...ids, bank.ids.matching].sort());
    const add = await api.post(
      "/admin/questions/bulk",
      { action: "add_topic", ids: [bank.ids.single, bank.ids.shortText], topicId: bank.topics.geometry },
      admin,
    );
    // The short text question had it already.
    expect(add.body).toEqual({ updated: 1, skipped: [] });
    expect((await list(`topicId=${bank.topics.geometry}`)).sort()).toEqual(
      [bank.ids.single, bank.ids.shortText, bank.ids.matching].sort(),
    );
    const remove = await api.post(
      "/admin/questions/bulk",
      { action: "remove_topic", ids: [bank.ids.single], topicId: bank.topics.geometry },
      admin,
    );
    expect(remove.body).toEqual({ updated: 1, skipped: [] });
  });

  it("deletes only the questions no exam uses", async () => {
    const extra = await newItemBank(api, admin);
    await newItemExam(api, admin, { ...extra, all: [extra.ids.single] });
    const res = await api.post("/admin/questions/bulk", { action: "delete_unused", ids: extra.all }, admin);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ updated: 4, skipped: [extra.ids.single] });
    const left = adminQuestionsResponse.parse(
      (await api.get(`/admin/questions?subjectId=${extra.subjectId}`, admin)).body,
    ).items;
    expect(left.map((q) => q.id)).toEqual([extra.ids.single]);
  });

  it.each([
    [
      "an unknown question",
      () => ({ action: "set_difficulty", ids: [bank.ids.single, MISSING], difficulty: "easy" }),
    ],
    ["an unknown topic", () => ({ action: "add_topic", ids: [bank.ids.single], topicId: MISSING })],
    ["an unknown action", () => ({ action: "publish", ids: [bank.ids.single] })],
    ["no ids", () => ({ action: "delete_unused", ids: [] })],
  ])("refuses %s with 400 and changes nothing", async (_name, body) => {
    const before = await fingerprint(server.ctx.sql);
    const res = await api.post("/admin/questions/bulk", body(), admin);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("invalid_payload");
    expect(await fingerprint(server.ctx.sql)).toBe(before);
  });
});
