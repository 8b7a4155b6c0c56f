import { readFile } from "node:fs/promises";
import path from "node:path";

// Summarises V8 .cpuprofile files (from `npm run load -- … --cpu-prof`): self time by function and
// by package, so the report can say where a node's CPU went.
//   node load-tests/src/tools/profile-top.ts reports/<run>/cpu-prof/*.cpuprofile
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function where(url: string): string {
  if (!url) return "(native)";
  const nm = url.lastIndexOf("node_modules/");
  if (nm >= 0) {
    const rest = url.slice(nm + 13).split("/");
    return rest[0]!.startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (url.startsWith("node:")) return url;
  const m = /\/(server|client-sdk|db)\/src\/(.*)$/.exec(url);
  return m ? `${m[1]}/src/${m[2]}` : path.basename(url);
}

for (const file of process.argv.slice(2)) {
  const p = JSON.parse(await readFile(file, "utf8")) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  p.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const fns = new Map<string, number>();
  const pkgs = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const n = byId.get(id)!;
    const name = n.callFrame.functionName || "(anonymous)";
    const w = where(n.callFrame.url);
    const fkey = `${name}  ${w}${n.callFrame.url ? `:${n.callFrame.lineNumber + 1}` : ""}`;
    fns.set(fkey, (fns.get(fkey) ?? 0) + us);
    const pkey = ["(idle)", "(program)", "(garbage collector)"].includes(name) ? name : w;
    pkgs.set(pkey, (pkgs.get(pkey) ?? 0) + us);
  }
  const top = (m: Map<string, number>, n: number) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(
        ([k, us]) =>
          `  ${((us / total) * 100).toFixed(1).padStart(5)} %  ${(us / 1e6).toFixed(2).padStart(7)} s  ${k}`,
      )
      .join("\n");
  console.log(
    `${file}: ${(total / 1e6).toFixed(1)} s sampled\nby package:\n${top(pkgs, 12)}\nby function (self):\n${top(fns, 20)}\n`,
  );
}
