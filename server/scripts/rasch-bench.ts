// Times the Rasch estimation (server/src/insights/rasch.ts) on simulated DTM-sized data:
// `node server/scripts/rasch-bench.ts [takers] [items]` (default 10,000 × 90). Prints the time of the
// estimation alone (simulating the data is not counted; median of three runs, after one warm-up) and
// how well it recovered the generating difficulties.
import { performance } from "node:perf_hooks";
import { estimateRasch } from "../src/insights/rasch.ts";

const persons = Number(process.argv[2] ?? 10_000);
const items = Number(process.argv[3] ?? 90);

let seed = 20261130;
const rand = () => {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());

const difficulty = Array.from({ length: items }, () => -2.5 + 5 * rand());
const mean = difficulty.reduce((a, b) => a + b, 0) / items;
for (let i = 0; i < items; i++) difficulty[i]! -= mean;
const data = new Uint8Array(persons * items);
for (let n = 0; n < persons; n++) {
  const ability = normal();
  for (let i = 0; i < items; i++)
    data[n * items + i] = rand() < 1 / (1 + Math.exp(difficulty[i]! - ability)) ? 1 : 0;
}

const times: number[] = [];
let result = estimateRasch(data, persons, items);
for (let run = 0; run < 3; run++) {
  const start = performance.now();
  result = estimateRasch(data, persons, items);
  times.push(performance.now() - start);
}
const rmse = Math.sqrt(
  result.items.reduce((s, it, i) => s + (it.difficulty - difficulty[i]!) ** 2, 0) / items,
);
times.sort((a, b) => a - b);
console.log(
  `rasch JML ${persons} takers × ${items} items: median ${times[1]!.toFixed(0)} ms ` +
    `(runs ${times.map((t) => t.toFixed(0)).join(", ")} ms), ${result.iterations} iterations, ` +
    `converged ${result.converged}, extreme persons ${result.persons.filter((p) => p.extreme).length}, ` +
    `difficulty RMSE vs generating ${rmse.toFixed(3)} logits`,
);
