import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  apiClient,
  createExam,
  createUser,
  startTestServer,
  type TestServer,
  type TestUser,
} from "@imtihon/testing";
import { parseSom } from "./click/handler.ts";
import { clickSign } from "./click/sign.ts";
import { clickCall, clickTime, type ClickFields } from "./provider-client.ts";

/** Click SHOP API prepare/complete against a real server and Postgres. */
const SECRET = "click-secret-key";
const SERVICE = "31337";
const PRICE = 12_000;
let server: TestServer;
let student: TestUser;
let examId: string;
let seq = 1_000_000;

async function newOrder(): Promise<string> {
  const res = await apiClient(server.url).post("/orders", { examId }, student.token);
  expect(res.status).toBe(201);
  return res.body.order.id as string;
}
const status = async (id: string) =>
  (await apiClient(server.url).get(`/orders/${id}`, student.token)).body.order.status as string;

function fields(orderId: string, over: Partial<ClickFields> = {}): ClickFields {
  return {
    click_trans_id: String(++seq),
    service_id: SERVICE,
    click_paydoc_id: String(seq + 5),
    merchant_trans_id: orderId,
    amount: `${PRICE}.00`,
    action: "0",
    error: "0",
    error_note: "Success",
    sign_time: clickTime(),
    ...over,
  };
}
const call = (f: ClickFields, sign?: string) => clickCall(server.url, SECRET, f, { signString: sign });
const completeOf = (prep: ClickFields, prepareId: number | string, over: Partial<ClickFields> = {}) =>
  ({ ...prep, action: "1", merchant_prepare_id: String(prepareId), ...over }) as ClickFields;

beforeAll(async () => {
  server = await startTestServer({
    click: {
      serviceId: SERVICE,
      merchantId: "777",
      secretKey: SECRET,
      merchantUserId: "9",
      checkoutUrl: "https://my.click.uz/services/pay",
    },
  });
  student = await createUser(server.ctx.db);
  examId = (await createExam(server.ctx.db, { priceUzs: PRICE })).id;
});
afterAll(async () => server?.stop());

describe("Click SHOP API", () => {
  test("amounts are parsed without floats", () => {
    expect(parseSom("12000")).toBe(12000);
    expect(parseSom("12000.00")).toBe(12000);
    expect(parseSom("12000.5")).toBeNull();
    expect(parseSom("1e4")).toBeNull();
    expect(parseSom("-5")).toBeNull();
  });

  test("the checkout link names service, merchant, amount, order and return URL", async () => {
    const res = await apiClient(server.url).post("/orders", { examId }, student.token);
    const url = new URL(res.body.order.checkout.click);
    expect(url.origin + url.pathname).toBe("https://my.click.uz/services/pay");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      service_id: SERVICE,
      merchant_id: "777",
      amount: String(PRICE),
      transaction_param: res.body.order.id,
      return_url: `${server.ctx.config.publicUrl}/payments/orders/${res.body.order.id}`,
      merchant_user_id: "9",
    });
    expect(res.body.order.checkout.payme).toBeUndefined();
  });

  test("bad sign, wrong amount, unknown order, wrong action: refused, nothing changes", async () => {
    const orderId = await newOrder();
    expect(await call(fields(orderId), "0".repeat(32))).toMatchObject({ error: -1 });
    expect(await call(fields(orderId, { amount: "11999.00" }))).toMatchObject({ error: -2 });
    expect(await call(fields(orderId, { amount: "12000.50" }))).toMatchObject({ error: -2 });
    expect(await call(fields("00000000-0000-4000-8000-000000000000"))).toMatchObject({ error: -5 });
    expect(await call(fields("not-an-order"))).toMatchObject({ error: -5 });
    // A signed call with action 1 sent to prepare: "action not found".
    const f = { ...fields(orderId), action: "1" as const };
    const wrongAction = await fetch(`${server.url}/api/v1/payments/click/prepare`, {
      method: "POST",
      body: new URLSearchParams({ ...f, sign_string: clickSign(f, SECRET) }),
    });
    expect(await wrongAction.json()).toMatchObject({ error: -3 });
    const res = await fetch(`${server.url}/api/v1/payments/click/prepare`, {
      method: "POST",
      body: "click_trans_id=1",
    });
    expect(await res.json()).toMatchObject({ error: -8 });
    const rows = await server.ctx.db
      .selectFrom("payment_transactions")
      .select("id")
      .where("order_id", "=", orderId)
      .execute();
    expect(rows).toEqual([]);
    expect(await status(orderId)).toBe("pending");
  });

  test("prepare, complete with a wrong prepare id, complete, repeated complete", async () => {
    const orderId = await newOrder();
    const prep = fields(orderId);
    const prepared = await call(prep);
    expect(prepared).toEqual({
      click_trans_id: Number(prep.click_trans_id),
      merchant_trans_id: orderId,
      merchant_prepare_id: expect.any(Number),
      error: 0,
      error_note: "Success",
    });
    expect(await call(prep)).toEqual(prepared);
    expect(await call(completeOf(prep, prepared.merchant_prepare_id + 1000))).toMatchObject({ error: -6 });
    expect(await call(completeOf(prep, prepared.merchant_prepare_id, { amount: "1.00" }))).toMatchObject({
      error: -2,
    });
    expect(await status(orderId)).toBe("pending");
    const done = await call(completeOf(prep, prepared.merchant_prepare_id));
    expect(done).toEqual({
      click_trans_id: Number(prep.click_trans_id),
      merchant_trans_id: orderId,
      merchant_confirm_id: prepared.merchant_prepare_id,
      error: 0,
      error_note: "Success",
    });
    expect(await call(completeOf(prep, prepared.merchant_prepare_id))).toEqual(done);
    expect(await status(orderId)).toBe("paid");
    const grant = await server.ctx.db
      .selectFrom("entitlements")
      .selectAll()
      .where("order_id", "=", orderId)
      .execute();
    expect(grant).toHaveLength(1);
    // A new prepare on a paid order: already paid.
    expect(await call(fields(orderId))).toMatchObject({ error: -4 });
    const audit = await server.ctx.db
      .selectFrom("payment_audit")
      .select(["method", "answer"])
      .where("order_id", "=", orderId)
      .orderBy("id")
      .execute();
    expect(audit.map((a) => a.method)).toEqual([
      "prepare",
      "prepare",
      "complete",
      "complete",
      "complete",
      "complete",
      "prepare",
    ]);
  });

  test("a failed complete (Click's error < 0) cancels and answers -9", async () => {
    const orderId = await newOrder();
    const prep = fields(orderId);
    const prepared = await call(prep);
    const failed = await call(
      completeOf(prep, prepared.merchant_prepare_id, { error: "-5017", error_note: "Insufficient funds" }),
    );
    expect(failed).toMatchObject({ error: -9 });
    expect(await status(orderId)).toBe("cancelled");
    expect(await call(completeOf(prep, prepared.merchant_prepare_id))).toMatchObject({ error: -9 });
    expect(await call(fields(orderId))).toMatchObject({ error: -9 });
    const grant = await server.ctx.db
      .selectFrom("entitlements")
      .selectAll()
      .where("order_id", "=", orderId)
      .execute();
    expect(grant).toEqual([]);
  });

  test("concurrent prepares for one order: one live transaction", async () => {
    const orderId = await newOrder();
    const answers = await Promise.all(Array.from({ length: 8 }, () => call(fields(orderId))));
    expect(answers.filter((a) => a.error === 0)).toHaveLength(1);
    const rows = await server.ctx.db
      .selectFrom("payment_transactions")
      .select("state")
      .where("order_id", "=", orderId)
      .execute();
    expect(rows).toEqual([{ state: 1 }]);
  });

  test("Click off: every call answers -8", async () => {
    const off = await startTestServer({ click: null });
    try {
      const f = fields("00000000-0000-4000-8000-000000000000");
      expect(await clickCall(off.url, SECRET, f)).toMatchObject({ error: -8 });
    } finally {
      await off.stop();
    }
  });
});
