// Draws the demo bank's figures from SVG we write here and stores them, through the same pipeline
// as an upload (server/src/media/image.ts), as WebP under db/src/seed/figures/. The seed reads those
// files (it does not depend on sharp); rerun this after changing a drawing:
//   node server/scripts/seed-figures.ts
import sharp from "sharp";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { encodeImage } from "../src/media/image.ts";

const OUT = path.resolve(import.meta.dirname, "../../db/src/seed/figures");
const FONT = `font-family="DejaVu Sans, Liberation Sans, sans-serif"`;

const svg = (w: number, h: number, body: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">` +
  `<rect width="${w}" height="${h}" fill="#fff"/>${body}</svg>`;

const FIGURES: Record<string, string> = {
  // A right triangle with legs 6 and 8; the hypotenuse is x.
  triangle: svg(
    480,
    340,
    `<polygon points="60,290 420,290 60,50" fill="#eff6ff" stroke="#1e3a8a" stroke-width="4" stroke-linejoin="round"/>
     <polyline points="60,260 90,260 90,290" fill="none" stroke="#1e3a8a" stroke-width="3"/>
     <text x="240" y="325" font-size="28" text-anchor="middle" ${FONT}>8</text>
     <text x="35" y="180" font-size="28" text-anchor="middle" ${FONT}>6</text>
     <text x="262" y="155" font-size="30" font-style="italic" text-anchor="middle" ${FONT}>x</text>`,
  ),
  // Speed against time: 2 m/s at t = 0 to 10 m/s at t = 4 s (a = 2 m/s²).
  "velocity-graph": svg(
    560,
    400,
    (() => {
      const x = (t: number) => 70 + t * 80;
      const y = (v: number) => 340 - v * 24;
      let grid = "";
      for (let t = 1; t <= 5; t++)
        grid += `<line x1="${x(t)}" y1="${y(0)}" x2="${x(t)}" y2="${y(12)}" stroke="#e2e8f0" stroke-width="2"/>
          <text x="${x(t)}" y="${y(0) + 28}" font-size="20" text-anchor="middle" ${FONT}>${t}</text>`;
      for (let v = 2; v <= 12; v += 2)
        grid += `<line x1="${x(0)}" y1="${y(v)}" x2="${x(5)}" y2="${y(v)}" stroke="#e2e8f0" stroke-width="2"/>
          <text x="${x(0) - 12}" y="${y(v) + 7}" font-size="20" text-anchor="end" ${FONT}>${v}</text>`;
      return `${grid}
        <line x1="${x(0)}" y1="${y(0)}" x2="${x(5) + 20}" y2="${y(0)}" stroke="#0f172a" stroke-width="3"/>
        <line x1="${x(0)}" y1="${y(0)}" x2="${x(0)}" y2="${y(12) - 20}" stroke="#0f172a" stroke-width="3"/>
        <text x="${x(5) + 24}" y="${y(0) + 28}" font-size="20" ${FONT}>t, s</text>
        <text x="${x(0) + 10}" y="${y(12) - 22}" font-size="20" ${FONT}>v, m/s</text>
        <text x="${x(0) - 12}" y="${y(0) + 28}" font-size="20" text-anchor="end" ${FONT}>0</text>
        <line x1="${x(0)}" y1="${y(2)}" x2="${x(4)}" y2="${y(10)}" stroke="#1d4ed8" stroke-width="5" stroke-linecap="round"/>
        <line x1="${x(4)}" y1="${y(10)}" x2="${x(5)}" y2="${y(10)}" stroke="#1d4ed8" stroke-width="5" stroke-linecap="round"/>`;
    })(),
  ),
  // A 20 V source with 4 Ω and 6 Ω resistors in series.
  circuit: svg(
    520,
    300,
    `<polyline points="60,80 60,240 460,240 460,80 60,80" fill="none" stroke="#0f172a" stroke-width="4"/>
     <rect x="100" y="62" width="90" height="36" fill="#fff" stroke="#0f172a" stroke-width="4"/>
     <rect x="330" y="62" width="90" height="36" fill="#fff" stroke="#0f172a" stroke-width="4"/>
     <text x="145" y="48" font-size="24" text-anchor="middle" ${FONT}>R₁ = 4 Om</text>
     <text x="375" y="48" font-size="24" text-anchor="middle" ${FONT}>R₂ = 6 Om</text>
     <rect x="240" y="220" width="40" height="40" fill="#fff"/>
     <line x1="246" y1="210" x2="246" y2="270" stroke="#0f172a" stroke-width="4"/>
     <line x1="274" y1="224" x2="274" y2="256" stroke="#0f172a" stroke-width="8"/>
     <text x="260" y="295" font-size="24" text-anchor="middle" ${FONT}>U = 20 V</text>`,
  ),
};

for (const [name, source] of Object.entries(FIGURES)) {
  const png = await sharp(Buffer.from(source)).png().toBuffer();
  const image = await encodeImage(png);
  writeFileSync(path.join(OUT, `${name}.webp`), image.bytes);
  console.log(`${name}.webp ${image.width}x${image.height} ${image.bytes.length} bytes`);
}
