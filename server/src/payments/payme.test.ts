import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  apiClient,
  createExam,
  createUser,
  startTestServer,
  type TestServer,
  type TestUser,
} from "@imtihon/testing";
import { PAYME_TIMEOUT_MS } from "./payme/methods.ts";
import { paymeAuth, paymeCall } from "./provider-client.ts";

/** The Payme sandbox's own sequence, against a real server and Postgres. */
const KEY = "payme-test-key-&-secret";
let server: TestServer;
let student: TestUser;
let examId: string;
const PRICE = 45_000;
let txSeq = 0;
const txId = () => `payme-tx-${Date.now()}-${++txSeq}`;

const rpc = (method: string, params: Record<string, unknown>) => paymeCall(server.url, KEY, method, params);

async function newOrder(): Promise<string> {
  const res = await apiClient(server.url).post("/orders", { examId }, student.token);
  expect(res.status).toBe(201);
  return res.body.order.id as string;
}

async function orderStatus(id: string) {
  const res = await apiClient(server.url).get(`/orders/${id}`, student.token);
  return res.body.order.status as string;
}

beforeAll(async () => {
  server = await startTestServer({
    payme: {
      merchantId: "6500aa00bb00cc00dd00ee00",
      key: KEY,
      checkoutUrl: "https://checkout.test.paycom.uz",
    },
  });
  student = await createUser(server.ctx.db, "student");
  examId = (await createExam(server.ctx.db, { priceUzs: PRICE })).id;
});
afterAll(async () => server?.stop());

describe("Payme Merchant API", () => {
  test("the checkout link is base64 of m, ac.order_id, a (tiyin) and c", async () => {
    const res = await apiClient(server.url).post("/orders", { examId }, student.token);
    const link = res.body.order.checkout.payme as string;
    expect(link.startsWith("https://checkout.test.paycom.uz/")).toBe(true);
    const decoded = Buffer.from(link.split("/").pop()!, "base64").toString();
    expect(decoded).toBe(
      `m=6500aa00bb00cc00dd00ee00;ac.order_id=${res.body.order.id};a=${PRICE * 100};c=${server.ctx.config.publicUrl}/payments/orders/${res.body.order.id}`,
    );
    expect(res.body.order.checkout.click).toBeUndefined();
  });

  test("bad auth, malformed JSON, unknown method: Payme's codes with HTTP 200", async () => {
    const orderId = await newOrder();
    const params = { amount: PRICE * 100, account: { order_id: orderId } };
    for (const authorization of [
      "",
      "Basic " + Buffer.from("Paycom:wrong").toString("base64"),
      "Bearer x",
      paymeAuth(KEY).slice(0, -2),
    ]) {
      const a = await paymeCall(server.url, KEY, "CheckPerformTransaction", params, { authorization });
      expect(a.error.code).toBe(-32504);
      expect(a.error.message).toMatchObject({
        ru: expect.any(String),
        uz: expect.any(String),
        en: expect.any(String),
      });
    }
    const bad = await paymeCall(server.url, KEY, "x", {}, { rawBody: "{not json" });
    expect(bad).toMatchObject({ id: null, error: { code: -32700 } });
    const get = await fetch(`${server.url}/api/v1/payments/payme`);
    expect(get.status).toBe(200);
    expect((await get.json()).error.code).toBe(-32300);
    const unknown = await rpc("ChargeEverything", {});
    expect(unknown.error.code).toBe(-32601);
    const noParams = await paymeCall(
      server.url,
      KEY,
      "x",
      {},
      { rawBody: JSON.stringify({ id: 9, method: "CheckTransaction" }) },
    );
    expect(noParams).toMatchObject({ id: 9, error: { code: -32600 } });
    expect(await orderStatus(orderId)).toBe("pending");
  });

  test("wrong amount, unknown order, fiscal detail", async () => {
    const orderId = await newOrder();
    expect(
      (await rpc("CheckPerformTransaction", { amount: PRICE * 100 - 1, account: { order_id: orderId } }))
        .error.code,
    ).toBe(-31001);
    expect(
      (await rpc("CheckPerformTransaction", { amount: PRICE, account: { order_id: orderId } })).error.code,
    ).toBe(-31001);
    expect(
      (await rpc("CheckPerformTransaction", { amount: 1.5, account: { order_id: orderId } })).error.code,
    ).toBe(-31001);
    const unknown = await rpc("CheckPerformTransaction", {
      amount: PRICE * 100,
      account: { order_id: "00000000-0000-4000-8000-000000000000" },
    });
    expect(unknown.error).toMatchObject({ code: -31050, data: "order_id" });
    expect(
      (await rpc("CheckPerformTransaction", { amount: PRICE * 100, account: { order_id: "42" } })).error.code,
    ).toBe(-31050);
    const create = await rpc("CreateTransaction", {
      id: txId(),
      time: Date.now(),
      amount: PRICE * 100 + 100,
      account: { order_id: orderId },
    });
    expect(create.error.code).toBe(-31001);
    const ok = await rpc("CheckPerformTransaction", { amount: PRICE * 100, account: { order_id: orderId } });
    expect(ok.result).toEqual({ allow: true });

    // With fiscal codes on the product, the receipt detail is part of the answer.
    const product = await server.ctx.db
      .selectFrom("products")
      .select("id")
      .where("exam_id", "=", examId)
      .executeTakeFirstOrThrow();
    await server.ctx.db
      .updateTable("products")
      .set({ ikpu: "10899002001000000", package_code: "1545643", vat_percent: 12 })
      .where("id", "=", product.id)
      .execute();
    const fiscal = await newOrder();
    const withDetail = await rpc("CheckPerformTransaction", {
      amount: PRICE * 100,
      account: { order_id: fiscal },
    });
    expect(withDetail.result).toEqual({
      allow: true,
      detail: {
        receipt_type: 0,
        items: [
          {
            title: expect.any(String),
            price: PRICE * 100,
            count: 1,
            code: "10899002001000000",
            package_code: "1545643",
            vat_percent: 12,
          },
        ],
      },
    });
  });

  test("create, repeat, rival transaction, perform, repeat, cancel after perform while unused", async () => {
    const orderId = await newOrder();
    const id = txId();
    const time = Date.now();
    const params = { id, time, amount: PRICE * 100, account: { order_id: orderId } };
    const created = await rpc("CreateTransaction", params);
    expect(created.result).toEqual({
      create_time: expect.any(Number),
      transaction: expect.any(String),
      state: 1,
    });
    const again = await rpc("CreateTransaction", params);
    expect(again.result).toEqual(created.result);
    // A second transaction on an order already awaiting payment: an account error.
    const rival = await rpc("CreateTransaction", { ...params, id: txId() });
    expect(rival.error.code).toBeLessThanOrEqual(-31050);
    expect(rival.error.code).toBeGreaterThanOrEqual(-31099);
    const busy = await rpc("CheckPerformTransaction", {
      amount: PRICE * 100,
      account: { order_id: orderId },
    });
    expect(busy.error.code).toBeLessThanOrEqual(-31050);
    const check1 = await rpc("CheckTransaction", { id });
    expect(check1.result).toEqual({
      create_time: created.result.create_time,
      perform_time: 0,
      cancel_time: 0,
      transaction: created.result.transaction,
      state: 1,
      reason: null,
    });
    expect(await orderStatus(orderId)).toBe("pending");

    const performed = await rpc("PerformTransaction", { id });
    expect(performed.result).toEqual({
      transaction: created.result.transaction,
      perform_time: expect.any(Number),
      state: 2,
    });
    expect(await rpc("PerformTransaction", { id })).toMatchObject({ result: performed.result });
    expect(await orderStatus(orderId)).toBe("paid");
    // Once performed, the same create answers -31008 and a paid order refuses new transactions.
    expect((await rpc("CreateTransaction", params)).error.code).toBe(-31008);
    expect((await rpc("CreateTransaction", { ...params, id: txId() })).error.code).toBe(-31051);
    const grants = await server.ctx.db
      .selectFrom("entitlements")
      .selectAll()
      .where("order_id", "=", orderId)
      .execute();
    expect(grants).toHaveLength(1);
    expect(grants[0]).toMatchObject({
      user_id: student.id,
      attempts: 1,
      attempts_used: 0,
      exam_ids: [examId],
    });

    const cancelled = await rpc("CancelTransaction", { id, reason: 5 });
    expect(cancelled.result).toEqual({
      transaction: created.result.transaction,
      cancel_time: expect.any(Number),
      state: -2,
    });
    expect(await rpc("CancelTransaction", { id, reason: 5 })).toMatchObject({ result: cancelled.result });
    expect((await rpc("CheckTransaction", { id })).result).toMatchObject({
      state: -2,
      reason: 5,
      perform_time: performed.result.perform_time,
      cancel_time: cancelled.result.cancel_time,
    });
    expect(await orderStatus(orderId)).toBe("refunded");
    const revoked = await server.ctx.db
      .selectFrom("entitlements")
      .select("revoked_at")
      .where("order_id", "=", orderId)
      .executeTakeFirstOrThrow();
    expect(revoked.revoked_at).not.toBeNull();
    expect((await rpc("PerformTransaction", { id })).error.code).toBe(-31008);
  });

  test("cancel before perform; cancel after perform once the attempt was used is -31007", async () => {
    const orderId = await newOrder();
    const id = txId();
    await rpc("CreateTransaction", {
      id,
      time: Date.now(),
      amount: PRICE * 100,
      account: { order_id: orderId },
    });
    const cancelled = await rpc("CancelTransaction", { id, reason: 3 });
    expect(cancelled.result).toMatchObject({ state: -1 });
    expect((await rpc("CheckTransaction", { id })).result).toMatchObject({
      state: -1,
      reason: 3,
      perform_time: 0,
    });
    expect((await rpc("PerformTransaction", { id })).error.code).toBe(-31008);
    expect(await orderStatus(orderId)).toBe("cancelled");

    const used = await newOrder();
    const id2 = txId();
    await rpc("CreateTransaction", {
      id: id2,
      time: Date.now(),
      amount: PRICE * 100,
      account: { order_id: used },
    });
    await rpc("PerformTransaction", { id: id2 });
    await server.ctx.db
      .updateTable("entitlements")
      .set({ attempts_used: 1 })
      .where("order_id", "=", used)
      .execute();
    const refused = await rpc("CancelTransaction", { id: id2, reason: 5 });
    expect(refused.error.code).toBe(-31007);
    expect((await rpc("CheckTransaction", { id: id2 })).result.state).toBe(2);
    expect(await orderStatus(used)).toBe("paid");
    expect((await rpc("CheckTransaction", { id: "never-created" })).error.code).toBe(-31003);
    expect((await rpc("PerformTransaction", { id: "never-created" })).error.code).toBe(-31003);
    expect((await rpc("CancelTransaction", { id: "never-created", reason: 1 })).error.code).toBe(-31003);
  });

  test("12-hour timeout: cancelled with reason 4, then Create and Perform answer -31008", async () => {
    const orderId = await newOrder();
    const id = txId();
    const params = { id, time: Date.now(), amount: PRICE * 100, account: { order_id: orderId } };
    await rpc("CreateTransaction", params);
    await server.ctx.db
      .updateTable("payment_transactions")
      .set({ created_at: new Date(Date.now() - PAYME_TIMEOUT_MS - 60_000) })
      .where("provider_tx_id", "=", id)
      .execute();
    expect((await rpc("PerformTransaction", { id })).error.code).toBe(-31008);
    expect((await rpc("CheckTransaction", { id })).result).toMatchObject({ state: -1, reason: 4 });
    expect((await rpc("CreateTransaction", params)).error.code).toBe(-31008);
    expect(await orderStatus(orderId)).toBe("cancelled");
    // A create whose own time is already older than 12 hours is refused outright.
    const stale = await newOrder();
    const old = await rpc("CreateTransaction", {
      id: txId(),
      time: Date.now() - PAYME_TIMEOUT_MS - 1000,
      amount: PRICE * 100,
      account: { order_id: stale },
    });
    expect(old.error.code).toBe(-31008);
  });

  test("GetStatement lists the transactions created in the range", async () => {
    const from = Date.now() - 1;
    const orderId = await newOrder();
    const id = txId();
    await rpc("CreateTransaction", {
      id,
      time: Date.now(),
      amount: PRICE * 100,
      account: { order_id: orderId },
    });
    await rpc("PerformTransaction", { id });
    const to = Date.now() + 1;
    const statement = await rpc("GetStatement", { from, to });
    const mine = statement.result.transactions.filter((t: { id: string }) => t.id === id);
    expect(mine).toEqual([
      {
        id,
        time: expect.any(Number),
        amount: PRICE * 100,
        account: { order_id: orderId },
        create_time: expect.any(Number),
        perform_time: expect.any(Number),
        cancel_time: 0,
        transaction: expect.any(String),
        state: 2,
        reason: null,
        receivers: null,
      },
    ]);
    expect((await rpc("GetStatement", { from: 0, to: 1 })).result.transactions).toEqual([]);
    expect((await rpc("GetStatement", { from: "yesterday" })).error.code).toBe(-32600);
  });

  test("ten concurrent CreateTransaction for one order: exactly one wins; retries of one id agree", async () => {
    const orderId = await newOrder();
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        rpc("CreateTransaction", {
          id: txId(),
          time: Date.now(),
          amount: PRICE * 100,
          account: { order_id: orderId },
        }),
      ),
    );
    expect(answers.filter((a) => a.result).length).toBe(1);
    for (const a of answers.filter((x) => x.error)) expect(a.error.code).toBe(-31052);
    const rows = await server.ctx.db
      .selectFrom("payment_transactions")
      .select("state")
      .where("order_id", "=", orderId)
      .execute();
    expect(rows).toEqual([{ state: 1 }]);

    const other = await newOrder();
    const same = { id: txId(), time: Date.now(), amount: PRICE * 100, account: { order_id: other } };
    const retries = await Promise.all(Array.from({ length: 10 }, () => rpc("CreateTransaction", same)));
    expect(new Set(retries.map((r) => JSON.stringify(r.result))).size).toBe(1);
    expect(retries[0].result.state).toBe(1);
  });

  test("every call is audited with its params and our answer", async () => {
    const orderId = await newOrder();
    const id = txId();
    await rpc("CreateTransaction", {
      id,
      time: Date.now(),
      amount: PRICE * 100,
      account: { order_id: orderId },
    });
    const rows = await server.ctx.db
      .selectFrom("payment_audit")
      .selectAll()
      .where("order_id", "=", orderId)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      provider: "payme",
      method: "CreateTransaction",
      provider_tx_id: id,
      params: { id },
      answer: { result: { state: 1 } },
    });
  });

  test("another student's order is not visible; Payme off answers -32504", async () => {
    const orderId = await newOrder();
    const other = await createUser(server.ctx.db, "student");
    expect((await apiClient(server.url).get(`/orders/${orderId}`, other.token)).status).toBe(404);
    const off = await startTestServer({ payme: null });
    try {
      const a = await paymeCall(off.url, KEY, "CheckPerformTransaction", {
        amount: 1,
        account: { order_id: orderId },
      });
      expect(a.error.code).toBe(-32504);
    } finally {
      await off.stop();
    }
  });
});
