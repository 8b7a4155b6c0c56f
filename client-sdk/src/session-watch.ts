import type {
  AckData,
  RosterBatch,
  IntegrityEvent,
  RosterEntry,
  RosterUpdate,
  SessionStateEvent,
  SessionView,
} from "./protocol/index.ts";
import type { Transport } from "./transport.ts";

export interface SessionSnapshot {
  session: SessionView;
  roster: RosterEntry[];
  /** Newest first, at most 500. */
  integrity: IntegrityEvent[];
  /** Roster messages received since watching began (to measure what a proctor is sent). */
  updatesReceived: number;
}

const BLANK: Omit<RosterEntry, "attemptId"> = {
  userId: "",
  fullName: "",
  status: "lobby",
  connected: false,
  answered: 0,
  total: 0,
  deadline: null,
  flags: 0,
  lastSeenAt: null,
};

/**
 * A proctor's live view of one session: the roster from the snapshot plus every delta, resynced by
 * itself after a reconnect. `subscribe`/`getSnapshot` fit React's useSyncExternalStore.
 */
export class SessionWatch {
  readonly sessionId: string;
  #transport: Transport;
  #snapshot: SessionSnapshot;
  #entries = new Map<string, RosterEntry>();
  #listeners = new Set<() => void>();
  #onClose: () => void;

  /** @internal Watches come from `ExamClient.watchSession`. */
  constructor(sessionId: string, first: AckData["session:watch"], transport: Transport, onClose: () => void) {
    this.sessionId = sessionId;
    this.#transport = transport;
    this.#onClose = onClose;
    this.#snapshot = { session: first.session, roster: [], integrity: [], updatesReceived: 0 };
    this.reset(first);
  }

  get session(): SessionView {
    return this.#snapshot.session;
  }
  get roster(): RosterEntry[] {
    return this.#snapshot.roster;
  }
  get integrity(): IntegrityEvent[] {
    return this.#snapshot.integrity;
  }

  getSnapshot = (): SessionSnapshot => this.#snapshot;

  subscribe = (fn: () => void): (() => void) => {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  };

  start = () => this.#act("session:start");
  pause = () => this.#act("session:pause");
  resume = () => this.#act("session:resume");
  end = () => this.#act("session:end");

  extend(attemptId: string, seconds: number) {
    return this.#transport.request("attempt:extend", { attemptId, seconds });
  }
  terminate(attemptId: string, reason: string) {
    return this.#transport.request("attempt:terminate", { attemptId, reason });
  }
  message(text: string, attemptId?: string) {
    return this.#transport.request(
      "proctor:message",
      attemptId ? { sessionId: this.sessionId, attemptId, text } : { sessionId: this.sessionId, text },
    );
  }

  close(): void {
    this.#listeners.clear();
    this.#onClose();
  }

  /** @internal A fresh snapshot (first watch or after a reconnect). */
  reset(data: AckData["session:watch"]): void {
    this.#entries = new Map(data.roster.map((e) => [e.attemptId, e]));
    this.#publish({ session: data.session });
  }

  /** @internal */
  onRoster(e: RosterUpdate | RosterBatch): void {
    const updates = "updates" in e ? e.updates : [e];
    for (const u of updates) {
      const prev = this.#entries.get(u.attemptId) ?? { ...BLANK, attemptId: u.attemptId };
      const next = { ...prev };
      for (const [k, v] of Object.entries(u)) if (v !== undefined) (next as Record<string, unknown>)[k] = v;
      this.#entries.set(u.attemptId, next);
    }
    this.#publish({ updatesReceived: this.#snapshot.updatesReceived + 1 });
  }

  /** @internal */
  onIntegrity(e: IntegrityEvent): void {
    this.#publish({ integrity: [e, ...this.#snapshot.integrity].slice(0, 500) });
  }

  /** @internal */
  onState(e: SessionStateEvent): void {
    this.#publish({ session: { ...this.#snapshot.session, state: e.state, deadline: e.deadline } });
  }

  async #act(event: "session:start" | "session:pause" | "session:resume" | "session:end") {
    const ack = await this.#transport.request(event, { sessionId: this.sessionId });
    this.#publish({ session: ack.session });
    return ack;
  }

  #publish(patch: Partial<SessionSnapshot>) {
    this.#snapshot = { ...this.#snapshot, ...patch, roster: [...this.#entries.values()] };
    for (const fn of this.#listeners) fn();
  }
}
