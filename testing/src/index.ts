/**
 * The shared test harness of every workspace, `import { startTestServer } from "@imtihon/testing"`:
 * test databases and servers (in process or spawned), fixtures written straight to Postgres, raw
 * HTTP and Socket.IO clients for protocol-level tests, a TCP balancer, and the global setup.
 * It reaches the server through the server package's exports only.
 */
export * from "./balancer.ts";
export * from "./database.ts";
export * from "./fixtures.ts";
export * from "./http.ts";
export * from "./http-fixtures.ts";
export * from "./server.ts";
export * from "./socket.ts";
export * from "./spawn.ts";
export * from "./tools.ts";
export * from "./items.ts";
export * from "./insight-fixtures.ts";
