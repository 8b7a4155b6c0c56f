import {
  clientPayloads,
  type Ack,
  type AckData,
  type ClientEventName,
  type ClientPayload,
  type ErrorCode,
} from "@imtihon/client-sdk/protocol";
import type { AppContext } from "../context.ts";
import { AppError } from "../errors.ts";
import { reportError } from "../infra/error-reporting.ts";
import { withLogContext } from "../infra/log-context.ts";
import { containsNul } from "../infra/nul.ts";
import { consume } from "../infra/rate-limit.ts";
import { inFlight, MAX_IN_FLIGHT } from "./socket-guard.ts";
import type { IoSocket } from "./types.ts";

export type Handler<E extends ClientEventName> = (
  payload: ClientPayload<E>,
  socket: IoSocket,
) => Promise<AckData[E]> | AckData[E];

/**
 * Registers one client event: the cheap refusals first (acks in flight on this socket, an overloaded
 * node; the per-socket budget ran before this in socket-guard.ts), then the per-user rate limit, zod
 * validation, the handler, and the one ack envelope. Domain errors pass through with their code;
 * anything else is logged and answered `unavailable`.
 */
export function on<E extends ClientEventName>(
  ctx: AppContext,
  socket: IoSocket,
  event: E,
  handler: Handler<E>,
) {
  const schema = clientPayloads[event];
  const limiter = event === "answer:save" ? ctx.limiters.socketSave : ctx.limiters.socketOther;
  // Every log line and error report of this event names the socket, the user and the event.
  const listener = (payload: unknown, ack: unknown) =>
    withLogContext({ socketId: socket.id, userId: socket.data.userId, event }, () => handle(payload, ack));
  const handle = async (payload: unknown, ack: unknown) => {
    const reply = typeof ack === "function" ? (ack as (a: Ack) => void) : () => {};
    let outcome: ErrorCode | "ok" = "ok";
    const budget = inFlight(socket);
    if (budget.inFlight >= MAX_IN_FLIGHT || ctx.load.overloaded) {
      outcome = ctx.load.overloaded ? "unavailable" : "rate_limited";
      reply({
        ok: false,
        error:
          outcome === "unavailable"
            ? { code: "unavailable", message: "the server is overloaded, retry in a moment" }
            : {
                code: "rate_limited",
                message: "too many requests waiting for an answer on this connection",
                retryAfter: 1,
              },
      });
      ctx.metrics.socketEvents.labels(event, outcome).inc();
      if (outcome === "unavailable") ctx.metrics.shed.labels("socket").inc();
      return;
    }
    budget.inFlight++;
    try {
      await consume(limiter, socket.data.userId);
      const parsed = schema.safeParse(payload);
      if (parsed.success && containsNul(parsed.data))
        throw new AppError("invalid_payload", "text may not contain NUL characters");
      if (!parsed.success) {
        throw new AppError(
          "invalid_payload",
          parsed.error.issues.map((i) => `${i.path.join(".") || "payload"}: ${i.message}`).join("; "),
        );
      }
      const data = await handler(parsed.data as ClientPayload<E>, socket);
      reply({ ok: true, ...data });
    } catch (err) {
      if (err instanceof AppError) {
        outcome = err.code;
        // A rate limit says how long to wait, as HTTP's Retry-After does; nothing else carries extras.
        const wait = err.code === "rate_limited" ? err.retryAfterSeconds : undefined;
        reply({
          ok: false,
          error: { code: err.code, message: err.message, ...(wait ? { retryAfter: wait } : {}) },
        });
      } else {
        outcome = "unavailable";
        ctx.log.error({ err, event, userId: socket.data.userId }, "socket handler failed");
        reportError(err);
        reply({
          ok: false,
          error: { code: "unavailable", message: "the server could not complete this, retry later" },
        });
      }
    } finally {
      budget.inFlight--;
      ctx.metrics.socketEvents.labels(event, outcome).inc();
    }
  };
  socket.on(event, listener as never);
}
