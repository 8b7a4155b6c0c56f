/**
 * What other workspaces may use of the server (the test harness, load tests, benchmarks): starting
 * a node in process, its configuration and logger, and its context's composition root. Anything
 * else under server/src is the server's own.
 */
export { startServer, type RunningServer, type StartOptions } from "./server.ts";
export { loadConfig, type Config } from "./config.ts";
export { createLogger, type Logger } from "./infra/logger.ts";
export { createAppContext, type ContextSources } from "./compose.ts";
export type { AppContext, Deps } from "./context.ts";
