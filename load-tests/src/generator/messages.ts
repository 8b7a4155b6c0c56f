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
  /** Sockets of this process connected at the end of the phase. */
  connected?: number;
  /** process memory after the phase */
  rssBytes?: number;
}

export type Report =
  Tick | PhaseResult | { t: "ready"; worker: number } | { t: "fatal"; worker: number; error: string };
