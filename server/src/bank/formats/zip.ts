import { strToU8, unzipSync, zipSync, type Zippable } from "fflate";
import { BankFileError, type BankLimits } from "../types.ts";

const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;

/**
 * The files of a zip archive, refused before anything is inflated when the archive lists too many
 * entries or declares sizes over the limits (a zip bomb says its size in its directory). An entry that
 * lies about its size cannot grow past what it declared: fflate inflates into a buffer of exactly the
 * declared size, so memory stays within `maxTotalBytes` whatever the archive holds.
 */
export function unzip(bytes: Uint8Array, limits: BankLimits): Map<string, Uint8Array> {
  let count = 0;
  let total = 0;
  let refusal: BankFileError | undefined;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter(file) {
        if (refusal || file.name.endsWith("/")) return false;
        if (++count > limits.maxEntries)
          refusal = new BankFileError(
            "zip_too_large",
            `the archive has more than ${limits.maxEntries} files`,
          );
        else if (file.originalSize > limits.maxEntryBytes)
          refusal = new BankFileError(
            "zip_too_large",
            `"${file.name}" is ${mib(file.originalSize)} uncompressed, over the limit of ${mib(limits.maxEntryBytes)}`,
          );
        else if ((total += file.originalSize) > limits.maxTotalBytes)
          refusal = new BankFileError(
            "zip_too_large",
            `the archive holds more than ${mib(limits.maxTotalBytes)} uncompressed`,
          );
        else if (file.compression !== 0 && file.compression !== 8)
          refusal = new BankFileError(
            "zip_compression",
            `"${file.name}" uses an unsupported zip compression (${file.compression})`,
          );
        return !refusal;
      },
    });
  } catch (err) {
    throw new BankFileError(
      "not_zip",
      `not a readable zip archive (${err instanceof Error ? err.message : err})`,
    );
  }
  if (refusal) throw refusal;
  return new Map(Object.entries(files).map(([name, data]) => [normalizePath(name), data]));
}

/** `a/./b/../c.png` → `a/c.png`; `null` when the path climbs out of the archive. */
export function resolvePath(base: string, relative: string): string | null {
  const parts = base.split("/").slice(0, -1);
  for (const seg of relative.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") {
      if (!parts.length) return null;
      parts.pop();
    } else parts.push(seg);
  }
  return parts.join("/");
}

const normalizePath = (name: string) => resolvePath("", name.replace(/\\/g, "/")) ?? name;

/** A zip archive of the given files (texts as UTF-8; images stored, not compressed again). */
export function zip(files: Record<string, string | Uint8Array>): Uint8Array<ArrayBuffer> {
  const entries: Zippable = {};
  for (const [name, data] of Object.entries(files))
    entries[name] = typeof data === "string" ? [strToU8(data), { level: 6 }] : [data, { level: 0 }];
  // A fixed time: the same bank exports to the same bytes.
  // fflate allocates a plain ArrayBuffer for the archive.
  return zipSync(entries, { mtime: new Date("2026-01-01T00:00:00Z") }) as Uint8Array<ArrayBuffer>;
}
