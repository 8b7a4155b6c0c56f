export type { Database } from "./database.ts";
export type { AttemptRow } from "./tables/attempts.ts";
export type { ExamRow } from "./tables/exams.ts";
export type {
  OrderRow,
  OrderStatus,
  PaymentProvider,
  PaymentTransactionRow,
  PaymeState,
  ProductRow,
} from "./tables/orders.ts";
export type { CertificateItemRow } from "./tables/insights.ts";
export type { LiveSessionRow } from "./tables/live-sessions.ts";
export type { MediaMime, MediaRow } from "./tables/media.ts";
export type { NumericKey, QuestionOption, QuestionRow } from "./tables/questions.ts";
export type { SectionResultRow, TopicResultRow } from "./tables/results.ts";
export type { UserRow } from "./tables/users.ts";
// The column unions are the protocol's, declared once there; re-exported for existing imports.
export type {
  AnswerResponse,
  AttemptStatus,
  Difficulty,
  ExamMode,
  QuestionKind,
  ReviewPolicy,
  Role,
  SectionScoring,
  SessionState,
} from "@imtihon/client-sdk/protocol";
export { connect, jsonType, type DbHandle } from "./connect.ts";
export { migrateToLatest, migrations } from "./migrate.ts";
export {
  embeddedDatabaseUrl,
  EmbeddedPostgresMissingError,
  startEmbeddedPostgres,
  type EmbeddedDatabase,
} from "./embedded.ts";
export { seedDemo } from "./seed/index.ts";
