import { createUser, type TestUser, apiClient, startTestServer, type TestServer } from "@imtihon/testing";
import {
  importLegacyResults as importFromStorage,
  legacyConfig,
  legacyImportStatus,
  memoryStorage,
} from "@imtihon/client-sdk";
import {
  legacyImportResponse,
  legacyResultsResponse,
  type LegacyResultsBody,
} from "@imtihon/client-sdk/protocol";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server?.stop());

const api = () => apiClient(server.url);
const upload = async (user: TestUser, items: unknown[]) => {
  const res = await api().post("/me/legacy-results", { items }, user.token);
  expect(res.status).toBe(200);
  return legacyImportResponse.parse(res.body);
};
const history = async (user: TestUser) => {
  const res = await api().get("/me/legacy-results", user.token);
  expect(res.status).toBe(200);
  return legacyResultsResponse.parse(res.body).items;
};
const count = async (userId: string) =>
  Number(
    (
      await server.ctx.sql<
        { n: string }[]
      >`select count(*) as n from legacy_results where user_id = ${userId}`
    )[0]!.n,
  );

/** What the old site kept: `n` results a day apart, in its own shape. */
function oldSite(n: number) {
  return Array.from({ length: n }, (_, i) => ({
    date: new Date(Date.UTC(2025, 0, 1 + i, 6)).getTime(),
    subject: i % 2 ? "Matematika" : "Fizika",
    score: String(100 + (i % 89)).replace(/(\d)$/, "$1,5"),
    maxScore: 189,
    correct: 30 + (i % 60),
    total: 90,
    testName: `DTM mock ${i + 1}`,
  }));
}

describe("POST /me/legacy-results", () => {
  test("good items are stored as legacy results and listed newest first", async () => {
    const user = await createUser(server.ctx.db);
    const result = await upload(user, [
      { takenAt: "2025-03-01T10:00:00+05:00", direction: "Matematika-fizika", score: 143.6, maxScore: 189 },
      {
        takenAt: "2025-04-02",
        subject: "Tarix",
        score: 20,
        maxScore: 30,
        correct: 20,
        total: 30,
        testName: "Tarix 1",
      },
    ]);
    expect(result).toEqual({ imported: 2, duplicates: 0, rejected: [] });
    const items = await history(user);
    expect(
      items.map((i) => [i.takenAt, i.subject, i.direction, i.testName, i.score, i.maxScore, i.correct]),
    ).toEqual([
      ["2025-04-01T19:00:00.000Z", "Tarix", null, "Tarix 1", 20, 30, 20],
      ["2025-03-01T05:00:00.000Z", null, "Matematika-fizika", null, 143.6, 189, null],
    ]);
    expect(items.every((i) => i.source === "legacy")).toBe(true);
  });

  test("malformed items are rejected one by one with their reasons; the valid ones still land", async () => {
    const user = await createUser(server.ctx.db);
    const result = await upload(user, [
      "not an object",
      { takenAt: "2025-03-01", subject: "Fizika", maxScore: 189 },
      { takenAt: "2025-03-01", subject: "Fizika", score: 190, maxScore: 189 },
      { takenAt: "yesterday", subject: "Fizika", score: 10, maxScore: 189 },
      { takenAt: "2999-01-01", subject: "Fizika", score: 10, maxScore: 189 },
      { takenAt: "2025-03-01", score: 10, maxScore: 189 },
      { takenAt: "2025-03-01", subject: "Fizika", score: 10, maxScore: 189, correct: 50, total: 40 },
      { takenAt: "2025-03-01", subject: "Fizika", score: 10, maxScore: 189, extra: true },
      { takenAt: "2025-03-01", subject: "Fizika", score: 10, maxScore: 189 },
    ]);
    expect(result.imported).toBe(1);
    expect(result.duplicates).toBe(0);
    expect(result.rejected.map((r) => r.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    const reasons = result.rejected.map((r) => r.reason);
    expect(reasons[1]).toMatch(/^score: /);
    expect(reasons[2]).toBe("score: score is above maxScore");
    expect(reasons[3]).toMatch(/^takenAt: /);
    expect(reasons[4]).toBe("takenAt: not a plausible date (2000 to today)");
    expect(reasons[5]).toBe("subject: one of subject, direction, testName is required");
    expect(reasons[6]).toBe("correct: correct is above total");
    expect(reasons[7]).toMatch(/extra/);
    expect(await count(user.id)).toBe(1);
  });

  test("a malformed body is refused whole", async () => {
    const user = await createUser(server.ctx.db);
    for (const body of [{}, { items: [] }, { items: "x" }, { items: Array(201).fill({}) }, [1, 2]])
      expect((await api().post("/me/legacy-results", body, user.token)).status).toBe(400);
    expect((await api().post("/me/legacy-results", "{not json", user.token)).status).toBe(400);
    expect((await api().post("/me/legacy-results", { items: [{}] })).status).toBe(401);
  });

  test("importing twice changes nothing: the same result in another spelling is a duplicate", async () => {
    const user = await createUser(server.ctx.db);
    const items = [
      { takenAt: "2025-03-01T10:00:00+05:00", subject: "Fizika", score: 143.6, maxScore: 189 },
      { takenAt: "2025-03-02", subject: "Kimyo", score: 100, maxScore: 189 },
    ];
    expect(await upload(user, items)).toEqual({ imported: 2, duplicates: 0, rejected: [] });
    expect(await upload(user, items)).toEqual({ imported: 0, duplicates: 2, rejected: [] });
    // The same instant in UTC, the fields in another order, and a repeat inside one chunk.
    const again = { maxScore: 189, score: 143.6, subject: "Fizika", takenAt: "2025-03-01T05:00:00Z" };
    expect(await upload(user, [again, again])).toEqual({ imported: 0, duplicates: 2, rejected: [] });
    expect(await count(user.id)).toBe(2);
  });

  test("another student's data is untouchable: the same items are theirs apart, lists are one's own", async () => {
    const alice = await createUser(server.ctx.db);
    const bob = await createUser(server.ctx.db);
    const items = [{ takenAt: "2025-05-05", subject: "Biologiya", score: 50, maxScore: 100 }];
    expect((await upload(alice, items)).imported).toBe(1);
    const before = await history(alice);
    expect((await upload(bob, items)).imported).toBe(1);
    expect(await history(alice)).toEqual(before);
    const bobs = await history(bob);
    expect(bobs).toHaveLength(1);
    expect(bobs[0]!.id).not.toBe(before[0]!.id);
  });
});

describe("the SDK's import from LocalStorage", () => {
  const config = legacyConfig({ chunkSize: 100, afterImport: "remove" });

  test("a chunk fails halfway: nothing is marked, a retry resumes, the end state is an uninterrupted import's", async () => {
    const interrupted = await createUser(server.ctx.db);
    const straight = await createUser(server.ctx.db);
    const data = JSON.stringify(oldSite(250));
    const storage = memoryStorage();
    storage.setItem("dtm_results", data);
    expect(legacyImportStatus(storage, config)).toBe("pending");

    let calls = 0;
    // The second chunk reaches the server and is stored, but its answer is lost on the way back.
    const flaky = async (body: LegacyResultsBody) => {
      const res = await api().post("/me/legacy-results", body, interrupted.token);
      if (++calls === 2) throw new Error("network: connection reset");
      return legacyImportResponse.parse(res.body);
    };
    await expect(importFromStorage(storage, flaky, config)).rejects.toThrow(/connection reset/);
    expect(storage.getItem("dtm_results")).toBe(data);
    expect(legacyImportStatus(storage, config)).toBe("pending");
    expect(await count(interrupted.id)).toBe(200);

    const summary = await importFromStorage(storage, flaky, config);
    expect(calls).toBe(4); // chunk 2 again, then chunk 3; chunk 1 was confirmed and is not sent again
    // Chunk 2 was stored by the lost call: the retry finds its items already there.
    expect(summary).toMatchObject({
      found: 250,
      imported: 150,
      duplicates: 100,
      rejected: [],
      unreadable: [],
    });
    expect(storage.getItem("dtm_results")).toBeNull();
    expect(legacyImportStatus(storage, config)).toBe("done");

    const other = memoryStorage();
    other.setItem("dtm_results", data);
    const direct = await importFromStorage(
      other,
      async (body) =>
        legacyImportResponse.parse((await api().post("/me/legacy-results", body, straight.token)).body),
      config,
    );
    expect(direct).toMatchObject({ found: 250, imported: 250, duplicates: 0 });
    const strip = (items: Awaited<ReturnType<typeof history>>) =>
      items.map(({ id: _id, importedAt: _at, ...rest }) => rest);
    expect(strip(await history(interrupted))).toEqual(strip(await history(straight)));
    expect(await count(interrupted.id)).toBe(250);
  });

  test("rejected entries are reported by their place in the stored list; an unreadable key is left alone", async () => {
    const user = await createUser(server.ctx.db);
    const storage = memoryStorage();
    const entries = [
      ...oldSite(3),
      { date: "31.12.2024 18:30", fan: "Kimyo", ball: "55,5", max: 189 },
      { subject: "x" },
    ];
    storage.setItem("dtm_results", JSON.stringify({ results: entries }));
    storage.setItem("old_results", "{broken");
    const cfg = legacyConfig({ keys: ["dtm_results", "old_results"], chunkSize: 2 });
    const send = async (body: LegacyResultsBody) =>
      legacyImportResponse.parse((await api().post("/me/legacy-results", body, user.token)).body);
    const summary = await importFromStorage(storage, send, cfg);
    expect(summary).toMatchObject({ found: 5, imported: 4, duplicates: 0, unreadable: ["old_results"] });
    expect(summary.rejected).toEqual([{ index: 4, reason: expect.stringMatching(/^takenAt: /) }]);
    expect(storage.getItem("old_results")).toBe("{broken");
    expect(storage.getItem("dtm_results")).not.toBeNull(); // "keep": marked in the state, not removed
    expect(legacyImportStatus(storage, cfg)).toBe("done");
    const kimyo = (await history(user)).find((i) => i.subject === "Kimyo")!;
    expect(kimyo).toMatchObject({ takenAt: "2024-12-31T13:30:00.000Z", score: 55.5, maxScore: 189 });
  });
});
