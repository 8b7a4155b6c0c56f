import { EmbeddedPostgresMissingError, startEmbeddedPostgres, type EmbeddedDatabase } from "@imtihon/db";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { ConfigError, loadConfig, type Config } from "./config.ts";
import { createLogger } from "./infra/logger.ts";
import { startServer } from "./server.ts";

// The process entry point: `npm start`. Embedded Postgres when DATABASE_URL is unset.
let config: Config;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(2);
  }
  throw err;
}
const log = createLogger(config.logLevel, { node: config.nodeId });
const dataDir = path.resolve(config.dataDir);

let embedded: EmbeddedDatabase | undefined;
let databaseUrl = config.databaseUrl;
if (!databaseUrl) {
  log.info({ dir: path.join(dataDir, "pg") }, "DATABASE_URL not set: starting the embedded Postgres");
  embedded = await startEmbeddedPostgres(path.join(dataDir, "pg"), (line) => log.debug({ pg: line }), {
    notice: (line) => log.info(line),
  }).catch((err: unknown) => {
    // Say what to do in one readable line rather than a stack trace (the messages name the fix).
    console.error(`\n  ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(err instanceof EmbeddedPostgresMissingError ? 2 : 1);
  });
  databaseUrl = embedded.url;
}

const jwtSecret = config.jwtSecret ?? (await localSecret());
const server = await startServer(config, {
  databaseUrl,
  jwtSecret,
  logger: log,
  onAdminCreated: (email, password) => {
    console.log(`\n  Demo admin created (shown once):\n    email:    ${email}\n    password: ${password}\n`);
  },
}).catch(async (err) => {
  log.fatal({ err }, "could not start");
  await embedded?.stop();
  process.exit(1);
});

console.log(
  `\n  Imtihon is running at ${server.url}\n  API docs: ${server.url}/docs\n  Metrics:  ${server.url}/metrics\n`,
);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  // Drain first (answers flushed), then stop the embedded Postgres (it runs in its own process
  // group, so a Ctrl-C in the terminal reaches this process alone and nothing exits before this).
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down");
    await server.close();
    await embedded?.stop();
    process.exit(0);
  });
}

async function localSecret(): Promise<string> {
  const file = path.join(dataDir, "jwt-secret");
  if (existsSync(file)) return (await readFile(file, "utf8")).trim();
  if (config.databaseUrl)
    log.warn(
      "JWT_SECRET not set: using a secret kept under .data/ (every node of a cluster needs the same one)",
    );
  await mkdir(dataDir, { recursive: true });
  const secret = randomBytes(48).toString("base64url");
  await writeFile(file, secret, { mode: 0o600 });
  return secret;
}
