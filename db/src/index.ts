export type { Database } from "./database.ts";
export type { AnswerResponse } from "./tables/answers.ts";
export type { AttemptRow, AttemptStatus } from "./tables/attempts.ts";
export type { ExamMode, ExamRow, ReviewPolicy } from "./tables/exams.ts";
export type {
  OrderRow,
  OrderStatus,
  PaymentProvider,
  PaymentTransactionRow,
  PaymeState,
  ProductRow,
} from "./tables/orders.ts";
export type { LiveSessionRow, SessionState } from "./tables/live-sessions.ts";
export type { QuestionKind, QuestionOption, QuestionRow } from "./tables/questions.ts";
export type { SectionResultRow } from "./tables/results.ts";
export type { Role, UserRow } from "./tables/users.ts";
export { connect, jsonType, type DbHandle } from "./connect.ts";
export { migrateToLatest, migrations } from "./migrate.ts";
export { embeddedDatabaseUrl, startEmbeddedPostgres, type EmbeddedDatabase } from "./embedded.ts";
export { seedDemo } from "./seed/index.ts";
