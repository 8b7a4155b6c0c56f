import { parseArgs } from "node:util";
import path from "node:path";
import { REPORTS_DIR, runScenario } from "./run.ts";
import { SCENARIOS, UsageError, type RunOptions, type ScenarioName } from "./scenarios/options.ts";

const USAGE = `usage: npm run load -- <scenario> [options]

scenarios: ${SCENARIOS.join(", ")}

  --nodes N            server nodes to start here (default 2), with one Redis and a fresh database
  --url URL[,URL]      target a running cluster instead (entry URLs: nodes or the proxy)
  --students N         virtual students (scenario default otherwise)
  --duration S         seconds of each measured phase
  --processes N        load-generator processes (default: one per 9,000 sockets, at least 2)
  --think MS           steady: think time between answers (default: none, i.e. saturate + half-rate phase);
                       exam-day: mean time between one student's saves (default 108000, the DTM pace)
  --window S           start-storm: spread the starts over S seconds (default 5);
                       exam-day: spread the connects and lobby joins over S seconds (default N/400, 5..300)
  --exam-seconds S     end-storm: exam length (default 20); exam-day: exam length (default 10800, 3 h)
  --reconnect-rate P   exam-day: percent of students dropping and resuming their connection per minute (default 1)
  --connections N      http: concurrent connections (default 64)
  --nginx              put Debian's nginx (deploy/nginx.conf) in front of the nodes
  --no-baseline        skip the bare Socket.IO echo / Hono hello baseline
  --cpu-prof           write a V8 CPU profile per node under the report's cpu-prof/
  --node-flags "F ..." extra node flags for our server nodes (not the baselines), e.g. "--max-semi-space-size=2"
  --node-env K=V[,K=V] extra environment for our server nodes, e.g. MALLOC_ARENA_MAX=2
  --pg URL             Postgres server for the run's database (default $DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres)
  --redis URL          Redis (default $REDIS_URL or redis://127.0.0.1:6379)
  --database-url URL   with --url: the cluster's database (students are inserted, stored answers counted)
  --jwt-secret S       with --url: the cluster's JWT secret (tokens are minted)
  --admin-email E, --admin-password P   with --url: an admin account for creating the exam
  --out DIR            reports directory (default reports/)
  --keep-db            keep the run's database
  --quiet              no live progress line
`;

function parse(argv: string[]): RunOptions {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      nodes: { type: "string" },
      url: { type: "string" },
      students: { type: "string" },
      duration: { type: "string" },
      processes: { type: "string" },
      think: { type: "string" },
      window: { type: "string" },
      "exam-seconds": { type: "string" },
      "reconnect-rate": { type: "string" },
      connections: { type: "string" },
      nginx: { type: "boolean", default: false },
      "no-baseline": { type: "boolean", default: false },
      "cpu-prof": { type: "boolean", default: false },
      "node-flags": { type: "string" },
      "node-env": { type: "string" },
      pg: { type: "string" },
      redis: { type: "string" },
      "database-url": { type: "string" },
      "jwt-secret": { type: "string" },
      "admin-email": { type: "string" },
      "admin-password": { type: "string" },
      out: { type: "string" },
      "keep-db": { type: "boolean", default: false },
      quiet: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  const scenario = positionals[0];
  if (values.help || !scenario) throw new UsageError(USAGE);
  if (!(SCENARIOS as readonly string[]).includes(scenario))
    throw new UsageError(`unknown scenario "${scenario}"\n\n${USAGE}`);
  const int = (name: string, v: string | undefined, min = 0): number | undefined => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isFinite(n) || n < min) throw new UsageError(`--${name} must be a number ≥ ${min}`);
    return n;
  };
  const pgEnv = process.env.DATABASE_URL;
  return {
    scenario: scenario as ScenarioName,
    urls: values.url?.split(",").map((u) => u.trim().replace(/\/$/, "")),
    nodes: int("nodes", values.nodes, 1) ?? 2,
    processes: int("processes", values.processes, 1),
    students: int("students", values.students, 1),
    durationS: int("duration", values.duration, 1),
    thinkMs: int("think", values.think),
    windowS: int("window", values.window),
    examSeconds: int("exam-seconds", values["exam-seconds"], 10),
    reconnectPerMinute: int("reconnect-rate", values["reconnect-rate"]),
    connections: int("connections", values.connections, 1),
    nginx: values.nginx,
    baseline: !values["no-baseline"],
    cpuProf: values["cpu-prof"],
    nodeFlags: values["node-flags"]?.split(/\s+/).filter(Boolean),
    nodeEnv: values["node-env"] ? parseEnv(values["node-env"]) : undefined,
    pgServerUrl:
      values.pg ?? (pgEnv ? withDatabase(pgEnv, "postgres") : "postgres://postgres@127.0.0.1:5432/postgres"),
    redisUrl: values.redis ?? process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
    databaseUrl: values["database-url"],
    jwtSecret: values["jwt-secret"],
    adminEmail: values["admin-email"],
    adminPassword: values["admin-password"],
    outDir: values.out ? path.resolve(values.out) : REPORTS_DIR,
    keepDb: values["keep-db"],
    quiet: values.quiet,
    command: `npm run load -- ${argv.join(" ")}`,
  };
}

function parseEnv(s: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const pair of s.split(",")) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new UsageError(`--node-env: "${pair}" is not KEY=VALUE`);
    env[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
  }
  return env;
}

/** The same server with another database name (the run creates its own database there). */
function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

try {
  const outcome = await runScenario(parse(process.argv.slice(2)));
  const i = outcome.report.integrity;
  const gateFailed = outcome.report.targets.some((t) => t.gate && t.met === false);
  process.exit(("lost" in i && i.lost > 0) || gateFailed ? 1 : 0);
} catch (err) {
  if (err instanceof UsageError) {
    console.error(err.message);
    process.exit(2);
  }
  console.error(err);
  process.exit(1);
}
