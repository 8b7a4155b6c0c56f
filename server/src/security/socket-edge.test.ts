import { clientPayloads, type ClientEventName } from "@imtihon/client-sdk/protocol";
import fc from "fast-check";
import { RateLimiterMemory } from "rate-limiter-flexible";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import WebSocket from "ws";
import {
  call,
  connectRaw,
  createExam,
  createSession,
  createUser,
  type ExamFixture,
  type RawSocket,
  startTestServer,
  type TestServer,
  type TestUser,
} from "@imtihon/testing";
import { fingerprint } from "./fingerprint.ts";

// The Socket.IO edge under hostile clients: cross-site handshakes, frames over the 16 KB limit,
// floods, and generated payloads on every client event.

let server: TestServer;
let exam: ExamFixture;
let alice: TestUser;
let bob: TestUser;
let proctor: TestUser;
let sessionId: string;
let attemptId: string;
const sockets: RawSocket[] = [];

async function raw(token: string, headers?: Record<string, string>) {
  const s = await connectRaw(server.url, token, { headers });
  sockets.push(s);
  return s;
}

beforeAll(async () => {
  server = await startTestServer({ socketOrigins: ["https://imtihon.example"] });
  const { db } = server.ctx;
  exam = await createExam(db, { durationSeconds: 3600 });
  [alice, bob, proctor] = await Promise.all([createUser(db), createUser(db), createUser(db, "proctor")]);
  sessionId = await createSession(db, exam.id, proctor.id);
  const s = await raw(alice.token);
  const started = await call(s, "attempt:start", { examId: exam.id });
  if (!started.ok) throw new Error(JSON.stringify(started));
  attemptId = started.attempt.id;
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await server?.stop();
});

describe("cross-site WebSocket hijacking", () => {
  const wsUrl = () => `${server.url.replace("http", "ws")}/socket.io/?EIO=4&transport=websocket`;

  function upgrade(origin: string | undefined): Promise<number | "open"> {
    return new Promise((resolve) => {
      const ws = new WebSocket(wsUrl(), { headers: origin ? { origin } : {} });
      ws.on("open", () => {
        ws.close();
        resolve("open");
      });
      ws.on("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
      ws.on("error", () => resolve(0));
    });
  }

  test("a websocket handshake from a disallowed Origin is refused before any upgrade", async () => {
    for (const origin of [
      "https://evil.example",
      "null",
      "https://imtihon.example.evil.example",
      "http://127.0.0.1.evil.example",
    ]) {
      expect(await upgrade(origin), origin).not.toBe("open");
    }
    expect(await upgrade("https://imtihon.example")).toBe("open");
    await expect(raw(alice.token, { origin: "https://evil.example" })).rejects.toThrow();
  });

  test("long-polling is refused, from a foreign origin or not", async () => {
    for (const origin of ["https://evil.example", "https://imtihon.example", undefined]) {
      const res = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling`, {
        headers: origin ? { origin } : {},
      });
      expect(res.status, String(origin)).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.headers.get("access-control-allow-origin")).not.toBe("https://evil.example");
    }
  });
});

describe("oversized frames and floods", () => {
  test("a frame over 16 KB closes only the sender's connection; others carry on", async () => {
    const attacker = await raw(bob.token);
    const bystander = await raw(alice.token);
    const closed = new Promise<string>((r) => attacker.once("disconnect", (reason) => r(reason)));
    (attacker as unknown as { emit(e: string, p: unknown): void }).emit("time:sync", {
      clientNow: 1,
      pad: "x".repeat(20_000),
    });
    expect(await closed).toBe("transport close");
    const saved = await call(bystander, "answer:save", {
      attemptId,
      questionId: exam.questions[0]!.id,
      response: { choice: "b" },
      seq: 1,
    });
    expect(saved).toMatchObject({ ok: true, seq: 1 });
  });

  test("a flood of events is rate limited per user without slowing another user's saves", async () => {
    const flooder = await createUser(server.ctx.db);
    const f = await raw(flooder.token);
    const bystander = await raw(alice.token);
    // 250: past the per-socket budget (150) but short of the debt that disconnects (floods.test.ts).
    const flood = Promise.all(Array.from({ length: 250 }, (_, i) => call(f, "time:sync", { clientNow: i })));
    const saves = await Promise.all(
      exam.questions
        .slice(1, 4)
        .map((q) =>
          call(bystander, "answer:save", { attemptId, questionId: q.id, response: { choice: "a" }, seq: 1 }),
        ),
    );
    const acks = await flood;
    const limited = acks.filter((a) => !a.ok && a.error.code === "rate_limited").length;
    expect(acks.filter((a) => a.ok).length).toBeLessThanOrEqual(60);
    expect(limited).toBe(acks.length - acks.filter((a) => a.ok).length);
    expect(saves.every((s) => s.ok)).toBe(true);
    // A save flood hits its own budget too (a whole sheet: 120 per 10 s), from a fresh socket.
    const f2 = await raw(flooder.token);
    const saveFlood = await Promise.all(
      Array.from({ length: 250 }, (_, i) =>
        call(f2, "answer:save", {
          attemptId,
          questionId: exam.questions[0]!.id,
          response: { choice: "a" },
          seq: i + 10,
        }),
      ),
    );
    expect(saveFlood.filter((a) => !a.ok && a.error.code === "rate_limited").length).toBeGreaterThanOrEqual(
      80,
    );
    expect(saveFlood.some((a) => a.ok)).toBe(false); // not Alice's attempt either way
    console.log(
      `[security] flood: ${acks.length} events, ${limited} rate_limited; bystander saves all acked`,
    );
  });
});

describe("generated payloads on every client event", () => {
  const events = Object.keys(clientPayloads) as ClientEventName[];
  const valid: Record<ClientEventName, () => Record<string, unknown>> = {
    "attempt:start": () => ({ examId: exam.id }),
    "answer:save": () => ({
      attemptId,
      questionId: exam.questions[0]!.id,
      response: { choice: "a" },
      seq: 5,
    }),
    "attempt:submit": () => ({ attemptId }),
    "attempt:resume": () => ({ attemptId }),
    "time:sync": () => ({ clientNow: 1 }),
    "integrity:report": () => ({ attemptId, kind: "copy", at: new Date().toISOString() }),
    "auth:refresh": () => ({ token: alice.token }),
    "session:watch": () => ({ sessionId }),
    "session:start": () => ({ sessionId }),
    "session:pause": () => ({ sessionId }),
    "session:resume": () => ({ sessionId }),
    "session:end": () => ({ sessionId }),
    "attempt:extend": () => ({ attemptId, seconds: 60 }),
    "attempt:terminate": () => ({ attemptId, reason: "x" }),
    "proctor:message": () => ({ sessionId, text: "x" }),
  };

  test("the valid examples cover every event of the protocol", () => {
    expect(Object.keys(valid).sort()).toEqual([...events].sort());
  });

  test.each(events)(
    "%s: invalid payloads get invalid_payload, the socket lives, no row changes",
    async (event) => {
      // Lift the per-user budget for this socket so the validator, not the limiter, answers.
      server.ctx.limiters.socketOther = new RateLimiterMemory({ points: 1e6, duration: 1 });
      server.ctx.limiters.socketSave = new RateLimiterMemory({ points: 1e6, duration: 1 });
      const s = await raw(bob.token);
      const base = valid[event]();
      const schema = clientPayloads[event];
      const payload = fc.oneof(
        fc.jsonValue({ maxDepth: 3 }),
        fc.constantFrom(undefined, null, 0, "", [], "__proto__", { __proto__: { ok: true } }),
        fc
          .tuple(
            fc.constantFrom(...Object.keys(base)),
            fc.jsonValue({ maxDepth: 2 }),
            fc.constantFrom("change", "drop", "add"),
          )
          .map(([k, v, how]) => {
            const copy: Record<string, unknown> = { ...base };
            if (how === "change") copy[k] = v;
            else if (how === "drop") delete copy[k];
            else copy[`${k}_extra`] = v;
            return copy;
          }),
      );
      let invalid = 0;
      const before = await fingerprint(server.ctx.sql);
      await fc.assert(
        fc.asyncProperty(payload, async (p) => {
          // Only payloads the contract's schema refuses are the subject here.
          if (schema.safeParse(p).success) return;
          invalid++;
          const ack = await call(s, event, p);
          expect(ack, JSON.stringify(p)).toMatchObject({ ok: false, error: { code: "invalid_payload" } });
        }),
        { numRuns: 40 },
      );
      expect(s.connected).toBe(true);
      expect(await fingerprint(server.ctx.sql)).toBe(before);
      expect(invalid).toBeGreaterThan(0);
    },
  );
});
