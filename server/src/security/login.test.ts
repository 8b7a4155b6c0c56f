import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startTestServer, type TestServer } from "@imtihon/testing";

// Password guessing: blocked per (account, address) without locking the owner out from elsewhere;
// an unknown account and a wrong password look the same from outside.

let server: TestServer;
const OWNER = { email: "owner-login@test.local", password: "owner-pass-123" };

async function login(body: unknown, ip: string) {
  const started = performance.now();
  const res = await fetch(`${server.url}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": ip },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    text,
    ms: performance.now() - started,
    retryAfter: res.headers.get("retry-after"),
  };
}

beforeAll(async () => {
  server = await startTestServer();
  const reg = await fetch(`${server.url}/api/v1/auth/register`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ ...OWNER, fullName: "Owner" }),
  });
  expect(reg.status).toBe(201);
});
afterAll(() => server?.stop());

describe("password guessing", () => {
  test("an attacker's address is blocked after 5 failures, even with the right password; the owner elsewhere signs in", async () => {
    const attacker = "203.0.113.7";
    const tries = [];
    for (let i = 0; i < 8; i++)
      tries.push(await login({ email: OWNER.email, password: `guess-${i}` }, attacker));
    expect(tries.slice(0, 5).map((t) => t.status)).toEqual([401, 401, 401, 401, 401]);
    expect(tries.slice(5).map((t) => t.status)).toEqual([429, 429, 429]);
    expect(Number(tries[7]!.retryAfter)).toBeGreaterThan(0);
    // The right password from the blocked address is still refused: guessing cannot be confirmed.
    expect((await login(OWNER, attacker)).status).toBe(429);
    // The owner, at the exam hall's address, is not locked out.
    expect((await login(OWNER, "198.51.100.20")).status).toBe(200);
    // Nor is another account from the attacker's address (the block is per account + address).
    const other = await login({ email: "someone-else@test.local", password: "whatever-1" }, attacker);
    expect(other.status).toBe(401);
  });

  test("unknown account and wrong password: same status and body; timing measured", async () => {
    const unknown: number[] = [];
    const wrong: number[] = [];
    const bodies = new Set<string>();
    const statuses = new Set<number>();
    // Interleaved, each from its own address so no limit interferes; the first pair warms up.
    for (let i = 0; i < 16; i++) {
      const u = await login(
        { email: `nobody-${i}@test.local`, password: "wrong-pass-1" },
        `192.0.2.${i + 1}`,
      );
      const w = await login({ email: OWNER.email, password: `wrong-pass-${i}` }, `192.0.2.${i + 101}`);
      bodies.add(u.text).add(w.text);
      statuses.add(u.status).add(w.status);
      if (i > 0) {
        unknown.push(u.ms);
        wrong.push(w.ms);
      }
    }
    expect([...statuses]).toEqual([401]);
    expect(bodies.size).toBe(1);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    console.log(
      `[security] login timing over ${unknown.length} each: unknown email median ${median(unknown).toFixed(1)} ms, ` +
        `wrong password median ${median(wrong).toFixed(1)} ms (not asserted: shared 2-core machine)`,
    );
  });
});
