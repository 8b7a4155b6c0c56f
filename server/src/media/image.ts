import sharp, { type Metadata } from "sharp";
import { AppError } from "../errors.ts";

/** What an upload may be: bytes on the wire, pixels once decoded (a small file can decode huge). */
export const MEDIA_LIMITS = {
  maxBytes: 5 * 1024 * 1024,
  // 40 megapixels decode to 160 MB of RGBA: a phone photo passes, a decompression bomb does not.
  maxPixels: 40_000_000,
  maxSide: 12_000,
  // Wide enough for a full-width figure on a desktop at 1.5x; a phone gets the same file, scaled.
  maxWidth: 1600,
} as const;

export type InputFormat = "png" | "jpeg" | "webp";

export interface EncodedImage {
  bytes: Uint8Array;
  mime: "image/webp";
  width: number;
  height: number;
}

/** Why a file was refused, for clients to say in their own language (`details.reason`). */
export type MediaRefusal = "empty" | "too_large" | "not_image" | "svg" | "damaged" | "too_many_pixels";

const refuse = (reason: MediaRefusal, message: string) =>
  new AppError("invalid_payload", message, { reason });

/** The format by its magic bytes, never by name or declared type. */
export function sniffFormat(bytes: Uint8Array): InputFormat | "svg" | null {
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  if (bytes.length >= 8 && ascii(1, 4) === "PNG" && bytes[0] === 0x89) return "png";
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "jpeg";
  if (bytes.length >= 12 && ascii(0, 4) === "RIFF" && ascii(8, 12) === "WEBP") return "webp";
  const head = new TextDecoder().decode(bytes.subarray(0, 1024)).trimStart().toLowerCase();
  if (head.startsWith("<svg") || (head.startsWith("<?xml") && head.includes("<svg"))) return "svg";
  return null;
}

/**
 * Validates an uploaded image and re-encodes it: PNG, JPEG or WebP in; WebP out (line drawings
 * from PNG losslessly, photos lossy), at most `maxWidth` wide, turned upright by its EXIF
 * orientation, with every metadata block (EXIF, GPS, ICC comments) dropped. SVG is refused: it can
 * carry scripts and outside references, and sanitising it is not worth the risk for figures that
 * convert to PNG in any editor.
 */
export async function encodeImage(bytes: Uint8Array): Promise<EncodedImage> {
  if (bytes.length === 0) throw refuse("empty", "the file is empty");
  if (bytes.length > MEDIA_LIMITS.maxBytes)
    throw refuse("too_large", `the file is larger than ${MEDIA_LIMITS.maxBytes / 1024 / 1024} MiB`);
  const format = sniffFormat(bytes);
  if (format === "svg") throw refuse("svg", "SVG images are not accepted: export the figure as PNG");
  if (format === null) throw refuse("not_image", "not an image: upload a PNG, JPEG or WebP file");
  const input = (limitInputPixels: number | false) =>
    sharp(bytes, { limitInputPixels, failOn: "truncated", animated: false });
  let meta: Metadata;
  try {
    // The header alone, unlimited, so a huge image is refused below with its real size.
    meta = await input(false).metadata();
  } catch {
    throw refuse("damaged", `the ${format.toUpperCase()} file is damaged or incomplete`);
  }
  const { width = 0, height = 0 } = meta;
  if (meta.format !== format || width < 1 || height < 1)
    throw refuse("damaged", `the ${format.toUpperCase()} file is damaged or incomplete`);
  if (
    width > MEDIA_LIMITS.maxSide ||
    height > MEDIA_LIMITS.maxSide ||
    width * height > MEDIA_LIMITS.maxPixels
  )
    throw refuse(
      "too_many_pixels",
      `the image is ${width}×${height} pixels; at most ${MEDIA_LIMITS.maxSide} px a side and ${MEDIA_LIMITS.maxPixels / 1_000_000} megapixels`,
    );
  try {
    const { data, info } = await input(MEDIA_LIMITS.maxPixels)
      .rotate()
      .resize({ width: MEDIA_LIMITS.maxWidth, withoutEnlargement: true })
      .webp(format === "png" ? { lossless: true, effort: 4 } : { quality: 82, effort: 4 })
      .toBuffer({ resolveWithObject: true });
    return { bytes: new Uint8Array(data), mime: "image/webp", width: info.width, height: info.height };
  } catch {
    throw refuse("damaged", `the ${format.toUpperCase()} file is damaged or incomplete`);
  }
}
