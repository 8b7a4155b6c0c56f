import { timingSafeEqual } from "node:crypto";
import type { AppContext } from "../../context.ts";
import { auditCall } from "../audit.ts";
import { paymeError, type PaymeErrorBody } from "./errors.ts";
import * as methods from "./methods.ts";

/**
 * The Payme Merchant API endpoint: JSON-RPC 2.0 called by Payme, Basic auth `Paycom:<PAYME_KEY>`.
 * Every answer is HTTP 200 with `result` or `error`. Each method runs in one transaction that also
 * writes its audit row, so a state change and its record commit together.
 */
type RpcId = string | number | null;
export type PaymeAnswer = { jsonrpc: "2.0"; id: RpcId } & ({ result: unknown } | { error: PaymeErrorBody });

const METHODS = {
  CheckPerformTransaction: (trx, p) => methods.checkPerformTransaction(trx, p),
  CreateTransaction: (trx, p, now) => methods.createTransaction(trx, p, now),
  PerformTransaction: (trx, p, now) => methods.performTransaction(trx, p, now),
  CancelTransaction: (trx, p, now) => methods.cancelTransaction(trx, p, now),
  CheckTransaction: (trx, p) => methods.checkTransaction(trx, p),
  GetStatement: (trx, p) => methods.getStatement(trx, p),
} satisfies Record<
  string,
  (
    trx: Parameters<typeof methods.checkPerformTransaction>[0],
    params: Record<string, unknown>,
    now: Date,
  ) => Promise<methods.Outcome>
>;

function authorized(ctx: AppContext, header: string | undefined): boolean {
  const payme = ctx.config.payme;
  if (!payme || !header) return false;
  const match = /^Basic\s+(\S+)$/i.exec(header);
  if (!match) return false;
  const given = Buffer.from(Buffer.from(match[1]!, "base64").toString("utf8"));
  const wanted = Buffer.from(`Paycom:${payme.key}`);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

function rpcId(raw: unknown): RpcId {
  return typeof raw === "string" || typeof raw === "number" ? raw : null;
}

export async function handlePayme(
  ctx: AppContext,
  authHeader: string | undefined,
  body: string,
  now: Date = new Date(),
): Promise<PaymeAnswer> {
  let request: unknown;
  try {
    request = JSON.parse(body);
  } catch {
    return reject(ctx, null, "?", undefined, paymeError("parse"));
  }
  const req = (typeof request === "object" && request !== null ? request : {}) as Record<string, unknown>;
  const id = rpcId(req.id);
  const method = typeof req.method === "string" ? req.method : "?";
  if (!authorized(ctx, authHeader)) return reject(ctx, id, method, undefined, paymeError("unauthorized"));
  if (typeof request !== "object" || request === null || Array.isArray(request) || method === "?")
    return reject(ctx, id, method, req.params, paymeError("invalidRequest"));
  const run = Object.hasOwn(METHODS, method) ? METHODS[method as keyof typeof METHODS] : undefined;
  if (!run) return reject(ctx, id, method, req.params, paymeError("methodNotFound", method));
  const params = req.params;
  if (typeof params !== "object" || params === null || Array.isArray(params))
    return reject(ctx, id, method, params, paymeError("invalidRequest"));
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const outcome = await run(trx, params as Record<string, unknown>, now);
      const answer: PaymeAnswer =
        "error" in outcome
          ? { jsonrpc: "2.0", id, error: outcome.error }
          : { jsonrpc: "2.0", id, result: outcome.result };
      await auditCall(trx, {
        provider: "payme",
        method,
        orderId: outcome.orderId,
        providerTxId: outcome.txId,
        params,
        answer,
      });
      return answer;
    });
  } catch (err) {
    ctx.log.error({ err, method }, "payme call failed");
    return { jsonrpc: "2.0", id, error: paymeError("internal") };
  }
}

/** Refusals before any state is touched: still audited (bad auth is worth a record). */
async function reject(
  ctx: AppContext,
  id: RpcId,
  method: string,
  params: unknown,
  error: PaymeErrorBody,
): Promise<PaymeAnswer> {
  const answer: PaymeAnswer = { jsonrpc: "2.0", id, error };
  try {
    await auditCall(ctx.db, { provider: "payme", method, orderId: null, providerTxId: null, params, answer });
  } catch (err) {
    ctx.log.warn({ err }, "payme audit failed");
  }
  return answer;
}
