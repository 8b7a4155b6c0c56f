import type { ServerClock } from "./clock.ts";
import { Emitter } from "./emitter.ts";
import { SdkError } from "./errors.ts";
import { Outbox } from "./outbox.ts";
import type {
  AnswerResponse,
  AttemptEndedEvent,
  AttemptStatus,
  AttemptTimeEvent,
  AttemptView,
  IntegrityKind,
  ProctorMessageEvent,
  QuestionView,
  Result,
  SessionStateEvent,
} from "./protocol/index.ts";
import type { OutboxStorage } from "./storage.ts";
import type { Transport } from "./transport.ts";

export type SaveState = "idle" | "saving" | "saved" | "queued" | "error";
export type StartTarget = { examId: string } | { sessionId: string };

export type AttemptEvents = {
  /** Any change of state: answers, save states, status, deadline, pause. */
  change: () => void;
  time: (e: AttemptTimeEvent) => void;
  ended: (e: AttemptEndedEvent) => void;
  message: (e: ProctorMessageEvent) => void;
  state: (e: SessionStateEvent) => void;
};

interface Waiter {
  seq: number;
  resolve: (v: { seq: number; savedAt?: string }) => void;
  reject: (e: SdkError) => void;
}

const RETRY_CODES = new Set(["unavailable", "rate_limited", "timeout", "disconnected", "paused"]);
const CLOSED: AttemptStatus[] = ["submitted", "expired", "terminated"];

/** An attempt at one moment; a new object after every change, never mutated. */
export interface AttemptSnapshot {
  readonly id: string;
  readonly examId: string;
  readonly sessionId: string | null;
  readonly status: AttemptStatus;
  readonly closed: boolean;
  /** The deadline in epoch milliseconds (server clock); null in a live session's lobby. */
  readonly deadlineAt: number | null;
  readonly paused: boolean;
  readonly questions: readonly QuestionView[];
  /** What the server holds durably. */
  readonly answers: Readonly<Record<string, { response: AnswerResponse; seq: number }>>;
  /** What to show per question: the pending answer if any, else the durable one. */
  readonly responses: Readonly<Record<string, AnswerResponse>>;
  readonly saveStates: Readonly<Record<string, SaveState>>;
  readonly pendingCount: number;
  readonly result: Result | undefined;
}

/**
 * One exam attempt: questions, answers, the countdown on the server's clock, and saves that are
 * durable when their promise resolves. Saves made offline wait in the outbox and are sent again,
 * with the same `seq`, after any reconnect (to whichever node) or reload.
 */
export class Attempt extends Emitter<AttemptEvents> {
  readonly id: string;
  readonly examId: string;
  readonly sessionId: string | null;
  readonly target: StartTarget;
  /** Frozen: the questions never change during an attempt. */
  readonly questions: QuestionView[];
  #answers: Record<string, { response: AnswerResponse; seq: number }>;
  #status: AttemptStatus;
  #deadline: Date | null;
  #paused = false;
  #result: Result | undefined;
  #snapshot: AttemptSnapshot | null = null;
  #released = false;
  readonly #onRelease: (attempt: Attempt) => void;
  #pausedAtServer: number | null = null;
  readonly #transport: Transport;
  readonly #clock: ServerClock;
  readonly #outbox: Outbox;
  readonly #states = new Map<string, SaveState>();
  readonly #waiters = new Map<string, Waiter[]>();
  readonly #inFlight = new Set<string>();
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #integrityOff: (() => void) | undefined;

  /** @internal Attempts come from `ExamClient.startAttempt`. */
  constructor(
    view: AttemptView,
    target: StartTarget,
    transport: Transport,
    clock: ServerClock,
    storage: OutboxStorage,
    onRelease: (attempt: Attempt) => void = () => {},
  ) {
    super();
    this.#onRelease = onRelease;
    this.id = view.id;
    this.examId = view.examId;
    this.sessionId = view.sessionId;
    this.target = target;
    this.questions = Object.freeze([...view.questions]) as QuestionView[];
    this.#answers = { ...view.answers };
    this.#status = view.status;
    this.#deadline = view.deadline ? new Date(view.deadline) : null;
    this.#applyPause(view);
    this.#transport = transport;
    this.#clock = clock;
    this.#outbox = new Outbox(storage, view.id);
    clock.hint(view.serverNow);
    for (const qid of Object.keys(this.#answers)) this.#states.set(qid, "saved");
    for (const e of this.#outbox.entries()) this.#states.set(e.questionId, "queued");
  }

  get status(): AttemptStatus {
    return this.#status;
  }
  get deadline(): Date | null {
    return this.#deadline;
  }
  get paused(): boolean {
    return this.#paused;
  }
  get result(): Result | undefined {
    return this.#result;
  }
  /** The durable answers (a copy: change answers with `save`). */
  get answers(): Readonly<Record<string, { response: AnswerResponse; seq: number }>> {
    return this.getSnapshot().answers;
  }

  get pendingCount(): number {
    return this.#outbox.size;
  }

  get closed(): boolean {
    return CLOSED.includes(this.#status);
  }

  /**
   * The attempt's state as one immutable object, the same object until something changes: fits
   * React's useSyncExternalStore (see `useAttempt`) and any store that compares by reference.
   */
  getSnapshot = (): AttemptSnapshot => (this.#snapshot ??= this.#takeSnapshot());

  /** Calls `fn` after every change; returns the unsubscribe function. */
  subscribe = (fn: () => void): (() => void) => this.on("change", fn);

  /**
   * Forgets a finished attempt: its listeners, timers, stored outbox and the client's reference
   * (a resume after a reconnect no longer covers it). Throws while the attempt is still open,
   * since queued answers would be lost.
   */
  release(): void {
    if (this.#released) return;
    if (!this.closed) throw new SdkError("conflict", "only a finished attempt can be released");
    this.#released = true;
    this.dispose();
    this.#outbox.clear();
    this.#onRelease(this);
  }

  /** @internal Every state change goes out through here, so the snapshot is never stale. */
  protected override emit<E extends keyof AttemptEvents>(
    event: E,
    ...args: Parameters<AttemptEvents[E]>
  ): void {
    if (event === "change") this.#snapshot = null;
    super.emit(event, ...args);
  }

  saveState(questionId: string): SaveState {
    return this.#states.get(questionId) ?? "idle";
  }

  /** The answer to show: the pending one if any, else the durable one. */
  responseOf(questionId: string): AnswerResponse | undefined {
    return this.#outbox.get(questionId)?.response ?? this.#answers[questionId]?.response;
  }

  /** Milliseconds left on the server's clock; null while a live session waits in its lobby. */
  timeLeftMs(): number | null {
    if (!this.#deadline) return null;
    const now = this.#paused && this.#pausedAtServer !== null ? this.#pausedAtServer : this.#clock.now();
    return Math.max(0, this.#deadline.getTime() - now);
  }

  /**
   * Saves an answer. Resolves once the server has it durably (this or a later save of the same
   * question); rejects only when the server refuses it for good (time over, closed, invalid).
   * The response fits the question's kind: `{ choice }` (single), `{ choices }` (multiple),
   * `{ value }` (numeric: `"0,5"`, `"1/2"`; short_text), `{ pairs: [[leftId, rightId]] }` (matching).
   * @example await attempt.save(q.id, { choice: "b" });
   * @example await attempt.save(q.id, { value: "0,5" });
   */
  save(questionId: string, response: AnswerResponse): Promise<{ seq: number; savedAt?: string }> {
    if (this.closed) return Promise.reject(new SdkError("attempt_closed", `the attempt is ${this.#status}`));
    const seq = Math.max(this.#answers[questionId]?.seq ?? 0, this.#outbox.get(questionId)?.seq ?? 0) + 1;
    this.#outbox.put({ questionId, response, seq });
    this.emit("change");
    const promise = new Promise<{ seq: number; savedAt?: string }>((resolve, reject) => {
      const list = this.#waiters.get(questionId) ?? [];
      list.push({ seq, resolve, reject });
      this.#waiters.set(questionId, list);
    });
    this.#setState(questionId, this.#transport.connected ? "saving" : "queued");
    void this.#send(questionId);
    return promise;
  }

  async submit(): Promise<{ status: AttemptStatus; result?: Result }> {
    await this.flush(15_000).catch(() => undefined);
    const ack = await this.#transport.request("attempt:submit", { attemptId: this.id });
    this.#close(ack.status, ack.result);
    return ack;
  }

  /** Waits until every queued save is acknowledged (or the timeout passes). */
  async flush(timeoutMs = 10_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (this.#outbox.size > 0) {
      if (Date.now() > until) throw new SdkError("timeout", `${this.#outbox.size} answers still queued`);
      this.resend();
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  reportIntegrity(kind: IntegrityKind): void {
    if (this.closed) return;
    this.#transport
      .request("integrity:report", {
        attemptId: this.id,
        kind,
        at: new Date(this.#clock.now()).toISOString(),
      })
      .catch(() => undefined);
  }

  /** Opt-in browser signals: tab hidden, window blur, copy, paste, leaving fullscreen. */
  enableIntegrityReporting(
    target: Window & typeof globalThis = globalThis as Window & typeof globalThis,
  ): () => void {
    this.#integrityOff?.();
    const doc = target.document;
    const handlers: [EventTarget, string, () => void][] = [
      [
        doc,
        "visibilitychange",
        () => doc.visibilityState === "hidden" && this.reportIntegrity("visibility_hidden"),
      ],
      [target, "blur", () => this.reportIntegrity("focus_lost")],
      [doc, "copy", () => this.reportIntegrity("copy")],
      [doc, "paste", () => this.reportIntegrity("paste")],
      [doc, "fullscreenchange", () => !doc.fullscreenElement && this.reportIntegrity("fullscreen_exit")],
    ];
    for (const [t, e, h] of handlers) t.addEventListener(e, h);
    this.#integrityOff = () => handlers.forEach(([t, e, h]) => t.removeEventListener(e, h));
    return this.#integrityOff;
  }

  /** Sends every queued save again (after a reconnect, a resume, or a retryable refusal). */
  resend(): void {
    for (const e of this.#outbox.entries()) void this.#send(e.questionId);
  }

  /** @internal Applies a fresh view after a resume (reconnect): status, deadline, durable answers. */
  applyView(view: AttemptView): void {
    this.#status = view.status;
    this.#deadline = view.deadline ? new Date(view.deadline) : null;
    this.#applyPause(view);
    this.#clock.hint(view.serverNow);
    for (const [qid, a] of Object.entries(view.answers)) {
      const known = this.#answers[qid];
      if (!known || known.seq <= a.seq) this.#answers[qid] = a;
      this.#outbox.settle(qid, a.seq);
      if (!this.#outbox.get(qid)) this.#resolveUpTo(qid, a.seq, {});
    }
    this.emit("change");
    this.resend();
  }

  /** @internal */
  onTime(e: AttemptTimeEvent): void {
    this.#clock.hint(e.serverNow);
    this.#deadline = e.deadline ? new Date(e.deadline) : null;
    const wasPaused = this.#paused;
    this.#paused = e.paused;
    this.#pausedAtServer = e.paused ? Date.parse(e.serverNow) : null;
    if (this.#status === "lobby" && e.deadline) this.#status = "in_progress";
    this.emit("time", e);
    this.emit("change");
    if (wasPaused && !e.paused) this.resend();
  }

  /** @internal */
  onEnded(e: AttemptEndedEvent): void {
    this.#close(e.status, e.result);
    this.emit("ended", e);
  }

  /** @internal */
  onMessage(e: ProctorMessageEvent): void {
    this.emit("message", e);
  }

  /** @internal */
  onSessionState(e: SessionStateEvent): void {
    if (e.state === "paused") this.#paused = true;
    if (e.state === "running") {
      if (this.#paused) this.resend();
      this.#paused = false;
    }
    this.emit("state", e);
    this.emit("change");
  }

  /** @internal Called when the connection drops: in-flight saves become queued. */
  onDisconnect(): void {
    for (const qid of this.#inFlight) this.#setState(qid, "queued");
    for (const e of this.#outbox.entries()) this.#setState(e.questionId, "queued");
  }

  dispose(): void {
    clearTimeout(this.#retryTimer);
    this.#integrityOff?.();
  }

  #takeSnapshot(): AttemptSnapshot {
    const responses: Record<string, AnswerResponse> = {};
    for (const [qid, a] of Object.entries(this.#answers)) responses[qid] = a.response;
    for (const e of this.#outbox.entries()) responses[e.questionId] = e.response;
    return Object.freeze({
      id: this.id,
      examId: this.examId,
      sessionId: this.sessionId,
      status: this.#status,
      closed: this.closed,
      deadlineAt: this.#deadline?.getTime() ?? null,
      paused: this.#paused,
      questions: this.questions,
      answers: Object.freeze({ ...this.#answers }),
      responses: Object.freeze(responses),
      saveStates: Object.freeze(Object.fromEntries(this.#states)),
      pendingCount: this.#outbox.size,
      result: this.#result,
    });
  }

  #applyPause(view: AttemptView) {
    this.#paused = view.paused === true;
    this.#pausedAtServer = this.#paused && view.pausedAt ? Date.parse(view.pausedAt) : null;
  }

  #close(status: AttemptStatus, result: Result | undefined) {
    if (CLOSED.includes(status)) {
      this.#status = status;
      if (result) this.#result = result;
      clearTimeout(this.#retryTimer);
      // Whatever is still queued can never be saved now.
      for (const e of this.#outbox.entries()) {
        this.#rejectAll(e.questionId, new SdkError("attempt_closed", `the attempt is ${status}`));
        this.#setState(e.questionId, "error");
      }
      this.#outbox.clear();
      this.emit("change");
    }
  }

  async #send(questionId: string): Promise<void> {
    const entry = this.#outbox.get(questionId);
    if (!entry || !this.#transport.connected || this.#inFlight.has(questionId)) return;
    this.#inFlight.add(questionId);
    this.#setState(questionId, "saving");
    try {
      const ack = await this.#transport.request(
        "answer:save",
        { attemptId: this.id, questionId, response: entry.response, seq: entry.seq },
        10_000,
      );
      // A stale ack means the server already holds this seq or a newer one (a lost ack resent, or
      // another tab): either way this save is settled.
      const seq = ack.stale ? ack.seq : entry.seq;
      const ours = !ack.stale || ack.seq === entry.seq;
      this.#answers[questionId] = {
        response: ours ? entry.response : (this.#answers[questionId]?.response ?? entry.response),
        seq,
      };
      this.#outbox.settle(questionId, seq);
      this.#resolveUpTo(questionId, seq, { savedAt: ack.savedAt });
      this.#inFlight.delete(questionId);
      this.emit("change");
      if (this.#outbox.get(questionId)) void this.#send(questionId);
      else this.#setState(questionId, "saved");
    } catch (err) {
      this.#inFlight.delete(questionId);
      const e = err instanceof SdkError ? err : new SdkError("unavailable", String(err));
      if (RETRY_CODES.has(e.code)) {
        this.#setState(questionId, "queued");
        if (e.code !== "paused" && e.code !== "disconnected") this.#scheduleRetry(e.retryAfterSeconds);
        return;
      }
      // Refused for good (time over, closed, invalid): drop it and tell the caller.
      this.#outbox.settle(questionId, entry.seq);
      this.#rejectAll(questionId, e);
      this.#setState(questionId, "error");
      if (e.code === "time_over" || e.code === "attempt_closed") this.emit("change");
    }
  }

  /** Resends the outbox in 1–2 s, or after the wait a rate limit asked for (plus the same jitter). */
  #scheduleRetry(retryAfterSeconds = 1) {
    if (this.#retryTimer) return;
    this.#retryTimer = setTimeout(
      () => {
        this.#retryTimer = undefined;
        this.resend();
      },
      Math.max(1, retryAfterSeconds) * 1000 + Math.random() * 1000,
    );
  }

  #resolveUpTo(questionId: string, seq: number, extra: { savedAt?: string }) {
    const list = this.#waiters.get(questionId);
    if (!list) return;
    const keep = list.filter((w) => {
      if (w.seq > seq) return true;
      w.resolve({ seq, ...extra });
      return false;
    });
    if (keep.length) this.#waiters.set(questionId, keep);
    else this.#waiters.delete(questionId);
  }

  #rejectAll(questionId: string, err: SdkError) {
    for (const w of this.#waiters.get(questionId) ?? []) w.reject(err);
    this.#waiters.delete(questionId);
  }

  #setState(questionId: string, s: SaveState) {
    if (this.#states.get(questionId) === s) return;
    this.#states.set(questionId, s);
    this.emit("change");
  }
}
