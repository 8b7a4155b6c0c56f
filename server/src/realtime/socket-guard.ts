import { clientPayloads, type Ack } from "@imtihon/client-sdk/protocol";
import type { AppContext } from "../context.ts";
import type { IoSocket } from "./types.ts";

/**
 * Per-socket flood limits, checked before any work on an event (no zod, no Redis, no database):
 * a token bucket sized for the heaviest legitimate burst (an outbox resending a whole DTM sheet of
 * 90 answers after a reconnect) and refilled at a pace no student reaches by hand. An event without a
 * token is answered `rate_limited` and deepens a debt; a socket whose debt reaches the bucket's size
 * is not a client having a bad second but a flood, and is disconnected.
 */
export const SOCKET_BUDGET = { burst: 150, perSecond: 30 };
/** Handlers running at once per socket (the SDK keeps one save per question in flight: 90 at most). */
export const MAX_IN_FLIGHT = 128;

interface Budget {
  tokens: number;
  at: number;
  inFlight: number;
}

const budgets = new WeakMap<IoSocket, Budget>();

export function inFlight(socket: IoSocket): Budget {
  let b = budgets.get(socket);
  if (!b) budgets.set(socket, (b = { tokens: SOCKET_BUDGET.burst, at: performance.now(), inFlight: 0 }));
  return b;
}

const refusal = (message: string, retryAfter: number): Ack => ({
  ok: false,
  error: { code: "rate_limited", message, retryAfter },
});

/** Whole seconds until the bucket holds a token again (the debt refilled, then one more). */
export function budgetWait(tokens: number): number {
  return Math.max(1, Math.ceil((1 - tokens) / SOCKET_BUDGET.perSecond));
}

/** Installs the budget as the socket's first middleware: it sees every packet, known event or not. */
export function guardSocket(ctx: AppContext, socket: IoSocket): void {
  socket.use((packet, next) => {
    if (socket.disconnected) return; // the rest of a flood already read from the wire
    const b = inFlight(socket);
    const now = performance.now();
    b.tokens = Math.min(SOCKET_BUDGET.burst, b.tokens + ((now - b.at) / 1000) * SOCKET_BUDGET.perSecond);
    b.at = now;
    b.tokens -= 1;
    if (b.tokens >= 0) return next();
    const ack = packet[packet.length - 1];
    if (typeof ack === "function")
      (ack as (a: Ack) => void)(
        refusal("too many events from this connection, slow down", budgetWait(b.tokens)),
      );
    // Only the contract's event names become labels: a flood of made-up names must not grow the registry.
    const event = String(packet[0]);
    ctx.metrics.socketEvents
      .labels(Object.hasOwn(clientPayloads, event) ? event : "unknown", "rate_limited")
      .inc();
    if (b.tokens <= -SOCKET_BUDGET.burst) {
      ctx.metrics.socketGuard.labels("flood_disconnect").inc();
      ctx.log.warn({ userId: socket.data.userId, ip: socket.data.ip }, "socket flooding: disconnected");
      socket.disconnect(true);
    }
  });
}

/** Connection caps: sockets per user and engine connections per address, on this node. */
export class ConnectionCaps {
  readonly perUser: number;
  readonly perAddress: number;
  #users = new Map<string, number>();
  #addresses = new Map<string, number>();

  constructor(perUser: number, perAddress: number) {
    this.perUser = perUser;
    this.perAddress = perAddress;
  }

  /**
   * Loopback is exempt: behind a proxy every client arrives with its own forwarded address, so a
   * loopback peer without one is this machine itself (a load generator, a health probe).
   */
  addressFull(ip: string): boolean {
    if (isLoopback(ip)) return false;
    return (this.#addresses.get(ip) ?? 0) >= this.perAddress;
  }

  /** Counts an engine connection of an address; the returned function releases it. */
  holdAddress(ip: string): () => void {
    return hold(this.#addresses, ip);
  }

  /** Counts a socket of a user, or answers null when the user is at the cap. */
  holdUser(userId: string): (() => void) | null {
    if ((this.#users.get(userId) ?? 0) >= this.perUser) return null;
    return hold(this.#users, userId);
  }
}

const isLoopback = (ip: string) => ip === "::1" || ip.startsWith("127.");

function hold(map: Map<string, number>, key: string): () => void {
  map.set(key, (map.get(key) ?? 0) + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const left = (map.get(key) ?? 1) - 1;
    if (left > 0) map.set(key, left);
    else map.delete(key);
  };
}
