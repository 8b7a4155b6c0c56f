// The public surface: factories, errors and types. Classes are exported as types only (they are
// made by the factories), and members marked @internal are stripped from the published .d.ts.
export type { Attempt, AttemptEvents, AttemptSnapshot, SaveState, StartTarget } from "./attempt.ts";
export {
  createHttpClient,
  HttpError,
  type AuthTokens,
  type CallArgs,
  type HttpClient,
  type HttpClientOptions,
  type TokenStore,
} from "./http-client.ts";
export type { ServerClock } from "./clock.ts";
export { SdkError } from "./errors.ts";
export {
  createExamClient,
  type ConnectionState,
  type ExamClient,
  type ExamClientOptions,
} from "./exam-client.ts";
export type { SessionSnapshot, SessionWatch } from "./session-watch.ts";
export { memoryStorage, type OutboxStorage } from "./storage.ts";
export {
  declineLegacyImport,
  defaultLegacyConfig,
  importLegacyResults,
  legacyConfig,
  legacyImportStatus,
  readLegacyResults,
  type LegacyImportConfig,
  type LegacyImportSummary,
  type LegacySource,
  type LegacyStorage,
} from "./legacy-import.ts";
export type * from "./protocol/index.ts";
