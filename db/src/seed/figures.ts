import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";

/**
 * The demo bank's figures: WebP files drawn by server/scripts/seed-figures.ts through the upload
 * pipeline, stored by the seed in the media table under their content hash, like an upload.
 */
export interface SeedFigure {
  id: string;
  url: string;
  alt: string;
  width: number;
  height: number;
  bytes: Uint8Array;
}

/** Width and height from a WebP header (lossy VP8, lossless VP8L or extended VP8X). */
export function webpSize(b: Uint8Array): { width: number; height: number } {
  const tag = String.fromCharCode(...b.subarray(12, 16));
  if (
    String.fromCharCode(...b.subarray(0, 4)) !== "RIFF" ||
    String.fromCharCode(...b.subarray(8, 12)) !== "WEBP"
  )
    throw new Error("not a WebP file");
  const at = (i: number) => b[i] ?? 0;
  if (tag === "VP8L")
    return {
      width: 1 + (((at(22) & 0x3f) << 8) | at(21)),
      height: 1 + (((at(24) & 0x0f) << 10) | (at(23) << 2) | ((at(22) & 0xc0) >> 6)),
    };
  if (tag === "VP8X")
    return {
      width: 1 + (at(24) | (at(25) << 8) | (at(26) << 16)),
      height: 1 + (at(27) | (at(28) << 8) | (at(29) << 16)),
    };
  if (tag === "VP8 ")
    return { width: (at(26) | (at(27) << 8)) & 0x3fff, height: (at(28) | (at(29) << 8)) & 0x3fff };
  throw new Error(`unknown WebP chunk ${tag}`);
}

function figure(name: string, alt: string): SeedFigure {
  const bytes = new Uint8Array(readFileSync(new URL(`./figures/${name}.webp`, import.meta.url)));
  const id = createHash("sha256").update(bytes).digest("hex");
  return { id, url: `/api/v1/media/${id}`, alt, ...webpSize(bytes), bytes };
}

export const FIGURES = {
  triangle: figure("triangle", "To'g'ri burchakli uchburchak: katetlari 6 va 8, gipotenuzasi x"),
  velocityGraph: figure(
    "velocity-graph",
    "Tezlik grafigi: t = 0 da v = 2 m/s, t = 4 s da v = 10 m/s, keyin tezlik o'zgarmaydi",
  ),
  circuit: figure("circuit", "Ketma-ket ulangan R1 = 4 Om va R2 = 6 Om qarshiliklar, kuchlanish U = 20 V"),
} as const;

/** The markup that shows a figure: `![alt](url)`. */
export const figureMarkup = (f: SeedFigure) => `![${f.alt}](${f.url})`;
