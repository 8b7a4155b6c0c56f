import { createExamClient } from "@imtihon/client-sdk";
import { sessionHistoryResponse } from "@imtihon/client-sdk/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  apiClient,
  call,
  connectRaw,
  createExam,
  createSession,
  createUser,
  startTestServer,
  type TestServer,
} from "@imtihon/testing";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

describe("GET /sessions/:id/history", () => {
  it("returns the session's integrity events and messages from the database, to its proctor and admins only", async () => {
    const db = server.ctx.db;
    const exam = await createExam(db, { mode: "live", sections: [{ title: "A", count: 2, points: 1 }] });
    const proctor = await createUser(db, "proctor", "Proktor Bir");
    const otherProctor = await createUser(db, "proctor");
    const admin = await createUser(db, "admin");
    const student = await createUser(db, "student", "Дилноза Каримова");
    const sessionId = await createSession(db, exam.id, proctor.id);
    const api = apiClient(server.url);

    const empty = await api.get(`/sessions/${sessionId}/history`, proctor.token);
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual({ integrity: [], messages: [] });

    const socket = await connectRaw(server.url, student.token);
    const client = createExamClient({ url: server.url, getToken: () => proctor.token });
    try {
      const join = await call(socket, "attempt:start", { sessionId });
      if (!join.ok) throw new Error(JSON.stringify(join));
      const attemptId = join.attempt.id;
      const watch = await client.watchSession(sessionId);
      await watch.start();
      const report = await call(socket, "integrity:report", {
        attemptId,
        kind: "copy",
        at: new Date().toISOString(),
      });
      expect(report.ok).toBe(true);
      await watch.message("Telefonlarni oʻchiring");
      await watch.message("Dilnoza, oldinga oʻtiring", attemptId);

      // Events are written before they are forwarded; poll for the stored copy all the same.
      await expect
        .poll(
          async () => (await api.get(`/sessions/${sessionId}/history`, proctor.token)).body.integrity.length,
        )
        .toBeGreaterThan(0);
      const res = await api.get(`/sessions/${sessionId}/history`, proctor.token);
      const body = sessionHistoryResponse.parse(res.body);
      expect(body.integrity).toContainEqual(
        expect.objectContaining({ attemptId, kind: "copy", fullName: "Дилноза Каримова", source: "client" }),
      );
      expect(body.messages).toEqual([
        expect.objectContaining({
          attemptId,
          fullName: "Дилноза Каримова",
          text: "Dilnoza, oldinga oʻtiring",
        }),
        expect.objectContaining({ attemptId: null, fullName: null, text: "Telefonlarni oʻchiring" }),
      ]);
      expect((await api.get(`/sessions/${sessionId}/history`, admin.token)).status).toBe(200);
      // The student reads what was sent to them (and to all), oldest first; others may not.
      const mine = await api.get(`/attempts/${attemptId}/messages`, student.token);
      expect(mine.status).toBe(200);
      expect(mine.body.items.map((m: { text: string; toAll: boolean }) => [m.text, m.toAll])).toEqual([
        ["Telefonlarni oʻchiring", true],
        ["Dilnoza, oldinga oʻtiring", false],
      ]);
      expect((await api.get(`/attempts/${attemptId}/messages`, proctor.token)).status).toBe(200);
      expect((await api.get(`/attempts/${attemptId}/messages`, otherProctor.token)).status).toBe(403);
      const stranger = await createUser(db, "student");
      expect((await api.get(`/attempts/${attemptId}/messages`, stranger.token)).status).toBe(403);
      expect(
        (await api.get(`/attempts/00000000-0000-4000-8000-000000000000/messages`, student.token)).status,
      ).toBe(404);
      await watch.close();
    } finally {
      socket.disconnect();
      client.close();
    }

    expect((await api.get(`/sessions/${sessionId}/history`, otherProctor.token)).status).toBe(403);
    expect((await api.get(`/sessions/${sessionId}/history`, student.token)).status).toBe(403);
    expect((await api.get(`/sessions/${sessionId}/history`)).status).toBe(401);
    expect(
      (await api.get(`/sessions/00000000-0000-4000-8000-000000000000/history`, proctor.token)).status,
    ).toBe(404);
    expect((await api.get(`/sessions/not-a-uuid/history`, proctor.token)).status).toBe(404);
  });
});
