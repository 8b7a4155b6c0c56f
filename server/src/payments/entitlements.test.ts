import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  apiClient,
  call,
  connectRaw,
  createExam,
  createSession,
  createUser,
  type RawSocket,
  startTestServer,
  type TestServer,
  type TestUser,
} from "@imtihon/testing";
import { paymeCall } from "./provider-client.ts";

/** attempt:start of a paid exam against real orders paid through the Payme endpoint. */
const KEY = "entitlement-test-key";
let server: TestServer;
let admin: TestUser;
const sockets: RawSocket[] = [];
let seq = 0;

async function socketOf(user: TestUser) {
  const s = await connectRaw(server.url, user.token);
  sockets.push(s);
  return s;
}

async function order(user: TestUser, body: { examId: string } | { productId: string }) {
  const res = await apiClient(server.url).post("/orders", body, user.token);
  expect(res.status).toBe(201);
  return res.body.order as { id: string; amountUzs: number };
}

async function create(o: { id: string; amountUzs: number }) {
  const id = `ent-${Date.now()}-${++seq}`;
  const r = await paymeCall(server.url, KEY, "CreateTransaction", {
    id,
    time: Date.now(),
    amount: o.amountUzs * 100,
    account: { order_id: o.id },
  });
  expect(r.result.state).toBe(1);
  return id;
}

async function pay(o: { id: string; amountUzs: number }) {
  const id = await create(o);
  const r = await paymeCall(server.url, KEY, "PerformTransaction", { id });
  expect(r.result.state).toBe(2);
  return id;
}

const start = (s: RawSocket, examId: string) => call(s, "attempt:start", { examId });

beforeAll(async () => {
  server = await startTestServer({
    payme: { merchantId: "m", key: KEY, checkoutUrl: "https://checkout.paycom.uz" },
  });
  admin = await createUser(server.ctx.db, "admin");
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await server?.stop();
});

describe("entitlements", () => {
  test("refused before paying and while the order is only created; one purchase is one attempt", async () => {
    const exam = await createExam(server.ctx.db, { priceUzs: 10_000 });
    const student = await createUser(server.ctx.db);
    const s = await socketOf(student);
    expect(await start(s, exam.id)).toMatchObject({ ok: false, error: { code: "payment_required" } });
    const o = await order(student, { examId: exam.id });
    expect(await start(s, exam.id)).toMatchObject({ ok: false, error: { code: "payment_required" } });
    const txId = await create(o);
    expect(await start(s, exam.id)).toMatchObject({ ok: false, error: { code: "payment_required" } });
    await paymeCall(server.url, KEY, "PerformTransaction", { id: txId });
    const first = await start(s, exam.id);
    if (!first.ok) throw new Error(JSON.stringify(first));
    // Resuming the open attempt uses no grant.
    const resumed = await start(s, exam.id);
    expect(resumed).toMatchObject({ ok: true, attempt: { id: first.attempt.id } });
    await call(s, "attempt:submit", { attemptId: first.attempt.id });
    expect(await start(s, exam.id)).toMatchObject({ ok: false, error: { code: "payment_required" } });
    const uses = await server.ctx.db
      .selectFrom("entitlement_uses")
      .selectAll()
      .where("attempt_id", "=", first.attempt.id)
      .execute();
    expect(uses).toHaveLength(1);
    // Used: Payme may no longer cancel it.
    expect((await paymeCall(server.url, KEY, "CancelTransaction", { id: txId, reason: 5 })).error.code).toBe(
      -31007,
    );
    // A second purchase is a second attempt.
    await pay(await order(student, { examId: exam.id }));
    expect(await start(s, exam.id)).toMatchObject({ ok: true });
    expect((await start(s, exam.id)).ok).toBe(true);
  });

  test("two tabs starting at once consume one grant", async () => {
    const exam = await createExam(server.ctx.db, { priceUzs: 20_000 });
    const student = await createUser(server.ctx.db);
    await pay(await order(student, { examId: exam.id }));
    await pay(await order(student, { examId: exam.id }));
    const tabs = await Promise.all([socketOf(student), socketOf(student), socketOf(student)]);
    const acks = await Promise.all(tabs.map((t) => start(t, exam.id)));
    const ids = new Set(acks.map((a) => (a.ok ? a.attempt.id : "refused")));
    expect(ids.size).toBe(1);
    expect(ids.has("refused")).toBe(false);
    const used = await server.ctx.db
      .selectFrom("entitlements")
      .select((eb) => eb.fn.sum<string>("attempts_used").as("n"))
      .where("user_id", "=", student.id)
      .executeTakeFirstOrThrow();
    expect(Number(used.n)).toBe(1);
  });

  test("a refunded order grants nothing, and another student's grant is not mine", async () => {
    const exam = await createExam(server.ctx.db, { priceUzs: 30_000 });
    const student = await createUser(server.ctx.db);
    const other = await createUser(server.ctx.db);
    const o = await order(student, { examId: exam.id });
    const txId = await pay(o);
    const theirs = await socketOf(other);
    expect(await start(theirs, exam.id)).toMatchObject({ ok: false, error: { code: "payment_required" } });
    expect(
      (await paymeCall(server.url, KEY, "CancelTransaction", { id: txId, reason: 5 })).result.state,
    ).toBe(-2);
    expect(await start(await socketOf(student), exam.id)).toMatchObject({
      ok: false,
      error: { code: "payment_required" },
    });

    // An admin refund revokes too, and the console says whether it was used.
    const o2 = await order(student, { examId: exam.id });
    await pay(o2);
    const api = apiClient(server.url);
    const refund = await api.post(`/admin/orders/${o2.id}/refund`, {}, admin.token);
    expect(refund.status).toBe(200);
    expect(refund.body.order).toMatchObject({ status: "refunded", attemptsUsed: 0 });
    expect((await api.post(`/admin/orders/${o2.id}/refund`, {}, admin.token)).status).toBe(409);
    expect((await api.post(`/admin/orders/${o2.id}/refund`, {}, student.token)).status).toBe(403);
    expect(await start(await socketOf(student), exam.id)).toMatchObject({
      ok: false,
      error: { code: "payment_required" },
    });
  });

  test("a product's period expires; unlimited attempts within it; all paid exams", async () => {
    const a = await createExam(server.ctx.db, { priceUzs: 15_000 });
    const b = await createExam(server.ctx.db, { priceUzs: 25_000 });
    const api = apiClient(server.url);
    const created = await api.post(
      "/admin/products",
      {
        title: "30 kun, barcha DTM testlari",
        priceUzs: 99_000,
        grants: { examIds: null, attempts: null, days: 30 },
      },
      admin.token,
    );
    expect(created.status).toBe(201);
    const productId = created.body.product.id as string;
    const list = await api.get("/products", admin.token);
    expect(list.body.items).toContainEqual({
      id: productId,
      title: "30 kun, barcha DTM testlari",
      priceUzs: 99_000,
      grants: { examIds: null, attempts: null, days: 30 },
    });
    expect(list.body.items).toContainEqual(
      expect.objectContaining({ priceUzs: 15_000, grants: { examIds: [a.id], attempts: 1, days: null } }),
    );

    const student = await createUser(server.ctx.db);
    const o = await order(student, { productId });
    expect(o.amountUzs).toBe(99_000);
    await pay(o);
    const s = await socketOf(student);
    for (let i = 0; i < 3; i++) {
      const r = await start(s, i % 2 ? b.id : a.id);
      if (!r.ok) throw new Error(JSON.stringify(r));
      await call(s, "attempt:submit", { attemptId: r.attempt.id });
    }
    // 31 days later the period is over.
    await server.ctx.db
      .updateTable("entitlements")
      .set({ valid_until: new Date(Date.now() - 1000) })
      .where("order_id", "=", o.id)
      .execute();
    expect(await start(s, a.id)).toMatchObject({ ok: false, error: { code: "payment_required" } });

    // A retired product is no longer sold; an edit changes later orders only.
    const edited = await api.call(
      "PATCH",
      `/admin/products/${productId}`,
      { priceUzs: 120_000 },
      admin.token,
    );
    expect(edited.body.product.priceUzs).toBe(120_000);
    expect((await order(student, { productId })).amountUzs).toBe(120_000);
    expect(
      (await api.post(`/admin/products/${productId}/retire`, {}, admin.token)).body.product.retiredAt,
    ).not.toBeNull();
    expect((await api.post("/orders", { productId }, student.token)).status).toBe(404);
    expect(
      (await api.get("/products", student.token)).body.items.map((p: { id: string }) => p.id),
    ).not.toContain(productId);
  });

  test("joining a paid live session uses one grant; joining again resumes and uses none", async () => {
    const exam = await createExam(server.ctx.db, { priceUzs: 40_000, mode: "live" });
    const sessionId = await createSession(server.ctx.db, exam.id, admin.id);
    const student = await createUser(server.ctx.db);
    const s = await socketOf(student);
    expect(await call(s, "attempt:start", { sessionId })).toMatchObject({
      ok: false,
      error: { code: "payment_required" },
    });
    const o = await order(student, { examId: exam.id });
    await pay(o);
    const first = await call(s, "attempt:start", { sessionId });
    if (!first.ok) throw new Error(JSON.stringify(first));
    expect(await call(s, "attempt:start", { sessionId })).toMatchObject({
      ok: true,
      attempt: { id: first.attempt.id },
    });
    const grant = await server.ctx.db
      .selectFrom("entitlements")
      .select("attempts_used")
      .where("order_id", "=", o.id)
      .executeTakeFirstOrThrow();
    expect(grant.attempts_used).toBe(1);
  });

  test("bad product and order input is refused and changes nothing", async () => {
    const api = apiClient(server.url);
    const student = await createUser(server.ctx.db);
    const free = await createExam(server.ctx.db);
    const before = await server.ctx.db
      .selectFrom("orders")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow();
    expect((await api.post("/orders", { examId: free.id }, student.token)).status).toBe(409);
    expect(
      (await api.post("/orders", { examId: "00000000-0000-4000-8000-000000000000" }, student.token)).status,
    ).toBe(404);
    expect((await api.post("/orders", { examId: free.id, productId: free.id }, student.token)).status).toBe(
      400,
    );
    expect((await api.post("/orders", { examId: free.id })).status).toBe(401);
    const bad = [
      { title: "x", priceUzs: 1.5, grants: { examIds: null, attempts: 1, days: null } },
      { title: "x", priceUzs: 100, grants: { examIds: null, attempts: null, days: null } },
      { title: "x", priceUzs: -1, grants: { examIds: null, attempts: 1, days: null } },
      {
        title: "x",
        priceUzs: 100,
        grants: { examIds: ["00000000-0000-4000-8000-000000000000"], attempts: 1, days: null },
      },
    ];
    for (const body of bad) expect((await api.post("/admin/products", body, admin.token)).status).toBe(400);
    expect((await api.post("/admin/products", bad[0], student.token)).status).toBe(403);
    const after = await server.ctx.db
      .selectFrom("orders")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });
});
