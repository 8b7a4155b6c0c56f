import { z } from "zod";

/** A figure's id: the sha256 (hex) of its stored, re-encoded bytes. */
export const mediaId = z.string().regex(/^[0-9a-f]{64}$/);

/** An uploaded figure; `url` is what markup references: `![alt](url)`. */
export const mediaSchema = z.object({
  id: mediaId,
  url: z.string(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  alt: z.string(),
});
export type Media = z.infer<typeof mediaSchema>;

/** `POST /admin/media`, multipart: the image (PNG, JPEG or WebP) and its alt text (required). */
const ALT_REQUIRED = "alt text is required: describe the figure for students who cannot see it";
export const uploadMediaBody = z.object({
  file: z.file({ error: "file is required: a PNG, JPEG or WebP image" }),
  alt: z.string({ error: ALT_REQUIRED }).trim().min(1, { error: ALT_REQUIRED }).max(500),
});

export const mediaResponse = z.object({ media: mediaSchema });

/** The path a figure is served from, once per content hash. */
export const mediaUrl = (id: string) => `/api/v1/media/${id}`;
