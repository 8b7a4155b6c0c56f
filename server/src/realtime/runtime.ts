import type { AppContext } from "../context.ts";
import type { IoServer, IoSocket } from "./types.ts";

/** Node-level exam machinery: answer writer, sweeper, caches. (Filled in by the exam work.) */
export interface ExamRuntime {
  start(): void;
  stop(): Promise<void>;
  onDisconnect(socket: IoSocket): void;
}

export function createExamRuntime(_ctx: AppContext, _io: IoServer): ExamRuntime {
  return { start() {}, async stop() {}, onDisconnect() {} };
}
