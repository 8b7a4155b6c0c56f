import { embeddedDatabaseUrl } from "@imtihon/db";
import path from "node:path";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { loadConfig } from "../config.ts";
import { clickCall, clickTime, paymeCall } from "./provider-client.ts";

/**
 * `npm run payments:sandbox -- <order id> [--provider payme|click] [--fail] [--url …] [--amount …]`
 *
 * Plays the provider's side against a running node, making exactly the calls Payme or Click make
 * when a payer pays (or fails to), so a purchase can be completed without a merchant account. It
 * reads the same environment as the node (PAYME_KEY, CLICK_SECRET_KEY, …) and, unless `--amount`
 * is given, the order's amount from the node's database (DATABASE_URL, or the embedded one).
 */
const USAGE =
  "usage: npm run payments:sandbox -- <order id> [--provider payme|click] [--fail] [--url http://127.0.0.1:3000] [--amount <so'm>]";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    provider: { type: "string", default: "payme" },
    fail: { type: "boolean", default: false },
    url: { type: "string" },
    amount: { type: "string" },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (values.help || !positionals[0] || !["payme", "click"].includes(values.provider)) {
  console.error(USAGE);
  process.exit(2);
}
const orderId: string = positionals[0];
const config = loadConfig(process.env);
const baseUrl = (values.url ?? config.publicUrl).replace(/\/+$/, "");

function show(label: string, body: unknown) {
  console.log(`${label} ${JSON.stringify(body)}`);
}

async function orderAmount(): Promise<number> {
  if (values.amount !== undefined) {
    if (!/^\d+$/.test(values.amount)) throw new Error("--amount is whole so'm");
    return Number(values.amount);
  }
  const url = config.databaseUrl ?? embeddedDatabaseUrl(path.join(config.dataDir, "pg"));
  if (!url) throw new Error("no DATABASE_URL and no embedded database found: pass --amount <so'm>");
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql<{ amount_uzs: number; status: string }[]>`
      select amount_uzs, status from orders where id::text = ${orderId}`;
    if (!rows[0]) throw new Error(`order ${orderId} not found in ${url.replace(/:[^:@]*@/, ":***@")}`);
    if (rows[0].status !== "pending")
      console.warn(`note: the order is ${rows[0].status}; the node will say so`);
    return rows[0].amount_uzs;
  } finally {
    await sql.end();
  }
}

async function payme(amountUzs: number): Promise<boolean> {
  if (!config.payme) throw new Error("PAYME_MERCHANT_ID and PAYME_KEY must be set (the same as the node's)");
  const key = config.payme.key;
  const account = { order_id: orderId };
  const amount = amountUzs * 100;
  const step = async (method: string, params: Record<string, unknown>) => {
    show(`→ ${method}`, params);
    const answer = await paymeCall(baseUrl, key, method, params);
    show(`← ${method}`, answer.result ?? answer.error);
    return answer;
  };
  const check = await step("CheckPerformTransaction", { amount, account });
  if (check.error) return false;
  const id = `sandbox-${Date.now().toString(16)}${Math.random().toString(16).slice(2, 10)}`;
  const created = await step("CreateTransaction", { id, time: Date.now(), amount, account });
  if (created.error) return false;
  // A failed card debit: Payme cancels the created transaction (reason 3: execution error).
  if (values.fail) {
    await step("CancelTransaction", { id, reason: 3 });
    return false;
  }
  const performed = await step("PerformTransaction", { id });
  if (performed.error) return false;
  await step("CheckTransaction", { id });
  return true;
}

async function click(amountUzs: number): Promise<boolean> {
  if (!config.click) throw new Error("CLICK_SERVICE_ID, CLICK_MERCHANT_ID and CLICK_SECRET_KEY must be set");
  const clickTransId = String(Date.now());
  const base = {
    click_trans_id: clickTransId,
    service_id: config.click.serviceId,
    click_paydoc_id: String(Date.now() + 1),
    merchant_trans_id: orderId,
    amount: `${amountUzs}.00`,
    error: "0",
    error_note: "Success",
    sign_time: clickTime(),
  };
  show("→ prepare", base);
  const prepared = await clickCall(baseUrl, config.click.secretKey, { ...base, action: "0" });
  show("← prepare", prepared);
  if (prepared.error !== 0) return false;
  const complete = {
    ...base,
    action: "1" as const,
    merchant_prepare_id: String(prepared.merchant_prepare_id),
    ...(values.fail ? { error: "-5017", error_note: "Insufficient funds (sandbox)" } : {}),
    sign_time: clickTime(),
  };
  show("→ complete", complete);
  const done = await clickCall(baseUrl, config.click.secretKey, complete);
  show("← complete", done);
  return done.error === 0;
}

try {
  const amount = await orderAmount();
  console.log(
    `sandbox ${values.provider} → ${baseUrl}, order ${orderId}, ${amount} so'm${values.fail ? ", failing" : ""}`,
  );
  const paid = values.provider === "click" ? await click(amount) : await payme(amount);
  console.log(paid ? "paid" : values.fail ? "payment failed, as asked (--fail)" : "not paid");
  process.exit(paid || values.fail ? 0 : 1);
} catch (err) {
  console.error(`sandbox: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
