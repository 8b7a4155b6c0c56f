import exec from "k6/execution";
import { Counter, Trend } from "k6/metrics";
import { setTimeout } from "k6/timers";
import { BASE_URL, adminToken, createExam, studentTokens } from "./lib/fixtures.ts";
import { connectSocketIo, type Ack, type SocketIo } from "./lib/socketio.ts";

// The `steady` scenario in k6: every VU is one student holding one Socket.IO connection for the
// whole run; it starts an attempt and saves answers with a think time. The ack means "durable in
// Postgres", so imtihon_answer_ack_ms is the figure the targets speak of.
//   k6 run -e BASE_URL=http://127.0.0.1:8080 -e ADMIN_EMAIL=... -e ADMIN_PASSWORD=... k6/steady.ts

const STUDENTS = Number(__ENV.STUDENTS || 200);
const THINK_MS = Number(__ENV.THINK_MS || 1000);
const HOLD_SECONDS = Number(__ENV.DURATION_SECONDS || 60);
const tokensFile = __ENV.TOKENS_FILE ? open(__ENV.TOKENS_FILE) : undefined;

const ackMs = new Trend("imtihon_answer_ack_ms", true);
const startMs = new Trend("imtihon_attempt_start_ms", true);
const acked = new Counter("imtihon_answers_acked");
const refused = new Counter("imtihon_answers_refused");
const connectErrors = new Counter("imtihon_connect_errors");

export const options = {
  setupTimeout: "10m",
  scenarios: {
    students: {
      executor: "per-vu-iterations",
      vus: STUDENTS,
      iterations: 1,
      maxDuration: `${HOLD_SECONDS + 120}s`,
    },
  },
  thresholds: {
    imtihon_answer_ack_ms: ["p(99)<50"],
    imtihon_answers_refused: ["count<1"],
    imtihon_connect_errors: ["count<1"],
  },
};

export function setup(): { tokens: string[]; examId: string } {
  const { examId } = createExam(adminToken());
  return { tokens: studentTokens(STUDENTS, tokensFile), examId };
}

export default function (data: { tokens: string[]; examId: string }): void {
  const token = data.tokens[(exec.vu.idInTest - 1) % data.tokens.length]!;
  const until = Date.now() + HOLD_SECONDS * 1000;
  connectSocketIo(BASE_URL, token, {
    onError: (reason) => {
      connectErrors.add(1, { reason });
    },
    onConnect: (io: SocketIo) => {
      const t0 = Date.now();
      io.emit("attempt:start", { examId: data.examId }, (ack: Ack) => {
        startMs.add(Date.now() - t0);
        if (!ack.ok) {
          refused.add(1, { code: ack.error.code });
          io.close();
          return;
        }
        const attempt = ack.attempt as {
          id: string;
          questions: { id: string; options: { id: string }[] }[];
          answers: Record<string, { seq: number }>;
        };
        let seq = Math.max(0, ...Object.values(attempt.answers).map((a) => a.seq));
        let next = 0;
        const answer = () => {
          if (Date.now() >= until) return io.close();
          const q = attempt.questions[next++ % attempt.questions.length]!;
          const choice = q.options[Math.floor(Math.random() * q.options.length)]!.id;
          const sent = Date.now();
          io.emit(
            "answer:save",
            { attemptId: attempt.id, questionId: q.id, response: { choice }, seq: ++seq },
            (a: Ack) => {
              ackMs.add(Date.now() - sent);
              if (a.ok) acked.add(1);
              else refused.add(1, { code: a.error.code });
              setTimeout(answer, THINK_MS * (0.5 + Math.random()));
            },
          );
        };
        setTimeout(answer, Math.random() * THINK_MS);
      });
    },
  });
}
