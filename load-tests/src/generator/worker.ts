import type { AckData, AttemptView, ErrorCode } from "@imtihon/client-sdk/protocol";
import * as hdr from "hdr-histogram-js";
import postgres from "postgres";
import { createTokenService } from "@imtihon/server/auth";
import { VirtualStudent } from "../client/virtual-student.ts";
import * as examDay from "./exam-day.ts";
import { runHttpLoad } from "./http-load.ts";
import type { Command, PhaseResult, Report } from "./messages.ts";

// A load-generator process (forked by pool.ts): holds its share of virtual students and runs the
// phases the coordinator sends, reporting a tick every second and a result per phase.
const HIGHEST_US = 600_000_000;
const newHist = () =>
  hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: HIGHEST_US,
    numberOfSignificantValueDigits: 3,
  });

let worker = -1;
let sourceAddresses: string[] = [];
let students: VirtualStudent[] = [];
const tickHist = newHist();
let phaseHist = newHist();
let sent = 0;
let ok = 0;
let inflight = 0;
let errors: Record<string, number> = {};
let tickErrors: Record<string, number> = {};

const send = (r: Report) => process.send?.(r);
const countError = (code: string) => {
  errors[code] = (errors[code] ?? 0) + 1;
  tickErrors[code] = (tickErrors[code] ?? 0) + 1;
};
const record = (us: number) => {
  const v = Math.min(HIGHEST_US, Math.max(1, Math.round(us)));
  tickHist.recordValue(v);
  phaseHist.recordValue(v);
};
const connectedCount = () => students.reduce((n, s) => n + (s.socket.connected ? 1 : 0), 0);

setInterval(() => {
  const hist = tickHist.totalCount > 0 ? hdr.encodeIntoCompressedBase64(tickHist) : undefined;
  tickHist.reset();
  send({ t: "tick", worker, connected: connectedCount(), sent, ok, inflight, errors: tickErrors, hist });
  tickErrors = {};
}, 1000).unref();

function beginPhase() {
  phaseHist = newHist();
  errors = {};
  sent = 0;
  ok = 0;
  return performance.now();
}

function result(phase: Command["t"], started: number, extra: Partial<PhaseResult> = {}): PhaseResult {
  return {
    t: "result",
    worker,
    phase,
    ok,
    failed: Object.values(errors).reduce((a, b) => a + b, 0),
    errors,
    hist: phaseHist.totalCount > 0 ? hdr.encodeIntoCompressedBase64(phaseHist) : undefined,
    durationMs: performance.now() - started,
    rssBytes: process.memoryUsage.rss(),
    connected: connectedCount(),
    ...extra,
  };
}

/** Runs `fn` over items with at most `limit` in flight. */
async function pool<T>(items: T[], limit: number, fn: (item: T) => Promise<void>) {
  let i = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (i < items.length) await fn(items[i++]!);
    }),
  );
}

async function connectAll(c: Extract<Command, { t: "connect" }>) {
  const started = beginPhase();
  await pool(students, c.concurrency, async (s) => {
    for (let attempt = 1; ; attempt++) {
      const t0 = performance.now();
      try {
        await s.socket.connect({
          url: s.url,
          auth: { token: s.token },
          localAddress: s.localAddress,
          timeoutMs: c.timeoutMs,
        });
        record((performance.now() - t0) * 1000);
        ok++;
        s.socket.onClose = () => countError("disconnected");
        return;
      } catch (err) {
        const reason = (err as Error).message;
        // A refused or reset handshake under a connect storm is retried; an auth refusal is not.
        if (reason === "unauthorized" || attempt >= 3) {
          countError(`connect: ${reason}`);
          return;
        }
        await new Promise((r) => setTimeout(r, 200 * attempt));
      }
    }
  });
  send(result("connect", started));
}

async function startAll(c: Extract<Command, { t: "start" }>) {
  const started = beginPhase();
  const who = students.filter((s) => s.socket.connected).slice(0, c.onlyFirst ?? students.length);
  await Promise.all(
    who.map(async (s) => {
      await new Promise((r) => setTimeout(r, Math.random() * c.windowMs));
      const t0 = performance.now();
      sent++;
      try {
        const ack = await Promise.race([
          s.socket.emitWithAck(
            "attempt:start",
            c.sessionId ? { sessionId: c.sessionId } : { examId: c.examId! },
          ),
          new Promise<never>((_, reject) =>
            setTimeout(() => reject(new Error("no ack in 60 s")), 60_000).unref(),
          ),
        ]);
        record((performance.now() - t0) * 1000);
        if (ack.ok) {
          ok++;
          s.adopt(ack.attempt as AttemptView);
          s.socket.on("attempt:ended", (e) => {
            if (e.attemptId !== s.attemptId) return;
            s.endedAt = Date.now();
            s.endedStatus = e.status;
          });
          s.socket.on("attempt:time", (e) => {
            if (e.attemptId === s.attemptId && e.deadline) s.deadline = Date.parse(e.deadline);
          });
        } else countError(ack.error.code);
      } catch (err) {
        countError((err as Error).message);
      }
    }),
  );
  send(result("start", started));
}

async function answerAll(c: Extract<Command, { t: "answer" }>) {
  const started = beginPhase();
  const until = started + c.durationMs;
  const sends: NonNullable<PhaseResult["sends"]> = [];
  let stopped = false;
  const fire = (s: VirtualStudent, due: number) => {
    if (stopped || performance.now() >= until || !s.socket.connected) return;
    if (c.maxAnswers !== undefined && s.sent >= c.maxAnswers) return;
    const a = s.nextAnswer();
    if (!a || !s.attemptId) return;
    s.sent++;
    sent++;
    inflight++;
    const sentAt = Date.now();
    s.socket
      .emitWithAck("answer:save", {
        attemptId: s.attemptId,
        questionId: a.questionId,
        response: a.response,
        seq: a.seq,
      })
      .then((ack) => {
        const now = performance.now();
        record((now - due) * 1000);
        if (ack.ok) {
          ok++;
          const data = ack as AckData["answer:save"];
          // A stale ack means the server holds a newer seq already: ours is covered by it.
          if (a.seq > s.acked[a.index]! && (data.seq === a.seq || data.stale)) s.acked[a.index] = a.seq;
          if (c.recordSends) sends.push({ attemptId: s.attemptId!, answered: s.answeredCount(), at: sentAt });
        } else countError(ack.error.code as ErrorCode);
        return now;
      })
      .catch((err: Error) => {
        countError(err.message);
        return performance.now();
      })
      .then((now) => {
        inflight--;
        let nextDue: number;
        if (c.intervalMs !== undefined) nextDue = due + c.intervalMs;
        else nextDue = now + (c.thinkMs ?? 0) * (0.5 + Math.random());
        if (nextDue <= now) fire(s, nextDue);
        else setTimeout(() => fire(s, nextDue), nextDue - now);
      });
  };
  for (const s of students) {
    if (!s.attemptId) continue;
    // Spread the first answers over one interval (or think time) so students do not move in lockstep.
    const spread = c.intervalMs ?? c.thinkMs ?? 0;
    const due = started + Math.random() * spread;
    setTimeout(() => fire(s, due), due - started);
  }
  for (const s of students) s.sent = 0;
  // With maxAnswers the phase ends as soon as every student has sent its share and been answered.
  const allDone = () =>
    c.maxAnswers !== undefined &&
    inflight === 0 &&
    students.every((s) => !s.attemptId || !s.socket.connected || s.sent >= c.maxAnswers!);
  while (performance.now() < until && !allDone()) await new Promise((r) => setTimeout(r, 100));
  stopped = true;
  const drainUntil = performance.now() + 15_000;
  while (inflight > 0 && performance.now() < drainUntil) await new Promise((r) => setTimeout(r, 20));
  if (inflight > 0) errors.no_ack_in_15s = inflight;
  send(result("answer", started, c.recordSends ? { sends } : {}));
}

async function awaitEnded(c: Extract<Command, { t: "await-ended" }>) {
  const started = beginPhase();
  const mine = students.filter((s) => s.attemptId);
  const until = performance.now() + c.timeoutMs;
  while (performance.now() < until && mine.some((s) => !s.endedAt))
    await new Promise((r) => setTimeout(r, 50));
  const ended = mine
    .filter((s) => s.endedAt)
    .map((s) => ({ at: s.endedAt, deadline: s.deadline, status: s.endedStatus as never }));
  ok = ended.length;
  if (mine.length > ended.length) errors.no_attempt_ended = mine.length - ended.length;
  send(result("await-ended", started, { ended }));
}

async function httpLoad(c: Extract<Command, { t: "http" }>, sourceAddresses: string[]) {
  const started = beginPhase();
  let turn = 0;
  let user = 0;
  await runHttpLoad({
    baseUrls: c.baseUrls,
    connections: c.connections,
    durationMs: c.durationMs,
    sourceAddresses,
    next: () => {
      const r = c.requests[turn++ % c.requests.length]!;
      const email = c.emails?.[user++ % c.emails.length];
      sent++;
      return email && r.body ? { ...r, body: r.body.replace("{user}", email) } : r;
    },
    onResult: (status, us) => {
      record(us);
      if (typeof status === "number" && status >= 200 && status < 300) ok++;
      else countError(String(status));
    },
  });
  send(result("http", started, { connected: c.connections }));
}

/** Checks every acked answer of this process against Postgres: stored = found with seq >= acked seq. */
async function verify(c: Extract<Command, { t: "verify" }>) {
  const started = beginPhase();
  const sql = postgres(c.databaseUrl, { max: 2, onnotice: () => {} });
  let acked = 0;
  let stored = 0;
  const lostSamples: string[] = [];
  try {
    const withAttempts = students.filter((s) => s.attemptId);
    for (let i = 0; i < withAttempts.length; i += 500) {
      const chunk = withAttempts.slice(i, i + 500);
      const rows = await sql<{ attempt_id: string; question_id: string; seq: number }[]>`
        select attempt_id, question_id, seq from answers where attempt_id = any(${chunk.map((s) => s.attemptId!)}::uuid[])`;
      const found = new Map(rows.map((r) => [`${r.attempt_id}/${r.question_id}`, r.seq]));
      for (const s of chunk) {
        s.acked.forEach((seq, qi) => {
          if (seq < 0) return;
          acked++;
          const key = `${s.attemptId}/${s.questions[qi]!.id}`;
          const have = found.get(key);
          if (have !== undefined && have >= seq) stored++;
          else if (lostSamples.length < 10)
            lostSamples.push(`${key} acked seq ${seq}, stored ${have ?? "none"}`);
        });
      }
    }
  } finally {
    await sql.end();
  }
  send(result("verify", started, { acked, stored, lost: acked - stored, lostSamples }));
}

const api: examDay.WorkerApi = {
  get students() {
    return students;
  },
  get entryUrls() {
    return [...new Set(students.map((s) => s.url))];
  },
  record,
  countError,
  countOk: () => void ok++,
  countSent: () => void sent++,
  addInflight: (d) => void (inflight += d),
  beginPhase,
  result,
};

async function init(c: Extract<Command, { t: "init" }>) {
  worker = c.worker;
  sourceAddresses = c.sourceAddresses;
  students = c.students.map(
    (s, i) => new VirtualStudent(s.userId, s.url, c.sourceAddresses[i % c.sourceAddresses.length]!),
  );
  if (c.tokens) c.tokens.forEach((t, i) => (students[i]!.token = t));
  else if (c.jwtSecret) {
    // Tokens live longer than any run so no socket meets auth:expired mid-measurement.
    const tokens = createTokenService(c.jwtSecret, 6 * 3600);
    for (const s of students)
      s.token = (await tokens.signAccess({ id: s.userId, role: "student", tokenVersion: 0 })).token;
  }
  send({ t: "ready", worker });
}

process.on("message", (c: Command) => {
  const run = async () => {
    switch (c.t) {
      case "init":
        return init(c);
      case "connect":
        return connectAll(c);
      case "start":
        return startAll(c);
      case "answer":
        return answerAll(c);
      case "await-ended":
        return awaitEnded(c);
      case "verify":
        return verify(c);
      case "join":
        return send(await examDay.join(api, c));
      case "exam-arm":
        return send(examDay.arm(api, c));
      case "exam-started":
        return send(await examDay.started(api, c));
      case "exam-run":
        return send(await examDay.run(api));
      case "http":
        return httpLoad(c, sourceAddresses);
      case "close":
        for (const s of students) s.socket.terminate();
        setTimeout(() => process.exit(0), 100);
    }
  };
  run().catch((err: Error) => send({ t: "fatal", worker, error: err.stack ?? String(err) }));
});
process.on("disconnect", () => process.exit(0));
