/**
 * The server's test harness as one entry point, `@imtihon/server/testing`, re-exported by the
 * private `@imtihon/testing` workspace so other packages stop importing these files by path.
 */
export * from "./balancer.ts";
export * from "./database.ts";
export * from "./fixtures.ts";
export * from "./http.ts";
export * from "./server.ts";
export * from "./socket.ts";
export * from "./spawn.ts";
export * from "../http/test-fixtures.ts";
export * from "./tools.ts";
