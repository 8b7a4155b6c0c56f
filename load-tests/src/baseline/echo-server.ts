import type { AttemptView, ClientToServerEvents, ServerToClientEvents } from "@imtihon/client-sdk/protocol";
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";

// The baseline for every socket scenario: a bare Socket.IO server with the same transport settings
// as a node, acking every event at once with a well-formed reply and doing no other work (no auth,
// no validation, no database). Run as its own process: `PORT=0 node echo-server.ts`.
const QUESTIONS = Array.from({ length: 20 }, (_, i) => ({
  id: randomUUID(),
  kind: "single" as const,
  stem: `Baseline question ${i + 1}`,
  options: ["a", "b", "c", "d"].map((id) => ({ id, text: id.toUpperCase() })),
  section: "Baseline",
  points: 1,
}));

const http = createServer();
const io = new Server<ClientToServerEvents, ServerToClientEvents>(http, {
  transports: ["websocket"],
  maxHttpBufferSize: 16 * 1024,
  serveClient: false,
});

io.on("connection", (socket) => {
  const attemptId = randomUUID();
  socket.on("attempt:start", (p, ack) => {
    const now = new Date();
    const attempt: AttemptView = {
      id: attemptId,
      examId: "examId" in p ? p.examId : randomUUID(),
      sessionId: "sessionId" in p ? p.sessionId : null,
      status: "in_progress",
      startedAt: now.toISOString(),
      deadline: new Date(now.getTime() + 3_600_000).toISOString(),
      serverNow: now.toISOString(),
      questions: QUESTIONS,
      answers: {},
    };
    ack({ ok: true, attempt });
  });
  socket.on("answer:save", (p, ack) =>
    ack({ ok: true, questionId: p.questionId, seq: p.seq, savedAt: new Date().toISOString() }),
  );
  socket.on("attempt:submit", (_p, ack) => ack({ ok: true, status: "submitted" }));
  socket.on("time:sync", (_p, ack) => ack({ ok: true, serverNow: Date.now() }));
});

http.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? "127.0.0.1", () => {
  const { port } = http.address() as AddressInfo;
  console.log(
    JSON.stringify({ msg: "listening", url: `http://127.0.0.1:${port}`, baseline: "socket.io-echo" }),
  );
});
process.on("SIGTERM", () => {
  io.close();
  process.exit(0);
});
