export const SCENARIOS = [
  "steady",
  "start-storm",
  "end-storm",
  "capacity",
  "http",
  "proctor",
  "exam-day",
] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export interface RunOptions {
  scenario: ScenarioName;
  /** Entry URLs of a running cluster; unset: start `nodes` nodes here. */
  urls?: string[];
  nodes: number;
  /** Load-generator processes; default: one per 9,000 sockets, at least 2. */
  processes?: number;
  students?: number;
  durationS?: number;
  thinkMs?: number;
  /** start-storm: seconds over which the starts are spread. */
  windowS?: number;
  /** end-storm, exam-day: exam length in seconds. */
  examSeconds?: number;
  /** exam-day: percent of the students that drop and resume their connection per minute (default 1). */
  reconnectPerMinute?: number;
  /** http: concurrent connections. */
  connections?: number;
  nginx: boolean;
  baseline: boolean;
  /** Extra `node` flags for our server nodes (not the baselines): memory trials such as --max-semi-space-size. */
  nodeFlags?: string[];
  /** Extra environment for our server nodes, e.g. MALLOC_ARENA_MAX=2. */
  nodeEnv?: Record<string, string>;
  cpuProf: boolean;
  pgServerUrl: string;
  redisUrl: string;
  /** Against --url: the cluster's database (insert users, count stored answers) and JWT secret (mint tokens). */
  databaseUrl?: string;
  jwtSecret?: string;
  adminEmail?: string;
  adminPassword?: string;
  outDir: string;
  keepDb: boolean;
  /** No live progress line (tests). */
  quiet: boolean;
  command: string;
}

export const DEFAULTS: Record<ScenarioName, { students: number; durationS: number }> = {
  steady: { students: 2000, durationS: 20 },
  "start-storm": { students: 5000, durationS: 5 },
  "end-storm": { students: 5000, durationS: 20 },
  capacity: { students: 15_000, durationS: 15 },
  http: { students: 2000, durationS: 10 },
  proctor: { students: 1000, durationS: 20 },
  "exam-day": { students: 2000, durationS: 0 },
};

export class UsageError extends Error {
  override name = "UsageError";
}
