import { defineConfig } from "vitest/config";

// The fault-injection suite (`npm run test:faults`): real node processes, a private Redis, a TCP
// proxy in front of Postgres. One file at a time: each runs a whole cluster on a 2-core machine.
export default defineConfig({
  test: {
    include: ["server/src/faults/**/*.faults.test.ts"],
    exclude: ["**/node_modules/**"],
    globalSetup: ["testing/src/global-setup.ts"],
    testTimeout: 180_000,
    hookTimeout: 120_000,
    pool: "forks",
    maxWorkers: 1,
    fileParallelism: false,
  },
});
