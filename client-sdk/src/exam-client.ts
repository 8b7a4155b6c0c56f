import { io, type ManagerOptions, type Socket, type SocketOptions } from "socket.io-client";
import { Attempt, type StartTarget } from "./attempt.ts";
import { ServerClock } from "./clock.ts";
import { Emitter } from "./emitter.ts";
import { SdkError } from "./errors.ts";
import type {
  Ack,
  AckData,
  ClientEventName,
  ClientPayload,
  ClientToServerEvents,
  ServerToClientEvents,
} from "./protocol/index.ts";
import { SessionWatch } from "./session-watch.ts";
import { memoryStorage, type OutboxStorage } from "./storage.ts";

/**
 * `failed` is terminal: the server refused the token at every try (with backoff). Call
 * `reconnect()` once the user has signed in again.
 */
export type ConnectionState = "connecting" | "connected" | "reconnecting" | "offline" | "failed";

export interface ExamClientOptions {
  /** Server origin, e.g. `https://imtihon.uz` or `http://127.0.0.1:3000`. */
  url: string;
  /** Returns a valid access token; called at every (re)connect and when the server says it expired. */
  getToken: () => string | Promise<string>;
  /** Where unacknowledged saves survive a reload: pass `localStorage` in browsers. Memory by default. */
  storage?: OutboxStorage;
  /** Extra Socket.IO client options (tests, custom paths). */
  socketOptions?: Partial<ManagerOptions & SocketOptions>;
  /**
   * Proctors: how often a watched roster is replaced by a fresh snapshot (ms; 0 = only after a
   * reconnect). Deltas from different nodes can arrive out of order, and a node that dies never
   * reports its students leaving; a periodic snapshot bounds how long either can mislead.
   */
  rosterResyncMs?: number;
  /**
   * After the server refuses the token (`unauthorized`): how many more tries, with exponential
   * backoff from `baseMs` (each try calls `getToken` again, so a refreshed token gets in), before
   * the connection becomes `failed`. Default 4 tries from 1 s (1, 2, 4, 8 s, jittered).
   */
  authRetry?: { attempts?: number; baseMs?: number };
}

type ClientEvents = {
  connection: (state: ConnectionState) => void;
  error: (err: SdkError) => void;
};

/**
 * Creates a client for taking (student) or watching (proctor) exams over one WebSocket.
 * @example
 * const client = createExamClient({ url: location.origin, getToken: () => auth.accessToken, storage: localStorage });
 * const attempt = await client.startAttempt({ examId });
 * await attempt.save(attempt.questions[0].id, { choice: "a" });
 */
export function createExamClient(options: ExamClientOptions): ExamClient {
  return new ExamClient(options);
}

export class ExamClient extends Emitter<ClientEvents> {
  readonly clock = new ServerClock();
  connection: ConnectionState = "connecting";
  readonly #socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  readonly #options: ExamClientOptions;
  readonly #storage: OutboxStorage;
  readonly #attempts = new Map<string, Attempt>();
  /** Every open watch per session: closing one must not unregister another. */
  readonly #watches = new Map<string, Set<SessionWatch>>();
  #everConnected = false;
  #authFailures = 0;
  #closed = false;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #ready: Promise<void>;
  #readyResolve!: () => void;

  /** @internal Use `createExamClient`. */
  constructor(options: ExamClientOptions) {
    super();
    this.#options = options;
    this.#storage = options.storage ?? memoryStorage();
    this.#ready = new Promise((r) => (this.#readyResolve = r));
    this.#socket = io(options.url, {
      transports: ["websocket"],
      reconnectionDelay: 300,
      reconnectionDelayMax: 5000,
      randomizationFactor: 0.5,
      ...options.socketOptions,
      auth: (cb) => {
        Promise.resolve(options.getToken()).then(
          (token) => cb({ token }),
          () => cb({}),
        );
      },
    });
    this.#wire();
  }

  get connected(): boolean {
    return this.#socket.connected;
  }

  /** The server's clock estimate, in epoch milliseconds. */
  serverNow(): number {
    return this.clock.now();
  }

  /** @internal The raw ack request; the public surface is attempts and watches. */
  async request<E extends ClientEventName>(
    event: E,
    payload: ClientPayload<E>,
    timeoutMs = 15_000,
  ): Promise<AckData[E]> {
    if (!this.#socket.connected) {
      if (this.#closed) throw new SdkError("disconnected", "the client is closed");
      if (this.connection === "failed") throw new SdkError("unauthorized", "the server refused the token");
      await Promise.race([
        this.#ready,
        new Promise((_, rej) =>
          setTimeout(() => rej(new SdkError("disconnected", "not connected")), timeoutMs),
        ),
      ]);
    }
    let ack: Ack<AckData[E]>;
    try {
      ack = await (
        this.#socket.timeout(timeoutMs) as unknown as {
          emitWithAck(e: string, p: unknown): Promise<Ack<AckData[E]>>;
        }
      ).emitWithAck(event, payload);
    } catch {
      throw new SdkError(
        this.#socket.connected ? "timeout" : "disconnected",
        `${event}: no answer in ${timeoutMs} ms`,
      );
    }
    if (!ack.ok) throw new SdkError(ack.error.code, ack.error.message, ack.error.retryAfter);
    const { ok: _ok, ...data } = ack;
    return data as unknown as AckData[E];
  }

  /** Starts, or resumes, an attempt: `{ examId }` for self-paced, `{ sessionId }` for a live session. */
  async startAttempt(target: StartTarget): Promise<Attempt> {
    const { attempt: view } = await this.request("attempt:start", target);
    const existing = this.#attempts.get(view.id);
    if (existing) {
      existing.applyView(view);
      return existing;
    }
    const attempt = new Attempt(view, target, this, this.clock, this.#storage, (a) => {
      if (this.#attempts.get(a.id) === a) this.#attempts.delete(a.id);
    });
    this.#attempts.set(view.id, attempt);
    attempt.resend();
    return attempt;
  }

  /** Proctors: a live roster of one session, kept in step by itself. */
  async watchSession(sessionId: string): Promise<SessionWatch> {
    const first = await this.request("session:watch", { sessionId });
    let set = this.#watches.get(sessionId);
    if (!set) this.#watches.set(sessionId, (set = new Set()));
    const watches = set;
    const every = this.#options.rosterResyncMs ?? 15_000;
    const timer =
      every > 0
        ? setInterval(() => {
            if (!this.connected) return; // a reconnect resyncs by itself
            this.request("session:watch", { sessionId }).then(
              (fresh) => watch.reset(fresh),
              () => undefined,
            );
          }, every)
        : undefined;
    const watch = new SessionWatch(sessionId, first, this, () => {
      clearInterval(timer);
      watches.delete(watch);
      if (watches.size === 0 && this.#watches.get(sessionId) === watches) this.#watches.delete(sessionId);
    });
    watches.add(watch);
    return watch;
  }

  /** Measures the clock offset with a few round trips (done by itself at every connect). */
  async syncClock(samples = 5): Promise<number> {
    for (let i = 0; i < samples; i++) {
      const sentAt = Date.now();
      const { serverNow } = await this.request("time:sync", { clientNow: sentAt }, 5000);
      this.clock.addSample(sentAt, serverNow, Date.now());
    }
    return this.clock.offsetMs;
  }

  /** Leaves the `failed` (or `offline`) state and connects again, asking `getToken` afresh. */
  reconnect(): void {
    if (this.#closed || this.#socket.connected) return;
    this.#authFailures = 0;
    this.#setConnection(this.#everConnected ? "reconnecting" : "connecting");
    this.#retry(0);
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#retryTimer);
    for (const set of [...this.#watches.values()]) for (const w of [...set]) w.close();
    for (const a of this.#attempts.values()) a.dispose();
    this.#socket.disconnect();
    this.#setConnection("offline");
  }

  #setConnection(s: ConnectionState) {
    if (this.connection === s) return;
    this.connection = s;
    this.emit("connection", s);
  }

  #wire() {
    const s = this.#socket;
    s.on("connect", () => {
      const reconnect = this.#everConnected;
      this.#everConnected = true;
      this.#authFailures = 0;
      this.#setConnection("connected");
      this.#readyResolve();
      void this.syncClock(reconnect ? 3 : 5).catch(() => undefined);
      if (reconnect) void this.#resume();
    });
    s.on("disconnect", (reason) => {
      this.#ready = new Promise((r) => (this.#readyResolve = r));
      for (const a of this.#attempts.values()) a.onDisconnect();
      if (this.#closed) return;
      this.#setConnection("reconnecting");
      // The server cut us off on purpose (drain, token expiry): reconnect ourselves.
      if (reason === "io server disconnect") this.#retry(200);
    });
    s.on("connect_error", (err) => {
      if (this.#closed || this.connection === "failed") return;
      // A refusal by the server's middleware (unauthorized, draining) stops Socket.IO's own retries.
      if (!s.active) {
        if (err.message === "unauthorized") {
          this.emit("error", new SdkError("unauthorized", "the server refused the token"));
          const { attempts = 4, baseMs = 1000 } = this.#options.authRetry ?? {};
          if (++this.#authFailures > attempts) {
            // Retrying a refused token forever only loads the server: stop until reconnect().
            this.#setConnection("failed");
            return;
          }
          this.#setConnection(this.#everConnected ? "reconnecting" : "connecting");
          const backoff = baseMs * 2 ** (this.#authFailures - 1);
          this.#retry(backoff * (0.75 + Math.random() * 0.5));
          return;
        }
        this.#retry(1000 + Math.random() * 2000);
      }
      this.#setConnection(this.#everConnected ? "reconnecting" : "connecting");
    });
    s.io.on("reconnect_attempt", () => this.#setConnection("reconnecting"));
    s.on("server:draining", ({ retryInMs }) => {
      // This node is going away: move to another one (the load balancer picks it).
      s.disconnect();
      this.#retry(Math.max(50, retryInMs) + Math.random() * 500);
    });
    s.on("auth:expired", () => {
      void Promise.resolve(this.#options.getToken())
        .then((token) => this.request("auth:refresh", { token }))
        .catch((err) =>
          this.emit("error", err instanceof SdkError ? err : new SdkError("unauthorized", String(err))),
        );
    });
    s.on("attempt:time", (e) => this.#attempts.get(e.attemptId)?.onTime(e));
    s.on("attempt:ended", (e) => this.#attempts.get(e.attemptId)?.onEnded(e));
    s.on("proctor:message", (e) => {
      for (const a of this.#attempts.values()) if (!e.attemptId || e.attemptId === a.id) a.onMessage(e);
    });
    s.on("session:state", (e) => {
      for (const a of this.#attempts.values()) if (a.sessionId === e.sessionId) a.onSessionState(e);
      for (const w of this.#watches.get(e.sessionId) ?? []) w.onState(e);
    });
    s.on("roster:update", (e) => {
      // Updates name their attempts, not their session: hand them to every watch (usually one).
      // A batch names its session; a bare update (older servers) goes to every watch.
      const targets =
        "sessionId" in e && e.sessionId ? [this.#watches.get(e.sessionId) ?? []] : this.#watches.values();
      for (const set of targets) for (const w of set) w.onRoster(e);
    });
    s.on("integrity:event", (e) => {
      for (const set of this.#watches.values()) for (const w of set) w.onIntegrity(e);
    });
  }

  #retry(ms: number) {
    clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(() => {
      if (!this.#closed && !this.#socket.connected && this.connection !== "failed") this.#socket.connect();
    }, ms);
  }

  /** After a reconnect: resume every open attempt (rejoins its rooms) and resync every watch. */
  async #resume() {
    for (const a of this.#attempts.values()) {
      if (a.closed) continue;
      try {
        const { attempt: view } = await this.request("attempt:resume", { attemptId: a.id });
        if (view.status === "lobby" || view.status === "in_progress") a.applyView(view);
        else a.onEnded({ attemptId: a.id, status: view.status });
      } catch (err) {
        this.emit("error", err instanceof SdkError ? err : new SdkError("unavailable", String(err)));
      }
    }
    for (const [sessionId, set] of this.#watches) {
      try {
        const fresh = await this.request("session:watch", { sessionId });
        for (const w of set) w.reset(fresh);
      } catch (err) {
        this.emit("error", err instanceof SdkError ? err : new SdkError("unavailable", String(err)));
      }
    }
  }
}
