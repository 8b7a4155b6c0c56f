import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["{server,client-sdk,db,load-tests,web,ops}/src/**/*.test.ts", "web/e2e/**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/*.faults.test.ts"],
    globalSetup: ["testing/src/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    maxWorkers: 2,
  },
});
