import type { AppContext } from "../context.ts";
import type { ExamRuntime } from "./runtime.ts";
import type { IoSocket } from "./types.ts";

export function registerSessionHandlers(_ctx: AppContext, _runtime: ExamRuntime, _socket: IoSocket): void {}
