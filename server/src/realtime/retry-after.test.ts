import { RateLimiterMemory } from "rate-limiter-flexible";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { call, connectRaw, createUser, startTestServer, type TestServer } from "@imtihon/testing";
import { budgetWait, SOCKET_BUDGET } from "./socket-guard.ts";

// Issue 13: a socket event refused as `rate_limited` says how long to wait (`error.retryAfter`, whole
// seconds), as HTTP's Retry-After does, so the web client can tell the student in their language.
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

type Refusal = { ok: false; error: { code: string; retryAfter?: number } };

describe("rate_limited acks carry retryAfter", () => {
  test("the per-user event limit: the limiter's own wait, 1..10 s", async () => {
    const user = await createUser(server.ctx.db);
    const socket = await connectRaw(server.url, user.token);
    try {
      // Spend the user's budget of other events (60 per 10 s) as a burst of events would.
      await server.ctx.limiters.socketOther.penalty(user.id, 60);
      const ack = (await call(socket, "time:sync", { clientNow: Date.now() })) as Refusal;
      expect(ack.ok).toBe(false);
      expect(ack.error.code).toBe("rate_limited");
      expect(Number.isInteger(ack.error.retryAfter)).toBe(true);
      expect(ack.error.retryAfter).toBeGreaterThanOrEqual(1);
      expect(ack.error.retryAfter).toBeLessThanOrEqual(10);
    } finally {
      socket.disconnect();
    }
  });

  test("the per-socket budget: every refusal says when a token is back", async () => {
    const user = await createUser(server.ctx.db);
    // Only the per-socket budget may refuse here: the per-user limit is lifted for this socket.
    const saved = server.ctx.limiters.socketOther;
    server.ctx.limiters.socketOther = new RateLimiterMemory({ points: 1e6, duration: 1 });
    const socket = await connectRaw(server.url, user.token);
    server.ctx.limiters.socketOther = saved;
    try {
      const acks = (await Promise.all(
        Array.from({ length: SOCKET_BUDGET.burst + 20 }, () => call(socket, "time:sync", { clientNow: 0 })),
      )) as ({ ok: true } | Refusal)[];
      const refused = acks.filter((a): a is Refusal => !a.ok);
      expect(refused.length).toBeGreaterThan(0);
      for (const a of refused) {
        expect(a.error.code).toBe("rate_limited");
        expect(a.error.retryAfter).toBeGreaterThanOrEqual(1);
      }
    } finally {
      socket.disconnect();
    }
  });

  test("the budget's wait: a second for a short debt, longer as the debt grows", () => {
    expect(budgetWait(-0.5)).toBe(1);
    expect(budgetWait(-SOCKET_BUDGET.perSecond)).toBe(2);
    expect(budgetWait(-3 * SOCKET_BUDGET.perSecond)).toBe(4);
  });
});
