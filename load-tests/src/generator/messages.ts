import type { AttemptStatus } from "@imtihon/client-sdk/protocol";

/** What the coordinator asks of a generator process. */
export type Command =
  | {
      t: "init";
      worker: number;
      /** Students of this process: user id and the entry URL each one uses. */
      students: { userId: string; url: string }[];
      jwtSecret?: string;
      /** Pre-made tokens (against --url without the secret), same order as students. */
      tokens?: string[];
      /** Loopback source addresses to spread this process's sockets over. */
      sourceAddresses: string[];
    }
  | { t: "connect"; concurrency: number; timeoutMs: number }
  | { t: "start"; examId?: string; sessionId?: string; windowMs: number; onlyFirst?: number }
  | {
      t: "answer";
      durationMs: number;
      /** Closed loop: after each ack wait think time (uniform 0.5x..1.5x); 0 saturates. */
      thinkMs?: number;
      /** Paced: each student sends every intervalMs; latency counts from the scheduled time. */
      intervalMs?: number;
      /** Stop a student after this many answers (one pass over the questions = question count). */
      maxAnswers?: number;
      /** Remember when each answer was sent (the proctor scenario joins them with roster updates). */
      recordSends?: boolean;
    }
  | { t: "await-ended"; timeoutMs: number }
  /** exam-day: every student connects and joins the session's lobby at a random moment of the window. */
  | { t: "join"; sessionId: string; windowMs: number; timeoutMs: number }
  /**
   * exam-day: arm the students (before session:start). On `attempt:time` each starts answering at
   * its pace until the deadline; reconnects happen at the given rate and resume the attempt.
   */
  | {
      t: "exam-arm";
      /** Mean milliseconds between one student's saves (uniform 0.5x..1.5x). */
      thinkMs: number;
      /** Share of saves that change an earlier answer instead of answering the next question. */
      changeRatio: number;
      /** Percent of students that drop their connection per minute (and reconnect, resume). */
      reconnectPerMinute: number;
      /** No save is sent later than this before the deadline (all saves are sent in time). */
      stopBeforeMs: number;
    }
  /** exam-day: wait until every armed student has its deadline; latency from sessionStartAt (epoch ms). */
  | { t: "exam-started"; sessionStartAt: number; timeoutMs: number }
  /** exam-day: wait until the deadline has passed and every save is answered; report the exam. */
  | { t: "exam-run" }
  | {
      t: "http";
      /** Loop i uses baseUrls[i % length]: every node (or the proxy) gets its share. */
      baseUrls: string[];
      connections: number;
      durationMs: number;
      /** Requests sent in turn; `{user}` in a body is replaced by the next user's email of this process. */
      requests: { method: "GET" | "POST"; path: string; body?: string; token?: string }[];
      /** Emails to log in with, this process's share; each is used once (the login limits are per email). */
      emails?: string[];
    }
  | { t: "verify"; databaseUrl: string }
  | { t: "close" };

export interface Tick {
  t: "tick";
  worker: number;
  connected: number;
  sent: number;
  ok: number;
  inflight: number;
  errors: Record<string, number>;
  /** HdrHistogram (µs) of the acks received in this interval, compressed base64; absent when none. */
  hist?: string;
}

export interface PhaseResult {
  t: "result";
  worker: number;
  phase: Command["t"];
  ok: number;
  failed: number;
  errors: Record<string, number>;
  /** HdrHistogram (µs) of the whole phase. */
  hist?: string;
  durationMs: number;
  /** await-ended: when each attempt:ended arrived (epoch ms), with the attempt's deadline. */
  ended?: { at: number; deadline: number; status: AttemptStatus }[];
  /** answer with recordSends: attempt, distinct questions answered after this save, when it was sent. */
  sends?: { attemptId: string; answered: number; at: number }[];
  /** verify */
  acked?: number;
  stored?: number;
  lost?: number;
  lostSamples?: string[];
  /** Further named histograms (µs), compressed base64: exam-day's resume latency. */
  hists?: Record<string, string>;
  /** Named counts: exam-day's saves, changes, reconnects, resends. */
  counts?: Record<string, number>;
  /** Sockets of this process connected at the end of the phase. */
  connected?: number;
  /** process memory after the phase */
  rssBytes?: number;
}

export type Report =
  Tick | PhaseResult | { t: "ready"; worker: number } | { t: "fatal"; worker: number; error: string };
