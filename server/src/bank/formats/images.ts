import { ItemError, type EmbeddedImage } from "../types.ts";

/** The images one item embeds, each once, referenced from its markup as `![alt](embedded:n)`. */
export class ItemImages {
  list: EmbeddedImage[] = [];
  #byKey = new Map<string, number>();

  /** The markup for an image, adding it under `key` the first time. */
  ref(key: string, image: () => EmbeddedImage | undefined, alt: string): string {
    let n = this.#byKey.get(key);
    if (n === undefined) {
      const found = image();
      if (!found) throw new ItemError("image_missing", `image "${key}" is not in the file`, { image: key });
      n = this.list.push({ ...found, alt: found.alt || alt }) - 1;
      this.#byKey.set(key, n);
    }
    const text = alt || this.list[n]!.alt || this.list[n]!.filename;
    return `![${text.replace(/[\\[\]]/g, (c) => `\\${c}`)}](embedded:${n})`;
  }

  /** `data:image/png;base64,…` as an image, or undefined when `src` is no data URI. */
  static fromDataUri(src: string): EmbeddedImage | undefined {
    const m = /^data:image\/([a-z0-9.+-]+);base64,([A-Za-z0-9+/=\s]+)$/i.exec(src);
    if (!m) return undefined;
    const ext = m[1]!.toLowerCase().replace("jpeg", "jpg").replace("svg+xml", "svg");
    return { bytes: new Uint8Array(Buffer.from(m[2]!, "base64")), alt: "", filename: `image.${ext}` };
  }
}

/** Base64 as bytes; refuses text that is not base64 (Buffer would quietly skip the bad characters). */
export function fromBase64(text: string, image: string): Uint8Array {
  const clean = text.replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 !== 0)
    throw new ItemError("image_invalid", `image "${image}" is not valid base64`, { image });
  return new Uint8Array(Buffer.from(clean, "base64"));
}

export const toBase64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");

/** Unique file names for an item's images on export (`a.png`, `2-a.png`). */
export function exportNames(images: readonly EmbeddedImage[]): string[] {
  const seen = new Set<string>();
  return images.map((img, i) => {
    const base =
      (img.filename || `image-${i + 1}`).replace(/[^\p{L}\p{N}._-]+/gu, "_").slice(-100) || `image-${i + 1}`;
    const name = seen.has(base) ? `${i + 1}-${base}` : base;
    seen.add(name);
    return name;
  });
}
