// npm run ops:alert-drill — Prometheus, Alertmanager and the blackbox exporter (Debian's packages)
// run natively with deploy/prometheus.yml, deploy/prometheus/alerts.yml, deploy/alertmanager.yml and
// deploy/blackbox.yml against two real nodes behind deploy/nginx.conf (TLS, a CA made here). One
// node is killed; the drill waits for ImtihonNodeDown to reach a webhook receiver and records how
// long it took, while the blackbox probes show what clients saw. Needs DATABASE_URL (a server that
// may CREATE DATABASE) and REDIS_URL. Bounded: about 2-4 minutes. Writes reports/ops/alert-drill-*.json.
import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import path from "node:path";
import { freePort } from "../../load-tests/src/cluster/cluster.ts";
import { createLoadDatabase } from "../../load-tests/src/cluster/database.ts";
import { startNativeNginx } from "../../load-tests/src/cluster/nginx.ts";
import { spawnService, type ServiceProcess } from "../../load-tests/src/cluster/processes.ts";
import { DEPLOY, renderAlertmanager, renderBlackbox, renderPrometheus } from "./native-config.ts";
import { promQuery, startDaemon, waitFor, type Daemon } from "./processes.ts";
import { makeTestCertificates } from "./test-ca.ts";

const SERVER_MAIN = path.resolve(DEPLOY, "../server/src/main.ts");
const pgServerUrl = process.env.DATABASE_URL;
const redisUrl = process.env.REDIS_URL;
if (!pgServerUrl || !redisUrl) {
  console.error("ops:alert-drill needs DATABASE_URL (a Postgres server URL) and REDIS_URL");
  process.exit(2);
}

interface Received {
  at: number;
  status: string;
  alerts: { status: string; labels: Record<string, string>; startsAt: string }[];
}

const started = new Date();
const runDir = path.resolve(
  DEPLOY,
  "../reports/ops",
  `alert-drill-${started.toISOString().replace(/[:.]/g, "-")}`,
);
await mkdir(runDir, { recursive: true });
const log = (msg: string) => console.log(`[${((Date.now() - started.getTime()) / 1000).toFixed(1)}s] ${msg}`);

const cleanups: (() => Promise<unknown>)[] = [];
const received: Received[] = [];
let exitCode = 0;
try {
  const certs = await makeTestCertificates(await mkdirp(path.join(runDir, "certs")));
  const database = await createLoadDatabase(pgServerUrl);
  cleanups.push(() => database.drop());
  const env = {
    NODE_ENV: "production",
    // deploy/prometheus.yml scrapes with this bearer token (production serves /metrics only with one).
    METRICS_TOKEN: "imtihon-compose-metrics-token",
    HOST: "127.0.0.1",
    DATABASE_URL: database.url,
    REDIS_URL: redisUrl,
    REDIS_PREFIX: `alert-drill-${randomBytes(3).toString("hex")}`,
    JWT_SECRET: randomBytes(32).toString("base64url"),
    ADMIN_EMAIL: "admin@ops.local",
    ADMIN_PASSWORD: "ops-admin-password-123",
    SEED_DEMO: "0",
    LOG_LEVEL: "warn",
    DB_POOL_MAX: "5",
    DRAIN_SECONDS: "1",
  };
  const nodes: ServiceProcess[] = [];
  for (const i of [1, 2]) {
    const port = await freePort();
    const node = await spawnService({
      name: `node${i}`,
      script: SERVER_MAIN,
      env: { ...env, PORT: String(port) },
      logFile: path.join(runDir, `node${i}.log`),
    });
    nodes.push(node);
    cleanups.push(() => node.stop(2000));
  }
  const nodeHosts = nodes.map((n) => new URL(n.url).host);
  const tlsPort = await freePort();
  const nginx = await startNativeNginx({
    port: await freePort(),
    upstreams: nodeHosts,
    dir: path.join(runDir, "nginx"),
    tls: { port: tlsPort, cert: certs.fullchain, key: certs.key, chain: certs.caFile },
  });
  cleanups.push(() => nginx.stop());

  // The webhook receiver: where Alertmanager's notifications land (a person's pager, in production).
  const sinkPort = await freePort();
  const sink = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (d: Buffer) => chunks.push(d));
    req.on("end", () => {
      const body = JSON.parse(Buffer.concat(chunks).toString()) as Omit<Received, "at">;
      received.push({ at: Date.now(), status: body.status, alerts: body.alerts });
      log(
        `webhook: ${body.status} ${body.alerts.map((a) => `${a.labels.alertname}{${a.labels.instance ?? ""}} ${a.status}`).join(", ")}`,
      );
      res.end("ok");
    });
  });
  await new Promise<void>((r) => sink.listen(sinkPort, "127.0.0.1", r));
  cleanups.push(() => new Promise((r) => sink.close(r)));

  const [amPort, bbPort, promPort] = [await freePort(), await freePort(), await freePort()];
  const conf = (name: string, text: string) =>
    writeFile(path.join(runDir, name), text).then(() => path.join(runDir, name));
  const amConf = await conf(
    "alertmanager.yml",
    renderAlertmanager(await readFile(path.join(DEPLOY, "alertmanager.yml"), "utf8"), {
      webhookUrl: `http://127.0.0.1:${sinkPort}/alertmanager`,
    }),
  );
  const bbConf = await conf(
    "blackbox.yml",
    renderBlackbox(await readFile(path.join(DEPLOY, "blackbox.yml"), "utf8"), {
      caFile: certs.caFile,
      host: "127.0.0.1",
    }),
  );
  const promConf = await conf(
    "prometheus.yml",
    renderPrometheus(await readFile(path.join(DEPLOY, "prometheus.yml"), "utf8"), {
      rules: path.join(DEPLOY, "prometheus/alerts.yml"),
      alertmanager: `127.0.0.1:${amPort}`,
      nodes: nodeHosts,
      nodeExporter: null,
      blackbox: `127.0.0.1:${bbPort}`,
      readyzUrl: `https://127.0.0.1:${tlsPort}/readyz`,
      websocketTarget: `127.0.0.1:${tlsPort}`,
    }),
  );
  const daemons: Daemon[] = [
    startDaemon(
      "alertmanager",
      "prometheus-alertmanager",
      [
        `--config.file=${amConf}`,
        `--storage.path=${await mkdirp(path.join(runDir, "am-data"))}`,
        `--web.listen-address=127.0.0.1:${amPort}`,
        "--cluster.listen-address=",
      ],
      path.join(runDir, "alertmanager.log"),
    ),
    startDaemon(
      "blackbox",
      "prometheus-blackbox-exporter",
      [`--config.file=${bbConf}`, `--web.listen-address=127.0.0.1:${bbPort}`],
      path.join(runDir, "blackbox.log"),
    ),
    startDaemon(
      "prometheus",
      "prometheus",
      [
        `--config.file=${promConf}`,
        `--storage.tsdb.path=${await mkdirp(path.join(runDir, "prom-data"))}`,
        `--web.listen-address=127.0.0.1:${promPort}`,
      ],
      path.join(runDir, "prometheus.log"),
    ),
  ];
  for (const d of daemons) cleanups.push(() => d.stop());
  const prom = `http://127.0.0.1:${promPort}`;

  log(`2 nodes ${nodeHosts.join(", ")} behind nginx https://127.0.0.1:${tlsPort}; prometheus ${prom}`);
  await waitFor(
    "both nodes up and both probes succeeding in Prometheus",
    90_000,
    async () => {
      const up = await promQuery(prom, 'up{job="imtihon"} == 1');
      const probes = await promQuery(prom, 'probe_success{job=~"blackbox-.*"} == 1');
      return up.length === 2 && probes.length === 2 ? true : undefined;
    },
    1000,
  );
  const probeBefore = await promQuery(prom, 'probe_duration_seconds{job=~"blackbox-.*"}');
  log(
    `healthy: ${probeBefore.map((p) => `${p.metric.job} ${(Number(p.value[1]) * 1000).toFixed(0)} ms`).join(", ")}`,
  );

  const victim = nodes[1]!;
  const victimHost = nodeHosts[1]!;
  const killedAt = Date.now();
  victim.child.kill("SIGKILL");
  log(`SIGKILL ${victim.name} (${victimHost})`);

  const seenDown = await waitFor(
    "Prometheus sees the node down",
    60_000,
    async () => {
      const r = await promQuery(prom, `up{job="imtihon",instance="${victimHost}"} == 0`);
      return r.length ? Date.now() : undefined;
    },
    200,
  );
  log(`Prometheus: up == 0 after ${((seenDown - killedAt) / 1000).toFixed(1)} s`);
  const firingInProm = await waitFor(
    "ImtihonNodeDown firing in Prometheus",
    120_000,
    async () => {
      const r = await promQuery(
        prom,
        `ALERTS{alertname="ImtihonNodeDown",alertstate="firing",instance="${victimHost}"}`,
      );
      return r.length ? Date.now() : undefined;
    },
    200,
  );
  log(`Prometheus: ImtihonNodeDown firing after ${((firingInProm - killedAt) / 1000).toFixed(1)} s`);
  const notified = await waitFor(
    "ImtihonNodeDown delivered to the webhook",
    120_000,
    async () => {
      const hit = received.find((r) =>
        r.alerts.some(
          (a) =>
            a.labels.alertname === "ImtihonNodeDown" &&
            a.labels.instance === victimHost &&
            a.status === "firing",
        ),
      );
      return hit?.at;
    },
    100,
  );
  log(`webhook: ImtihonNodeDown received ${((notified - killedAt) / 1000).toFixed(1)} s after the kill`);

  // What clients saw meanwhile: nginx sent everyone to the surviving node.
  const probesDuring = await promQuery(
    prom,
    `min_over_time(probe_success{job=~"blackbox-.*"}[${Math.ceil((Date.now() - killedAt) / 1000)}s])`,
  );
  // The Grafana availability panels' own queries, on this run's probes (minutes, not 30 days).
  const dashboard = JSON.parse(
    await readFile(path.join(DEPLOY, "grafana/dashboards/imtihon.json"), "utf8"),
  ) as { panels: { title: string; targets?: { expr: string; legendFormat?: string }[] }[] };
  const availabilityPanels: Record<string, number[]> = {};
  for (const panel of dashboard.panels.filter((p) => /availability|error budget/i.test(p.title)))
    for (const t of panel.targets ?? [])
      availabilityPanels[`${panel.title}${t.legendFormat ? ` (${t.legendFormat})` : ""}`] = (
        await promQuery(prom, t.expr)
      ).map((r) => Number(r.value[1]));
  const othersFired = received
    .flatMap((r) => r.alerts.map((a) => a.labels.alertname))
    .filter((n) => n !== "ImtihonNodeDown");

  // Bring the node back on the same port: the alert must resolve.
  const back = await spawnService({
    name: "node2-restarted",
    script: SERVER_MAIN,
    env: { ...env, PORT: victimHost.split(":")[1]! },
    logFile: path.join(runDir, "node2-restarted.log"),
  });
  cleanups.push(() => back.stop(2000));
  const restartedAt = Date.now();
  log("node2 restarted on the same port");
  const resolved = await waitFor(
    "ImtihonNodeDown resolved at the webhook",
    180_000,
    async () => {
      const hit = received.find(
        (r) =>
          r.at > restartedAt &&
          r.alerts.some(
            (a) =>
              a.labels.alertname === "ImtihonNodeDown" &&
              a.labels.instance === victimHost &&
              a.status === "resolved",
          ),
      );
      return hit?.at;
    },
    250,
  ).catch((err: Error) => {
    log(err.message);
    return null;
  });
  if (resolved) log(`webhook: resolved ${((resolved - restartedAt) / 1000).toFixed(1)} s after the restart`);

  const report = {
    startedAt: started.toISOString(),
    scrapeIntervalS: 5,
    evaluationIntervalS: 5,
    rule: { alert: "ImtihonNodeDown", for: "30s" },
    alertmanager: { groupWaitS: 10 },
    secondsFromKill: {
      prometheusSawDown: (seenDown - killedAt) / 1000,
      alertFiringInPrometheus: (firingInProm - killedAt) / 1000,
      notificationReceived: (notified - killedAt) / 1000,
    },
    resolvedSecondsAfterRestart: resolved ? (resolved - restartedAt) / 1000 : null,
    availabilityPanels,
    probesDuringOutage: Object.fromEntries(probesDuring.map((p) => [p.metric.job!, Number(p.value[1])])),
    otherAlertsNotified: [...new Set(othersFired)],
    notifications: received.length,
  };
  await writeFile(path.join(runDir, "report.json"), JSON.stringify(report, null, 2));
  console.log(JSON.stringify(report, null, 2));
  console.log(`report: ${path.join(runDir, "report.json")}`);
} catch (err) {
  console.error(err);
  exitCode = 1;
} finally {
  for (const c of cleanups.reverse()) await c().catch((err) => console.error(`cleanup: ${String(err)}`));
}
process.exit(exitCode);

async function mkdirp(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  return dir;
}
