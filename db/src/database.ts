import type { AnswersTable } from "./tables/answers.ts";
import type { AttemptsTable } from "./tables/attempts.ts";
import type {
  DashboardCohortDaysTable,
  DashboardDaysTable,
  DashboardExamDaysTable,
  DashboardRefreshTable,
  DashboardScoreDaysTable,
} from "./tables/dashboard.ts";
import type { DirectionSubjectsTable, DirectionsTable } from "./tables/directions.ts";
import type { ExamQuestionsTable, ExamSectionsTable, ExamsTable } from "./tables/exams.ts";
import type {
  CertificateEstimatesTable,
  CertificateScoresTable,
  PassingScoresTable,
} from "./tables/insights.ts";
import type { IntegrityEventsTable } from "./tables/integrity-events.ts";
import type { LegacyResultsTable } from "./tables/legacy-results.ts";
import type { LiveSessionsTable } from "./tables/live-sessions.ts";
import type { MediaTable } from "./tables/media.ts";
import type {
  EntitlementUsesTable,
  EntitlementsTable,
  OrdersTable,
  PaymentAuditTable,
  PaymentTransactionsTable,
  ProductsTable,
} from "./tables/orders.ts";
import type { PaymentsTable } from "./tables/payments.ts";
import type { ProctorActionsTable } from "./tables/proctor-actions.ts";
import type { QuestionTopicsTable, QuestionsTable, TopicsTable } from "./tables/questions.ts";
import type { RefreshTokensTable } from "./tables/refresh-tokens.ts";
import type { ResultsTable } from "./tables/results.ts";
import type { ExamBestScoresTable, ExamScoreCountsTable } from "./tables/standing.ts";
import type { SubjectsTable } from "./tables/subjects.ts";
import type { UsersTable } from "./tables/users.ts";

export interface Database {
  users: UsersTable;
  refresh_tokens: RefreshTokensTable;
  subjects: SubjectsTable;
  directions: DirectionsTable;
  direction_subjects: DirectionSubjectsTable;
  questions: QuestionsTable;
  topics: TopicsTable;
  question_topics: QuestionTopicsTable;
  exams: ExamsTable;
  exam_sections: ExamSectionsTable;
  exam_questions: ExamQuestionsTable;
  live_sessions: LiveSessionsTable;
  attempts: AttemptsTable;
  answers: AnswersTable;
  results: ResultsTable;
  integrity_events: IntegrityEventsTable;
  proctor_actions: ProctorActionsTable;
  payments: PaymentsTable;
  products: ProductsTable;
  orders: OrdersTable;
  entitlements: EntitlementsTable;
  entitlement_uses: EntitlementUsesTable;
  payment_transactions: PaymentTransactionsTable;
  payment_audit: PaymentAuditTable;
  media: MediaTable;
  passing_scores: PassingScoresTable;
  certificate_estimates: CertificateEstimatesTable;
  certificate_scores: CertificateScoresTable;
  exam_best_scores: ExamBestScoresTable;
  exam_score_counts: ExamScoreCountsTable;
  dashboard_days: DashboardDaysTable;
  dashboard_exam_days: DashboardExamDaysTable;
  dashboard_score_days: DashboardScoreDaysTable;
  dashboard_cohort_days: DashboardCohortDaysTable;
  dashboard_refresh: DashboardRefreshTable;
  legacy_results: LegacyResultsTable;
}
