import type { AnswerResponse, AttemptView } from "@imtihon/client-sdk/protocol";
import { LeanSocket } from "./lean-socket.ts";

/**
 * One virtual student: a lean socket, its attempt, the next `seq`, and the highest acknowledged seq
 * per question (the ledger that "acked N, stored N, lost 0" is checked against).
 */
export class VirtualStudent {
  readonly socket = new LeanSocket();
  attemptId: string | undefined;
  deadline = 0;
  questions: { id: string; kind: AttemptView["questions"][number]["kind"]; options: string[] }[] = [];
  /** Highest acked seq per question index; -1 when none. */
  acked: Int32Array = new Int32Array(0);
  seq = 0;
  next = 0;
  sent = 0;
  endedAt = 0;
  endedStatus: string | undefined;
  readonly userId: string;
  readonly url: string;
  readonly localAddress: string;
  token = "";

  constructor(userId: string, url: string, localAddress: string) {
    this.userId = userId;
    this.url = url;
    this.localAddress = localAddress;
  }

  /** Takes the attempt from an `attempt:start` ack; resumes the seq above what the server has. */
  adopt(attempt: AttemptView): void {
    this.attemptId = attempt.id;
    this.deadline = attempt.deadline ? Date.parse(attempt.deadline) : 0;
    this.questions = attempt.questions.map((q) => ({
      id: q.id,
      kind: q.kind,
      options: q.options.map((o) => o.id),
    }));
    this.acked = new Int32Array(this.questions.length).fill(-1);
    for (const { seq } of Object.values(attempt.answers)) this.seq = Math.max(this.seq, seq);
  }

  /** The next answer: questions in turn, a random option, a seq above every earlier one. */
  nextAnswer(): { index: number; questionId: string; response: AnswerResponse; seq: number } | undefined {
    const n = this.questions.length;
    if (n === 0) return undefined;
    const index = this.next++ % n;
    const q = this.questions[index]!;
    const pick = q.options[Math.floor(Math.random() * q.options.length)] ?? "a";
    const response: AnswerResponse = q.kind === "multiple" ? { choices: [pick] } : { choice: pick };
    return { index, questionId: q.id, response, seq: ++this.seq };
  }

  /** Distinct questions with an acked answer. */
  answeredCount(): number {
    let n = 0;
    for (const s of this.acked) if (s >= 0) n++;
    return n;
  }
}
