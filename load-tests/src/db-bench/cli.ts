import { parseArgs } from "node:util";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runDbBench } from "./bench.ts";

// npm run bench:db [-- --quick] [--sizes 2000,20000,100000] [--runs 100] [--only "answer upsert"]
const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    sizes: { type: "string" },
    runs: { type: "string" },
    warmup: { type: "string" },
    only: { type: "string", multiple: true },
    out: { type: "string" },
  },
});
const quick = values.quick;
const sizes = (values.sizes ?? (quick ? "200,2000" : "2000,20000,100000")).split(",").map(Number);
if (sizes.some((s) => !Number.isInteger(s) || s < 1))
  throw new Error("--sizes: positive integers, comma-separated");
const pgServerUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

const { report } = await runDbBench({
  pgServerUrl,
  sizes,
  runs: Number(values.runs ?? (quick ? 10 : 100)),
  warmup: Number(values.warmup ?? (quick ? 2 : 10)),
  only: values.only,
  outDir: values.out ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../reports"),
});
const wrong = report.results.filter((r) => r.wrong > 0);
if (wrong.length) {
  console.error(`[db-bench] ${wrong.length} statement(s) gave unexpected outcomes`);
  process.exitCode = 1;
}
