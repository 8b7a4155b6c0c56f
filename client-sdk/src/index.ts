export { Attempt, type AttemptEvents, type SaveState, type StartTarget } from "./attempt.ts";
export {
  createHttpClient,
  HttpError,
  type AuthTokens,
  type CallArgs,
  type HttpClient,
  type HttpClientOptions,
} from "./http-client.ts";
export { ServerClock } from "./clock.ts";
export { SdkError } from "./errors.ts";
export { createExamClient, ExamClient, type ConnectionState, type ExamClientOptions } from "./exam-client.ts";
export { Outbox, type OutboxEntry } from "./outbox.ts";
export { SessionWatch, type SessionSnapshot } from "./session-watch.ts";
export { memoryStorage, type OutboxStorage } from "./storage.ts";
export type * from "./protocol/index.ts";
