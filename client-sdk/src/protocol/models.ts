import { z } from "zod";

export const ROLES = ["student", "proctor", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const ATTEMPT_STATUSES = ["lobby", "in_progress", "submitted", "expired", "terminated"] as const;
export type AttemptStatus = (typeof ATTEMPT_STATUSES)[number];

export const SESSION_STATES = ["lobby", "running", "paused", "ended"] as const;
export type SessionState = (typeof SESSION_STATES)[number];

export const INTEGRITY_KINDS = [
  "focus_lost",
  "visibility_hidden",
  "copy",
  "paste",
  "fullscreen_exit",
  "devtools",
] as const;
export type IntegrityKind = (typeof INTEGRITY_KINDS)[number];
/** Signals the server detects by itself, beside the student-reported kinds. */
export type ServerIntegrityKind = "multiple_connections" | "ip_changed" | "frequent_reconnects";

export const optionId = z.string().min(1).max(64);
export const responseSchema = z.union([
  z.strictObject({ choice: optionId }),
  z.strictObject({ choices: z.array(optionId).max(16) }),
]);
export type AnswerResponse = z.infer<typeof responseSchema>;

export interface User {
  id: string;
  email: string;
  fullName: string;
  role: Role;
}

export interface QuestionView {
  id: string;
  kind: "single" | "multiple";
  stem: string;
  options: { id: string; text: string }[];
  section: string;
  points: number;
}

export interface SectionResult {
  title: string;
  score: number;
  maxScore: number;
  correct: number;
  total: number;
}

export interface Result {
  score: number;
  maxScore: number;
  sections: SectionResult[];
}

export interface AttemptView {
  id: string;
  examId: string;
  sessionId: string | null;
  status: AttemptStatus;
  startedAt: string | null;
  deadline: string | null;
  serverNow: string;
  questions: QuestionView[];
  answers: Record<string, { response: AnswerResponse; seq: number }>;
  /** Extension: the live session is paused; the clock stands at `deadline - pausedAt`. */
  paused?: boolean;
  pausedAt?: string | null;
}

export interface AttemptSummary {
  id: string;
  examId: string;
  sessionId: string | null;
  status: AttemptStatus;
  startedAt: string | null;
  deadline: string | null;
  submittedAt: string | null;
  score: number | null;
  maxScore: number;
}

export interface SessionView {
  id: string;
  examId: string;
  state: SessionState;
  proctorId: string;
  startedAt?: string | null;
  deadline?: string | null;
}

export interface RosterEntry {
  attemptId: string;
  userId: string;
  fullName: string;
  status: AttemptStatus;
  connected: boolean;
  answered: number;
  total: number;
  deadline: string | null;
  flags: number;
  lastSeenAt: string | null;
}

/** One question of a full review (GET /attempts/:id): the key, shown only when policy allows. */
export interface ReviewItem {
  questionId: string;
  stem: string;
  options: { id: string; text: string }[];
  response: AnswerResponse | null;
  correct: string[];
  isCorrect: boolean;
  points: number;
}

export interface QuestionStats {
  questionId: string;
  position: number;
  section: number;
  stem: string;
  points: number;
  answered: number;
  /** Share of attempts that got it right (0..1). */
  facility: number | null;
  /** Facility in the top 27% by total score minus facility in the bottom 27% (-1..1). */
  discrimination: number | null;
  options: { id: string; text: string; count: number; correct: boolean }[];
}

/** GET /exams/:id/stats (proctor, admin). */
export interface ExamStats {
  examId: string;
  attempts: number;
  maxScore: number;
  mean: number | null;
  median: number | null;
  stdDev: number | null;
  /** Ten equal bins from 0 to maxScore; the last includes maxScore. */
  histogram: { from: number; to: number; count: number }[];
  /** Internal consistency over item scores; null with fewer than two attempts or items. */
  cronbachAlpha: number | null;
  questions: QuestionStats[];
}
