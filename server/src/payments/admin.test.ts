import { adminOrdersResponse, revenueResponse } from "@imtihon/client-sdk/protocol";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  apiClient,
  createExam,
  createUser,
  startTestServer,
  type TestServer,
  type TestUser,
} from "@imtihon/testing";
import { clickCall, clickTime, paymeCall } from "./provider-client.ts";

/** The admin console's money views over orders paid through both providers. */
const KEY = "admin-test-key";
const SECRET = "admin-click-secret";
let server: TestServer;
let admin: TestUser;
let alice: TestUser;
let bob: TestUser;
let seq = 0;

async function order(user: TestUser, examId: string) {
  const res = await apiClient(server.url).post("/orders", { examId }, user.token);
  return res.body.order as { id: string; amountUzs: number };
}
async function payPayme(o: { id: string; amountUzs: number }) {
  const id = `adm-${Date.now()}-${++seq}`;
  const params = { id, time: Date.now(), amount: o.amountUzs * 100, account: { order_id: o.id } };
  await paymeCall(server.url, KEY, "CreateTransaction", params);
  await paymeCall(server.url, KEY, "PerformTransaction", { id });
}
async function payClick(o: { id: string; amountUzs: number }) {
  const base = {
    click_trans_id: String(900_000 + ++seq),
    service_id: "7",
    click_paydoc_id: "1",
    merchant_trans_id: o.id,
    amount: String(o.amountUzs),
    error: "0",
    error_note: "",
    sign_time: clickTime(),
  };
  const prepared = await clickCall(server.url, SECRET, { ...base, action: "0" });
  await clickCall(server.url, SECRET, {
    ...base,
    action: "1",
    merchant_prepare_id: String(prepared.merchant_prepare_id),
  });
}

beforeAll(async () => {
  server = await startTestServer({
    payme: { merchantId: "m", key: KEY, checkoutUrl: "https://checkout.paycom.uz" },
    click: {
      serviceId: "7",
      merchantId: "8",
      secretKey: SECRET,
      merchantUserId: undefined,
      checkoutUrl: "https://my.click.uz/services/pay",
    },
  });
  admin = await createUser(server.ctx.db, "admin");
  alice = await createUser(server.ctx.db, "student", "Alisher Valiyev");
  bob = await createUser(server.ctx.db, "student", "Bobur Karimov");
});
afterAll(async () => server?.stop());

describe("admin: orders, revenue, refunds", () => {
  test("filters by status, provider and student; revenue per day and product; students are refused", async () => {
    const a = await createExam(server.ctx.db, { priceUzs: 10_000, title: "Matematika mock" });
    const b = await createExam(server.ctx.db, { priceUzs: 25_000, title: "Fizika mock" });
    await payPayme(await order(alice, a.id));
    await payClick(await order(bob, b.id));
    await payClick(await order(alice, b.id));
    const pending = await order(bob, a.id);
    const api = apiClient(server.url);

    const all = adminOrdersResponse.parse((await api.get("/admin/orders", admin.token)).body);
    expect(all.items).toHaveLength(4);
    const paid = (await api.get("/admin/orders?status=paid", admin.token)).body.items;
    expect(paid).toHaveLength(3);
    const click = (await api.get("/admin/orders?provider=click", admin.token)).body.items;
    expect(click.map((o: { amountUzs: number }) => o.amountUzs)).toEqual([25_000, 25_000]);
    const bobs = (await api.get("/admin/orders?student=bobur", admin.token)).body.items;
    expect(bobs.map((o: { id: string }) => o.id)).toContain(pending.id);
    expect(bobs.every((o: { studentName: string }) => o.studentName === "Bobur Karimov")).toBe(true);
    const today = new Date().toISOString().slice(0, 10);
    expect((await api.get(`/admin/orders?from=${today}&to=${today}`, admin.token)).body.items).toHaveLength(
      4,
    );
    expect((await api.get("/admin/orders?from=2001-01-01&to=2001-01-02", admin.token)).body.items).toEqual(
      [],
    );
    expect((await api.get("/admin/orders?status=lost", admin.token)).status).toBe(400);

    const revenue = revenueResponse.parse((await api.get("/admin/revenue", admin.token)).body);
    expect(revenue.totalUzs).toBe(60_000);
    expect(revenue.days).toEqual([{ day: today, orders: 3, amountUzs: 60_000 }]);
    expect(revenue.products.map((p) => [p.title, p.orders, p.amountUzs])).toEqual([
      ["Fizika mock", 2, 50_000],
      ["Matematika mock", 1, 10_000],
    ]);

    // A refund moves the money out of revenue and into refunded.
    const alicesClick = click.find((o: { userId: string }) => o.userId === alice.id);
    expect((await api.post(`/admin/orders/${alicesClick.id}/refund`, {}, admin.token)).status).toBe(200);
    const after = (await api.get("/admin/revenue", admin.token)).body;
    expect(after).toMatchObject({ totalUzs: 35_000, refundedUzs: 25_000 });
    expect((await api.post(`/admin/orders/${pending.id}/refund`, {}, admin.token)).status).toBe(409);

    for (const path of ["/admin/orders", "/admin/revenue", "/admin/products"])
      expect((await api.get(path, alice.token)).status).toBe(403);
  });
});
