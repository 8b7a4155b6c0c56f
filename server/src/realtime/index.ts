import { rooms } from "@imtihon/client-sdk/protocol";
import { createAdapter } from "@socket.io/redis-adapter";
import type { IncomingMessage, Server as HttpServer } from "node:http";
import { Server } from "socket.io";
import { authenticate, forgetUserStatus } from "../auth/principal.ts";
import type { AppContext } from "../context.ts";
import { AppError } from "../errors.ts";
import { rosterCounts } from "../exam/roster.ts";
import type { ExamRuntime } from "../exam/runtime.ts";
import { clientIpFrom } from "../infra/client-ip.ts";
import { reportError } from "../infra/error-reporting.ts";
import { withLogContext } from "../infra/log-context.ts";
import { createRedis, type Redis } from "../infra/redis.ts";
import { on } from "./handler.ts";
import { LiveRooms } from "./live-rooms.ts";
import { RosterHub } from "./roster-hub.ts";
import { ConnectionCaps, guardSocket } from "./socket-guard.ts";
import { registerSessionHandlers } from "./session-handlers.ts";
import { registerStudentHandlers } from "./student-handlers.ts";
import type { IoServer, IoSocket } from "./types.ts";

export interface Realtime {
  io: IoServer;
  live: LiveRooms;
  /** Tell every local socket to move elsewhere, wait, then disconnect them; flush answers. */
  drain(ms: number): Promise<void>;
  close(): Promise<void>;
}

/** A connection that has not joined a namespace (sent its CONNECT with a token) by then is cut. */
export const HANDSHAKE_TIMEOUT_MS = 10_000;

/**
 * Socket.IO on the HTTP server: authenticates sockets, registers the event handlers (which call the
 * exam domain), and starts the exam runtime with the announcement of what its sweeper closes.
 */
export async function attachRealtime(
  ctx: AppContext,
  runtime: ExamRuntime,
  httpServer: HttpServer,
): Promise<Realtime> {
  const caps = new ConnectionCaps(ctx.config.socketMaxPerUser, ctx.config.socketMaxPerAddress);
  const addressOf = (req: IncomingMessage) =>
    clientIpFrom(req.socket.remoteAddress, headerValue(req.headers["x-forwarded-for"]), ctx.proxyTrust);
  const io: IoServer = new Server(httpServer, {
    // Websocket only: no long-polling means no sticky sessions behind a round-robin proxy.
    transports: ["websocket"],
    maxHttpBufferSize: 16 * 1024,
    serveClient: false,
    connectTimeout: HANDSHAKE_TIMEOUT_MS,
    allowRequest: (req, done) => {
      if (!originAllowed(ctx, req)) return done(null, false);
      if (caps.addressFull(addressOf(req))) {
        ctx.metrics.socketGuard.labels("address_cap").inc();
        return done("too many connections from this address", false);
      }
      done(null, true);
    },
  });
  // Count engine connections per address from the moment they open, joined to a namespace or not.
  io.engine.on("connection", (raw: { request: IncomingMessage; once(e: "close", f: () => void): void }) => {
    raw.once("close", caps.holdAddress(addressOf(raw.request)));
  });
  let pub: Redis | null = null;
  let sub: Redis | null = null;
  if (ctx.config.redisUrl) {
    pub = fireAndForgetPublish(createRedis(ctx.config.redisUrl, ctx.log, "io-pub"));
    sub = createRedis(ctx.config.redisUrl, ctx.log, "io-sub");
    io.adapter(createAdapter(pub, sub, { key: `${ctx.config.redisPrefix}:io`, requestsTimeout: 3000 }));
  }
  const roster = new RosterHub(io, rosterCounts(ctx), ctx.log);
  const live = new LiveRooms(io, roster, runtime, Boolean(ctx.config.redisUrl));

  // Log lines of the handshake and the connection handler name the socket (events set their own).
  io.use((socket, next) => withLogContext({ socketId: socket.id }, () => next()));
  io.use(async (socket, next) => {
    if (ctx.state.draining || ctx.load.overloaded) return next(new Error("unavailable"));
    try {
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      const p = await authenticate(ctx, typeof token === "string" ? token : undefined);
      socket.data = {
        userId: p.userId,
        role: p.role,
        tokenVersion: p.tokenVersion,
        expiresAt: p.expiresAt,
        ip: clientIpFrom(
          socket.request.socket.remoteAddress,
          headerValue(socket.request.headers["x-forwarded-for"]),
          ctx.proxyTrust,
        ),
        attempts: [],
        watching: [],
      };
      const release = caps.holdUser(p.userId);
      if (!release) {
        ctx.metrics.socketGuard.labels("user_cap").inc();
        return next(new Error("rate_limited"));
      }
      socket.once("disconnect", release);
      next();
    } catch (err) {
      if (!(err instanceof AppError)) {
        ctx.log.error({ err }, "socket auth failed");
        reportError(err);
      }
      next(new Error("unauthorized"));
    }
  });

  io.on("connection", (socket: IoSocket) => {
    ctx.metrics.socketsConnected.inc();
    guardSocket(ctx, socket);
    // engine.io keeps the handshake's HTTP request (headers, parser leftovers) for the socket's life;
    // nothing reads it after the auth middleware above, so let it go (Socket.IO's memory-usage tip).
    (socket.conn as unknown as { request: unknown }).request = null;
    void socket.join(rooms.user(socket.data.userId));
    const expiry = scheduleExpiry(ctx, socket);
    on(ctx, socket, "time:sync", () => ({ serverNow: Date.now() }));
    on(ctx, socket, "auth:refresh", async ({ token }) => {
      const p = await authenticate(ctx, token);
      if (p.userId !== socket.data.userId) throw new AppError("forbidden", "token belongs to another user");
      socket.data.expiresAt = p.expiresAt;
      socket.data.tokenVersion = p.tokenVersion;
      expiry.reschedule();
      return { expiresAt: new Date(p.expiresAt).toISOString() };
    });
    registerStudentHandlers(ctx, runtime, live, socket);
    registerSessionHandlers(ctx, runtime, live, socket);
    socket.on("disconnect", () => {
      ctx.metrics.socketsConnected.dec();
      expiry.clear();
      live.onDisconnect(socket);
    });
  });

  // The HTTP layer (disable, password change) ends a user's sockets on every node through the adapter.
  // `user:revoked` goes first on the same channel, so no node still caches the old token version
  // when a cut socket tries to reconnect there.
  const unsubscribe = ctx.revocations.subscribe((userId) => {
    if (pub) io.serverSideEmit("user:revoked", userId); // single node: this node's cache is fresh already
    io.in(rooms.user(userId)).disconnectSockets(true);
  });
  const unsubscribeExams = ctx.examChanges.subscribe((examId) => {
    if (pub) io.serverSideEmit("exam:changed", examId); // this node dropped its copy already
  });
  io.on("user:revoked", (userId) => forgetUserStatus(ctx, userId));
  io.on("exam:changed", (examId) => ctx.exams.forget(examId));

  const stop = async () => {
    await runtime.stop();
    await roster.flush();
    roster.stop();
  };
  runtime.start((closed) => void live.announceClosed(closed));
  return {
    io,
    live,
    async drain(ms) {
      io.local.emit("server:draining", { retryInMs: 0 });
      const until = Date.now() + ms;
      while (Date.now() < until && io.of("/").sockets.size > 0) await new Promise((r) => setTimeout(r, 50));
      await stop();
      io.local.disconnectSockets(true);
    },
    async close() {
      unsubscribe();
      unsubscribeExams();
      await stop();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await Promise.all([pub?.quit().catch(() => undefined), sub?.quit().catch(() => undefined)]);
    },
  };
}

function scheduleExpiry(ctx: AppContext, socket: IoSocket) {
  let warn: NodeJS.Timeout | undefined;
  let kill: NodeJS.Timeout | undefined;
  const clear = () => {
    clearTimeout(warn);
    clearTimeout(kill);
  };
  const reschedule = () => {
    clear();
    const left = socket.data.expiresAt - Date.now();
    // setTimeout holds at most ~24.8 days; access tokens live 15 minutes.
    warn = setTimeout(
      () => {
        socket.emit("auth:expired", { expiresAt: new Date(socket.data.expiresAt).toISOString() });
        // The client has AUTH_REFRESH_GRACE_MS to send `auth:refresh` before we disconnect.
        kill = setTimeout(() => {
          ctx.log.debug({ userId: socket.data.userId }, "socket token expired, disconnecting");
          socket.disconnect(true);
        }, ctx.config.authRefreshGraceMs);
      },
      Math.max(0, left),
    );
  };
  reschedule();
  return { clear, reschedule };
}

/**
 * The Redis adapter publishes without awaiting. While Redis is down ioredis rejects those publishes
 * (max retries per request), and an unhandled rejection would kill the node: handle each one here.
 * The emit is lost, as it would be with any pub/sub outage; clients resync on their next snapshot.
 */
function fireAndForgetPublish(client: Redis): Redis {
  const publish = client.publish.bind(client) as (...args: unknown[]) => Promise<number>;
  client.publish = ((...args: unknown[]) => {
    const sent = publish(...args);
    sent.catch(() => undefined);
    return sent;
  }) as Redis["publish"];
  return client;
}

/**
 * A browser socket must come from a configured public origin (SOCKET_ORIGINS, CORS_ORIGINS,
 * PUBLIC_URL). Comparing with the Host header instead lets DNS rebinding through (the attacker's
 * name resolves to us, and Origin and Host agree), so Host is used only when nothing is configured:
 * a development node reached at whatever address the developer typed.
 */
function originAllowed(ctx: AppContext, req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (!origin) return true; // not a browser: cross-site hijacking needs a browser's ambient credentials
  if (ctx.config.socketOrigins.length) return ctx.config.socketOrigins.includes(origin);
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

function headerValue(h: string | string[] | undefined): string | undefined {
  return Array.isArray(h) ? h[0] : h;
}
