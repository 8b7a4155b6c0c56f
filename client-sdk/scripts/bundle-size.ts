// Bundles the SDK as a browser would ship it (with socket.io-client, minified) and prints its size.
import { build } from "vite";
import { gzipSync } from "node:zlib";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const out = await build({
  root,
  logLevel: "silent",
  configFile: false,
  build: {
    write: false,
    minify: true,
    lib: { entry: path.join(root, "src/index.ts"), formats: ["es"], fileName: "imtihon-sdk" },
  },
});
const outputs = (Array.isArray(out) ? out : [out]) as {
  output: { type: string; code?: string; fileName: string }[];
}[];
for (const o of outputs) {
  for (const chunk of o.output) {
    if (chunk.type !== "chunk" || !chunk.code) continue;
    const bytes = Buffer.byteLength(chunk.code);
    const gz = gzipSync(chunk.code).length;
    const zod = /ZodError|\$ZodType/.test(chunk.code) ? ", zod" : "";
    console.log(
      `${chunk.fileName}: ${(bytes / 1024).toFixed(1)} KiB minified, ${(gz / 1024).toFixed(1)} KiB gzip (includes socket.io-client${zod})`,
    );
  }
}
