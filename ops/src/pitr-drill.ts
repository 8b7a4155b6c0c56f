// npm run ops:pitr-drill — the point-in-time recovery drill, natively: Debian's Postgres 15 and
// pgBackRest with deploy/backup/pgbackrest.conf, deploy/postgres.conf's archiving lines and
// deploy/backup/schedule.sh (the compose backup scheduler). A real node takes acknowledged answers
// from students over Socket.IO while:
//   1. the scheduler takes the first full backup (and writes the backup-age metric);
//   2. a target time T is recorded in the middle of the writes, and writes go on;
//   3. the repository is restored to T into a fresh cluster: every answer acknowledged before T
//      must be there at its acknowledged seq, none saved after T may be (RTO timed);
//   4. the primary is then killed (kill -9, its disk treated as lost) after more writes, and the
//      latest state is restored into another fresh cluster: the acknowledged answers missing there
//      are the RPO, measured.
// Needs REDIS_URL and root (the clusters run as the postgres user); the drill's Postgres clusters are
// its own (initdb in a temporary directory, free ports). About 3 minutes.
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { migrateToLatest } from "@imtihon/db";
import { freePort } from "../../load-tests/src/cluster/cluster.ts";
import { spawnService, type ServiceProcess } from "../../load-tests/src/cluster/processes.ts";
import { startExamWriters, type AckedSave } from "./exam-writers.ts";
import { DEPLOY } from "./native-config.ts";
import { PG_BIN, pgDir, postgresUser, renderIni, runnerAs, settingsFrom, writeOwned } from "./pg-native.ts";
import { waitFor } from "./processes.ts";

const redisUrl = process.env.REDIS_URL;
if (!redisUrl) {
  console.error("ops:pitr-drill needs REDIS_URL (the node under test uses it as in production)");
  process.exit(2);
}
const STUDENTS = Number(process.env.DRILL_STUDENTS ?? 20);
const SAVE_EVERY_MS = Number(process.env.DRILL_SAVE_EVERY_MS ?? 100);
const PHASE_MS = Number(process.env.DRILL_PHASE_MS ?? 10_000);
// Longer than archive_timeout (60 s), so the lost window is what archiving leaves, not the drill's length.
const LAST_PHASE_MS = Number(process.env.DRILL_LAST_PHASE_MS ?? 75_000);
const SERVER_MAIN = path.resolve(DEPLOY, "../server/src/main.ts");

const started = new Date();
const runDir = path.resolve(
  DEPLOY,
  "../reports/ops",
  `pitr-drill-${started.toISOString().replace(/[:.]/g, "-")}`,
);
await mkdir(runDir, { recursive: true });
const log = (msg: string) => console.log(`[${((Date.now() - started.getTime()) / 1000).toFixed(1)}s] ${msg}`);

const user = await postgresUser();
const pgLogs = await pgDir(path.join(runDir, "postgres-logs"), user);
const work = await mkdtemp(path.join(os.tmpdir(), "imtihon-pitr-"));
await pgDir(work, user);
const conf = path.join(work, "pgbackrest.conf");
const asPg = runnerAs(user, { PGBACKREST_CONFIG: conf, HOME: work });
const cleanups: (() => Promise<unknown>)[] = [];
let exitCode = 0;

interface Cluster {
  dir: string;
  port: number;
  url: string;
  sql: postgres.Sql;
  stop(mode?: "fast" | "immediate"): Promise<void>;
}

async function startCluster(dir: string, port: number, extra: string[] = []): Promise<Cluster> {
  const sock = await pgDir(path.join(work, `sock-${port}`), user);
  await asPg(path.join(PG_BIN, "pg_ctl"), [
    ...["-D", dir, "-l", path.join(pgLogs, `${path.basename(dir)}.log`), "-w", "-t", "120"],
    ...[
      "-o",
      `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${sock} ${extra.join(" ")}`,
    ],
    "start",
  ]);
  const url = `postgres://postgres@127.0.0.1:${port}/imtihon`;
  const sql = postgres(url, { max: 2, onnotice: () => {} });
  let stopped = false;
  const cluster: Cluster = {
    dir,
    port,
    url,
    sql,
    async stop(mode = "fast") {
      if (stopped) return;
      stopped = true;
      await sql.end({ timeout: 1 }).catch(() => undefined);
      await asPg(path.join(PG_BIN, "pg_ctl"), ["-D", dir, "-m", mode, "-w", "stop"]).catch(() => undefined);
    },
  };
  cleanups.push(() => cluster.stop("immediate"));
  return cluster;
}

/** Restores from the repository into a fresh directory and waits until it is promoted and open. */
async function restore(name: string, port: number, target?: string) {
  const dir = await pgDir(path.join(work, name), user);
  const t0 = Date.now();
  await asPg("pgbackrest", [
    "--stanza=imtihon",
    `--pg1-path=${dir}`,
    "--archive-mode=off",
    ...(target ? ["--type=time", `--target=${target}`, "--target-action=promote"] : []),
    "restore",
  ]);
  const restoredFiles = Date.now();
  const cluster = await startCluster(dir, port);
  await waitFor(`${name} promoted`, 120_000, async () => {
    const [r] = await cluster.sql<{ recovering: boolean }[]>`select pg_is_in_recovery() as recovering`;
    return r && !r.recovering ? true : undefined;
  });
  const ready = Date.now();
  return { cluster, restoreMs: restoredFiles - t0, replayMs: ready - restoredFiles, totalMs: ready - t0 };
}

/** The highest acknowledged seq per (attempt, question) among `saves`. */
function highest(saves: AckedSave[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const s of saves) {
    const k = `${s.attemptId}/${s.questionId}`;
    m.set(k, Math.max(m.get(k) ?? 0, s.seq));
  }
  return m;
}

async function storedSeqs(sql: postgres.Sql): Promise<Map<string, number>> {
  const rows = await sql<{ k: string; seq: number }[]>`
    select attempt_id || '/' || question_id as k, seq from answers`;
  return new Map(rows.map((r) => [r.k, Number(r.seq)]));
}

try {
  // --- the primary, archiving as production does ---------------------------------------------
  const template = await readFile(path.join(DEPLOY, "backup/pgbackrest.conf"), "utf8");
  const primaryDir = path.join(work, "primary");
  const portA = await freePort();
  await writeOwned(
    conf,
    renderIni(template, {
      global: {
        "repo1-path": await pgDir(path.join(work, "repo"), user),
        "spool-path": await pgDir(path.join(work, "spool"), user),
        "log-path": await pgDir(path.join(work, "pgbackrest-log"), user),
        "lock-path": await pgDir(path.join(work, "lock"), user),
        // zstd is not in every pgBackRest build; Debian 12's has it, but say which one ran.
      },
      imtihon: {
        "pg1-path": primaryDir,
        "pg1-port": String(portA),
        "pg1-socket-path": path.join(work, `sock-${portA}`),
        "pg1-user": "postgres",
      },
    }),
    user,
  );
  await asPg(path.join(PG_BIN, "initdb"), [
    "-D",
    primaryDir,
    "-U",
    "postgres",
    "--auth=trust",
    "-E",
    "UTF8",
    "--locale=C",
  ]);
  const archiving = await settingsFrom(
    path.join(DEPLOY, "postgres.conf"),
    /^(archive_|wal_level$|synchronous_commit$)/,
  );
  if (!archiving.some((l) => l.startsWith("archive_command")))
    throw new Error("deploy/postgres.conf has no archive_command");
  await writeFile(
    path.join(primaryDir, "postgresql.conf"),
    `${await readFile(path.join(primaryDir, "postgresql.conf"), "utf8")}\n# from deploy/postgres.conf\n${archiving.join("\n")}\nmax_connections = 60\nshared_buffers = 128MB\n`,
  );
  const primary = await startCluster(primaryDir, portA);
  await primary.sql.end();
  const admin = postgres(`postgres://postgres@127.0.0.1:${portA}/postgres`, { max: 1, onnotice: () => {} });
  await admin`create database imtihon`;
  await admin.end();
  primary.sql = postgres(primary.url, { max: 2, onnotice: () => {} });
  await migrateToLatest(primary.url);
  log(`primary Postgres 15 on ${portA}, archiving: ${archiving.join("; ")}`);

  // --- 1. the scheduler's first run: stanza, full backup, metric --------------------------------
  const textfile = path.join(runDir, "textfile");
  const tBackup = Date.now();
  const schedule = await asPg("bash", [path.join(DEPLOY, "backup/schedule.sh"), "--once"], {
    TEXTFILE_DIR: await pgDir(textfile, user),
  });
  const fullBackupMs = Date.now() - tBackup;
  await writeFile(path.join(runDir, "schedule-once.log"), schedule);
  const metric = await readFile(path.join(textfile, "imtihon_backup.prom"), "utf8");
  const fullStop = Number(
    /imtihon_backup_last_success_timestamp_seconds\{type="full"\} (\d+)/.exec(metric)?.[1],
  );
  if (!fullStop) throw new Error(`the scheduler wrote no full-backup metric:\n${metric}`);
  log(
    `scheduler: full backup in ${(fullBackupMs / 1000).toFixed(1)} s; metric age ${Math.round(Date.now() / 1000 - fullStop)} s`,
  );
  const again = await asPg("bash", [path.join(DEPLOY, "backup/schedule.sh"), "--once"], {
    TEXTFILE_DIR: textfile,
  });
  const secondRunTookBackup = /taking a/.test(again);

  // Production serves /metrics only with a bearer token.
  const DRILL_METRICS_TOKEN = randomBytes(24).toString("base64url");
  // --- a node and students writing ------------------------------------------------------------
  const adminUser = { email: "admin@drill.local", password: "drill-admin-password-123" };
  const node: ServiceProcess = await spawnService({
    name: "node",
    script: SERVER_MAIN,
    logFile: path.join(runDir, "node.log"),
    env: {
      NODE_ENV: "production",
      METRICS_TOKEN: DRILL_METRICS_TOKEN,
      HOST: "127.0.0.1",
      PORT: "0",
      DATABASE_URL: primary.url,
      REDIS_URL: redisUrl,
      REDIS_PREFIX: `pitr-${randomBytes(3).toString("hex")}`,
      JWT_SECRET: randomBytes(32).toString("base64url"),
      ADMIN_EMAIL: adminUser.email,
      ADMIN_PASSWORD: adminUser.password,
      SEED_DEMO: "0",
      LOG_LEVEL: "warn",
      DB_POOL_MAX: "10",
    },
  });
  cleanups.push(() => node.stop(2000));
  const writers = await startExamWriters({
    url: node.url,
    databaseUrl: primary.url,
    admin: adminUser,
    students: STUDENTS,
    questions: 10,
  });
  cleanups.push(async () => writers.close());
  log(`${STUDENTS} students saving every ${SAVE_EVERY_MS} ms through ${node.url}`);

  // --- 2. writes, target time, more writes ----------------------------------------------------
  writers.start(SAVE_EVERY_MS);
  await new Promise((r) => setTimeout(r, PHASE_MS));
  const [t] = await primary.sql<{ target: string; ms: string }[]>`
    select to_char(now_utc, 'YYYY-MM-DD HH24:MI:SS.US') || '+00' as target,
           (extract(epoch from now_utc at time zone 'UTC') * 1000)::text as ms
    from (select clock_timestamp() at time zone 'UTC' as now_utc) c`;
  const target = t!.target;
  const targetMs = Number(t!.ms);
  log(`target time ${target} (acked so far: ${writers.acked.length}); writes go on`);
  await new Promise((r) => setTimeout(r, PHASE_MS));
  await writers.stop();
  const phase2Acked = writers.acked.length;
  const [sw] = await primary.sql<{ wal: string }[]>`select pg_walfile_name(pg_switch_wal()) as wal`;
  await waitFor("the WAL after the target archived", 60_000, async () => {
    const [a] = await primary.sql<
      { last: string | null }[]
    >`select last_archived_wal as last from pg_stat_archiver`;
    return a?.last && a.last >= sw!.wal ? true : undefined;
  });
  const nodeMetrics = await (
    await fetch(`${node.url}/metrics`, { headers: { authorization: `Bearer ${DRILL_METRICS_TOKEN}` } })
  ).text();
  const walGauge = /^imtihon_pg_wal_archived_timestamp_seconds\{archive_mode="on"\} (\S+)$/m.exec(
    nodeMetrics,
  )?.[1];
  log(
    `writes stopped: ${phase2Acked} saves acked, ${writers.failed} not acked; WAL archived up to ${sw!.wal}; node's WAL-age gauge ${walGauge ? `${Math.round(Date.now() / 1000 - Number(walGauge))} s` : "missing"}`,
  );

  // --- 3. restore to the target ---------------------------------------------------------------
  const toTarget = await restore("restored-to-target", await freePort(), target);
  const ledger = writers.acked.slice(0, phase2Acked);
  const savedMs = (s: AckedSave) => Date.parse(s.savedAt);
  const before = ledger.filter((s) => s.ackAt < targetMs); // committed before T for sure
  const after = ledger.filter((s) => savedMs(s) > targetMs); // committed after T for sure
  const straddling = ledger.filter((s) => s.ackAt >= targetMs && savedMs(s) <= targetMs);
  const mustHave = highest(before);
  const stored = await storedSeqs(toTarget.cluster.sql);
  const afterSeqs = new Set(after.map((s) => `${s.attemptId}/${s.questionId}/${s.seq}`));
  const allowed = new Map<string, Set<number>>();
  for (const s of ledger.filter((x) => savedMs(x) <= targetMs)) {
    const k = `${s.attemptId}/${s.questionId}`;
    if (!allowed.has(k)) allowed.set(k, new Set());
    allowed.get(k)!.add(s.seq);
  }
  let missingBeforeTarget = 0;
  for (const [k, seq] of mustHave) if ((stored.get(k) ?? 0) < seq) missingBeforeTarget++;
  let presentAfterTarget = 0;
  let unexplained = 0;
  for (const [k, seq] of stored) {
    if (afterSeqs.has(`${k}/${seq}`)) presentAfterTarget++;
    else if (!allowed.get(k)?.has(seq)) unexplained++;
  }
  const straddlingLanded = straddling.filter(
    (s) => stored.get(`${s.attemptId}/${s.questionId}`) === s.seq,
  ).length;
  const pitr = {
    target,
    ackedBeforeTarget: before.length,
    pairsAckedBeforeTarget: mustHave.size,
    pairsMissingOrOlder: missingBeforeTarget,
    savedAfterTarget: after.length,
    presentThoughSavedAfterTarget: presentAfterTarget,
    rowsNotFromAnAckBeforeTarget: unexplained,
    inFlightAtTarget: straddling.length,
    inFlightThatLanded: straddlingLanded,
    storedPairs: stored.size,
    rtoMs: { restore: toTarget.restoreMs, replayAndPromote: toTarget.replayMs, total: toTarget.totalMs },
  };
  log(`restored to T in ${(toTarget.totalMs / 1000).toFixed(1)} s: ${JSON.stringify(pitr)}`);
  if (missingBeforeTarget || presentAfterTarget || unexplained) exitCode = 1;
  await toTarget.cluster.stop();

  // --- 4. lose the primary, restore the latest ------------------------------------------------
  writers.start(SAVE_EVERY_MS);
  await new Promise((r) => setTimeout(r, LAST_PHASE_MS));
  const pid = Number((await readFile(path.join(primaryDir, "postmaster.pid"), "utf8")).split("\n")[0]);
  const disasterAt = Date.now();
  process.kill(pid, "SIGKILL");
  log(`primary postmaster ${pid} killed (-9): its disk counts as lost`);
  await writers.stop();
  writers.close();
  await node.stop(1000);
  const lastAcked = writers.acked.slice(phase2Acked);
  const latest = await restore("restored-latest", await freePort());
  const storedLatest = await storedSeqs(latest.cluster.sql);
  const [newest] = await latest.cluster.sql<{ ms: string | null }[]>`
    select (extract(epoch from max(saved_at)) * 1000)::text as ms from answers`;
  const lost = lastAcked.filter((s) => (storedLatest.get(`${s.attemptId}/${s.questionId}`) ?? 0) < s.seq);
  const lostPairs = new Set(lost.map((s) => `${s.attemptId}/${s.questionId}`));
  const rpo = {
    ackedInLastPhase: lastAcked.length,
    ackedSavesNotRecovered: lost.length,
    pairsBehind: lostPairs.size,
    newestRecoveredSaveBeforeKillMs: newest?.ms ? disasterAt - Number(newest.ms) : null,
    lostAckWindowMs: lost.length
      ? Math.max(...lost.map((s) => s.ackAt)) - Math.min(...lost.map((s) => s.ackAt))
      : 0,
    rtoMs: { restore: latest.restoreMs, replayAndPromote: latest.replayMs, total: latest.totalMs },
  };
  log(`restored latest in ${(latest.totalMs / 1000).toFixed(1)} s: ${JSON.stringify(rpo)}`);
  await latest.cluster.stop();

  const info = JSON.parse(await asPg("pgbackrest", ["--stanza=imtihon", "info", "--output=json"])) as {
    backup: {
      type: string;
      timestamp: { start: number; stop: number };
      info: { size: number; repository: { delta: number } };
    }[];
    archive: { min: string; max: string }[];
  }[];
  const report = {
    startedAt: started.toISOString(),
    postgres: (await asPg(path.join(PG_BIN, "postgres"), ["--version"])).trim(),
    pgbackrest: (await asPg("pgbackrest", ["version"])).trim(),
    load: { students: STUDENTS, saveEveryMs: SAVE_EVERY_MS, phaseMs: PHASE_MS, lastPhaseMs: LAST_PHASE_MS },
    scheduler: {
      fullBackupMs,
      metricWritten: metric
        .trim()
        .split("\n")
        .filter((l) => !l.startsWith("#")),
      secondRunTookBackup,
    },
    nodeWalArchiveGauge: walGauge ?? null,
    pointInTime: pitr,
    lostPrimary: rpo,
    repository: info[0]
      ? {
          backups: info[0].backup.map((b) => ({
            type: b.type,
            seconds: b.timestamp.stop - b.timestamp.start,
            bytes: b.info.repository.delta,
          })),
          wal: info[0].archive[0],
        }
      : null,
    passed: exitCode === 0,
  };
  await writeFile(path.join(runDir, "report.json"), JSON.stringify(report, null, 2));
  console.log(JSON.stringify(report, null, 2));
  console.log(`report: ${path.join(runDir, "report.json")}`);
  if (exitCode) console.error("PITR check FAILED: see pointInTime above");
} catch (err) {
  console.error(err);
  exitCode = 1;
} finally {
  for (const c of cleanups.reverse()) await c().catch((err) => console.error(`cleanup: ${String(err)}`));
  await rm(work, { recursive: true, force: true });
}
process.exit(exitCode);
