import { parseArgs } from "node:util";
import { runStandingBench } from "./standing-bench.ts";

// npm run bench:standing [-- --students 100000] [--reads 2000] [--sweeps 10] [--singles 200] [--concurrency 8]
const { values } = parseArgs({
  options: {
    students: { type: "string", default: "100000" },
    reads: { type: "string", default: "2000" },
    sweeps: { type: "string", default: "10" },
    singles: { type: "string", default: "200" },
    concurrency: { type: "string", default: "8" },
  },
});
const report = await runStandingBench({
  pgServerUrl: process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres",
  students: Number(values.students),
  reads: Number(values.reads),
  sweeps: Number(values.sweeps),
  singles: Number(values.singles),
  concurrency: Number(values.concurrency),
});
if (report.wrong > 0) process.exitCode = 1;
