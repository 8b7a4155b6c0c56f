// Builds dist/ and packs the publishable package: a staging folder with dist/, README and a
// manifest whose exports point at dist/ (the repository's manifest points at src/ for the monorepo).
// Usage: node client-sdk/scripts/pack.ts [destination folder]  → prints the tarball's path.
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dest = path.resolve(process.argv[2] ?? root);

rmSync(path.join(root, "dist"), { recursive: true, force: true });
execFileSync(process.execPath, [require_tsc(), "-p", path.join(root, "tsconfig.build.json")], {
  stdio: "inherit",
});

const manifest = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as Record<string, any>;
const exports: Record<string, unknown> = {};
for (const [key, src] of Object.entries(manifest.exports as Record<string, string>)) {
  const out = src.replace(/^\.\/src\//, "./dist/").replace(/\.ts$/, "");
  exports[key] = { types: `${out}.d.ts`, default: `${out}.js` };
}
exports["./package.json"] = "./package.json";
const published = {
  name: manifest.name,
  version: manifest.version,
  description: manifest.description,
  type: "module",
  license: manifest.license,
  exports,
  types: "./dist/index.d.ts",
  files: ["dist", "README.md"],
  sideEffects: false,
  dependencies: manifest.dependencies,
  peerDependencies: manifest.peerDependencies,
  peerDependenciesMeta: manifest.peerDependenciesMeta,
  engines: { node: ">=20" },
};

const stage = mkdtempSync(path.join(tmpdir(), "imtihon-sdk-pack-"));
try {
  cpSync(path.join(root, "dist"), path.join(stage, "dist"), { recursive: true });
  cpSync(path.join(root, "README.md"), path.join(stage, "README.md"));
  writeFileSync(path.join(stage, "package.json"), `${JSON.stringify(published, null, 2)}\n`);
  const out = execFileSync("npm", ["pack", "--json", "--pack-destination", dest], {
    cwd: stage,
    encoding: "utf8",
  });
  const [{ filename }] = JSON.parse(out) as { filename: string }[];
  console.log(path.join(dest, filename));
} finally {
  rmSync(stage, { recursive: true, force: true });
}

function require_tsc(): string {
  return path.join(path.dirname(fileURLToPath(import.meta.resolve("typescript"))), "..", "bin", "tsc");
}
