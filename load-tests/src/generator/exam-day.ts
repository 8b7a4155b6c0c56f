import type { AckData, AnswerResponse, AttemptView } from "@imtihon/client-sdk/protocol";
import * as hdr from "hdr-histogram-js";
import type { VirtualStudent } from "../client/virtual-student.ts";
import type { Command, PhaseResult } from "./messages.ts";

// The exam-day students of one generator process: join the lobby over a window, start on the
// session's `attempt:time`, answer at a human pace (new answers and changed ones) until the deadline,
// drop and resume their connection now and then, and keep every save until it is acked.

/** What the worker process lends this module: its students and its counters. */
export interface WorkerApi {
  students: VirtualStudent[];
  entryUrls: string[];
  /** A latency (µs) for the live tick and the current phase's histogram. */
  record(us: number): void;
  countError(code: string): void;
  countOk(): void;
  countSent(): void;
  addInflight(d: number): void;
  beginPhase(): number;
  result(phase: Command["t"], started: number, extra?: Partial<PhaseResult>): PhaseResult;
}

type Arm = Extract<Command, { t: "exam-arm" }>;

interface Save {
  index: number;
  questionId: string;
  response: AnswerResponse;
  seq: number;
}

interface ExamState {
  s: VirtualStudent;
  urlTurn: number;
  /** Epoch ms the student heard the session start (its attempt:time); 0 before. */
  startedAt: number;
  /** The save in flight, or one a dropped connection left unacked (resent after the resume). */
  pending: Save | undefined;
  inFlight: boolean;
  reconnecting: boolean;
  /** A reconnect loop is running (one per student at a time). */
  loop: boolean;
  timer: NodeJS.Timeout | undefined;
  answered: Uint8Array;
  answeredCount: number;
  next: number;
}

const HIGHEST_US = 600_000_000;
const newHist = () =>
  hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: HIGHEST_US,
    numberOfSignificantValueDigits: 3,
  });
const clampUs = (us: number) => Math.min(HIGHEST_US, Math.max(1, Math.round(us)));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    p,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(what)), ms).unref()),
  ]);
}

let cfg: Arm | undefined;
let states: ExamState[] = [];
let ackHist = newHist();
let resumeHist = newHist();
let counts = newCounts();
let refused: Record<string, number> = {};
let reconnectTimer: NodeJS.Timeout | undefined;

function newCounts() {
  return {
    saves: 0,
    acked: 0,
    refused: 0,
    changes: 0,
    plannedDrops: 0,
    unplannedDrops: 0,
    resumed: 0,
    resent: 0,
    reconnectFailed: 0,
    connectRetries: 0,
  };
}

/**
 * Like a browser client: a refused, reset or timed-out handshake is retried with exponential
 * backoff and jitter (0.5–8 s, 8 tries); an auth refusal is not.
 */
async function connectWithRetry(api: WorkerApi, s: VirtualStudent, url: string, timeoutMs: number) {
  for (let attempt = 1; ; attempt++) {
    try {
      await s.socket.connect({ url, auth: { token: s.token }, localAddress: s.localAddress, timeoutMs });
      return true;
    } catch (err) {
      const reason = (err as Error).message;
      if (reason === "unauthorized" || attempt >= 8) {
        api.countError(`connect: ${reason}`);
        return false;
      }
      counts.connectRetries++;
      await sleep(Math.min(8000, 500 * 2 ** (attempt - 1)) * (0.5 + Math.random()));
    }
  }
}

/** Everyone connects and joins the lobby at a random moment of the window (a page opened, a click). */
export async function join(api: WorkerApi, c: Extract<Command, { t: "join" }>): Promise<PhaseResult> {
  const started = api.beginPhase();
  counts = newCounts();
  await Promise.all(
    api.students.map(async (s) => {
      await sleep(Math.random() * c.windowMs);
      const t0 = performance.now();
      api.countSent();
      if (!(await connectWithRetry(api, s, s.url, c.timeoutMs))) return;
      try {
        const ack = await withTimeout(
          s.socket.emitWithAck("attempt:start", { sessionId: c.sessionId }),
          60_000,
          "no ack in 60 s",
        );
        api.record((performance.now() - t0) * 1000);
        if (ack.ok) {
          api.countOk();
          s.adopt(ack.attempt as AttemptView);
        } else api.countError(ack.error.code);
      } catch (err) {
        api.countError((err as Error).message);
      }
    }),
  );
  return api.result("join", started, { counts: { connectRetries: counts.connectRetries } });
}

export function arm(api: WorkerApi, c: Arm): PhaseResult {
  const started = api.beginPhase();
  cfg = c;
  ackHist = newHist();
  resumeHist = newHist();
  counts = newCounts();
  refused = {};
  states = [];
  api.students.forEach((s, i) => {
    if (!s.attemptId) return;
    const st: ExamState = {
      s,
      urlTurn: i,
      startedAt: 0,
      pending: undefined,
      inFlight: false,
      reconnecting: false,
      loop: false,
      timer: undefined,
      answered: new Uint8Array(s.questions.length),
      answeredCount: 0,
      next: 0,
    };
    states.push(st);
    s.socket.on("attempt:ended", (e) => {
      if (e.attemptId !== s.attemptId || s.endedAt) return;
      s.endedAt = Date.now();
      s.endedStatus = e.status;
    });
    s.socket.on("attempt:time", (e) => {
      if (e.attemptId !== s.attemptId || !e.deadline) return;
      s.deadline = Date.parse(e.deadline);
      if (st.startedAt) return;
      st.startedAt = Date.now();
      // Reading the first question takes a while: the first save comes within one think time.
      schedule(api, st, Math.random() * c.thinkMs);
    });
    // A connection the server or the network dropped: a real client reconnects and resumes.
    s.socket.onClose = () => {
      counts.unplannedDrops++;
      void reconnect(api, st);
    };
  });
  clearInterval(reconnectTimer);
  const p = c.reconnectPerMinute / 100 / 60;
  if (p > 0)
    reconnectTimer = setInterval(() => {
      const now = Date.now();
      for (const st of states) {
        if (!st.startedAt || st.reconnecting || !st.s.socket.connected) continue;
        if (st.s.deadline - now < 5000 || Math.random() >= p) continue;
        counts.plannedDrops++;
        st.reconnecting = true;
        st.s.socket.terminate();
        void reconnect(api, st, 1000 + Math.random() * 2000);
      }
    }, 1000);
  return api.result("exam-arm", started);
}

function think(): number {
  return cfg!.thinkMs * (0.5 + Math.random());
}

/** The next save after `delayMs`, unless it would be later than the student's last moment. */
function schedule(api: WorkerApi, st: ExamState, delayMs: number) {
  clearTimeout(st.timer);
  if (Date.now() + delayMs >= st.s.deadline - cfg!.stopBeforeMs) return;
  st.timer = setTimeout(() => fire(api, st), delayMs);
}

function nextSave(st: ExamState): Save {
  const s = st.s;
  const n = s.questions.length;
  let index: number;
  if (st.answeredCount > 0 && (st.answeredCount >= n || Math.random() < cfg!.changeRatio)) {
    // Change an earlier answer: a random question answered before.
    let k = Math.floor(Math.random() * st.answeredCount);
    index = 0;
    for (let i = 0; i < n; i++)
      if (st.answered[i] && k-- === 0) {
        index = i;
        break;
      }
    counts.changes++;
  } else {
    while (st.answered[st.next]) st.next++;
    index = st.next++;
  }
  if (!st.answered[index]) {
    st.answered[index] = 1;
    st.answeredCount++;
  }
  const q = s.questions[index]!;
  const pick = q.options[Math.floor(Math.random() * q.options.length)] ?? "a";
  const response: AnswerResponse = q.kind === "multiple" ? { choices: [pick] } : { choice: pick };
  return { index, questionId: q.id, response, seq: ++s.seq };
}

function fire(api: WorkerApi, st: ExamState) {
  if (st.reconnecting || st.inFlight || !st.s.socket.connected || !st.s.attemptId || st.s.endedAt) return;
  if (Date.now() >= st.s.deadline - cfg!.stopBeforeMs) return;
  st.pending ??= nextSave(st);
  send(api, st, st.pending);
}

function send(api: WorkerApi, st: ExamState, save: Save) {
  const s = st.s;
  st.inFlight = true;
  counts.saves++;
  api.countSent();
  api.addInflight(1);
  const t0 = performance.now();
  s.socket
    .emitWithAck("answer:save", {
      attemptId: s.attemptId!,
      questionId: save.questionId,
      response: save.response,
      seq: save.seq,
    })
    .then(
      (ack) => {
        const us = (performance.now() - t0) * 1000;
        ackHist.recordValue(clampUs(us));
        api.record(us);
        st.pending = undefined;
        if (ack.ok) {
          counts.acked++;
          api.countOk();
          const data = ack as AckData["answer:save"];
          // A stale ack means the server holds this seq or a newer one already: ours is covered.
          if (save.seq > s.acked[save.index]! && (data.seq === save.seq || data.stale))
            s.acked[save.index] = save.seq;
        } else {
          // Every save is sent before the deadline by a student who owns the attempt: any refusal is wrong.
          counts.refused++;
          refused[ack.error.code] = (refused[ack.error.code] ?? 0) + 1;
          api.countError(`refused: ${ack.error.code}`);
        }
        schedule(api, st, think());
      },
      () => {
        // Disconnected before the ack: the save stays pending and is resent after the resume.
      },
    )
    .finally(() => {
      st.inFlight = false;
      api.addInflight(-1);
    });
}

/** Reconnects (to the next entry URL: a load balancer may pick another node), resumes, resends. */
async function reconnect(api: WorkerApi, st: ExamState, delayMs = 500 + Math.random() * 1500) {
  const s = st.s;
  clearTimeout(st.timer);
  if (st.loop) return;
  st.loop = true;
  st.reconnecting = true;
  try {
    for (let attempt = 1; attempt <= 5; attempt++) {
      await sleep(attempt === 1 ? delayMs : 1000 * attempt);
      const url = api.entryUrls[++st.urlTurn % api.entryUrls.length]!;
      if (!(await connectWithRetry(api, s, url, 20_000))) continue;
      const t0 = performance.now();
      try {
        const ack = await withTimeout(
          s.socket.emitWithAck("attempt:resume", { attemptId: s.attemptId! }),
          60_000,
          "resume: no ack in 60 s",
        );
        resumeHist.recordValue(clampUs((performance.now() - t0) * 1000));
        if (!ack.ok) {
          counts.refused++;
          refused[`resume ${ack.error.code}`] = (refused[`resume ${ack.error.code}`] ?? 0) + 1;
          api.countError(`resume refused: ${ack.error.code}`);
          return;
        }
        counts.resumed++;
        const view = ack.attempt as AttemptView;
        for (const { seq } of Object.values(view.answers)) s.seq = Math.max(s.seq, seq);
        if (view.deadline) s.deadline = Date.parse(view.deadline);
        if (view.status !== "in_progress" && view.status !== "lobby") {
          s.endedAt ||= Date.now();
          s.endedStatus ??= view.status;
          return;
        }
        st.reconnecting = false;
        if (st.pending && Date.now() < s.deadline - cfg!.stopBeforeMs) {
          counts.resent++;
          send(api, st, st.pending);
        } else {
          st.pending = undefined;
          schedule(api, st, think());
        }
        return;
      } catch (err) {
        api.countError((err as Error).message);
        s.socket.terminate();
      }
    }
    counts.reconnectFailed++;
    api.countError("reconnect failed");
  } finally {
    st.loop = false;
    st.reconnecting = false;
  }
}

/** Waits until every armed student has heard the start; the latency is from the proctor's click. */
export async function started(
  api: WorkerApi,
  c: Extract<Command, { t: "exam-started" }>,
): Promise<PhaseResult> {
  const begun = api.beginPhase();
  const until = Date.now() + c.timeoutMs;
  while (Date.now() < until && states.some((st) => !st.startedAt)) await sleep(20);
  const h = newHist();
  let ok = 0;
  for (const st of states)
    if (st.startedAt) {
      h.recordValue(clampUs((st.startedAt - c.sessionStartAt) * 1000));
      ok++;
    }
  const missing = states.length - ok;
  return api.result("exam-started", begun, {
    ok,
    failed: missing,
    errors: missing ? { no_attempt_time: missing } : {},
    hist: ok ? hdr.encodeIntoCompressedBase64(h) : undefined,
  });
}

/** Waits past the last deadline until every save is answered (or 20 s more), then reports the exam. */
export async function run(api: WorkerApi): Promise<PhaseResult> {
  const begun = api.beginPhase();
  const lastDeadline = Math.max(0, ...states.map((st) => st.s.deadline));
  const busy = () => states.some((st) => st.inFlight || st.reconnecting);
  while (Date.now() < lastDeadline) await sleep(100);
  const drainUntil = Date.now() + 20_000;
  while (busy() && Date.now() < drainUntil) await sleep(50);
  clearInterval(reconnectTimer);
  for (const st of states) clearTimeout(st.timer);
  const errors: Record<string, number> = {};
  for (const [code, n] of Object.entries(refused)) errors[`refused: ${code}`] = n;
  const stuck = states.filter((st) => st.inFlight).length;
  if (stuck) errors.no_ack_20s_after_deadline = stuck;
  if (counts.reconnectFailed) errors.reconnect_failed = counts.reconnectFailed;
  return api.result("exam-run", begun, {
    ok: counts.acked,
    failed: Object.values(errors).reduce((a, b) => a + b, 0),
    errors,
    hist: ackHist.totalCount ? hdr.encodeIntoCompressedBase64(ackHist) : undefined,
    hists: resumeHist.totalCount ? { resume: hdr.encodeIntoCompressedBase64(resumeHist) } : {},
    counts: { ...counts, students: states.length },
  });
}
