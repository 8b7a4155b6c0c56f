import { uploadMediaBody } from "@imtihon/client-sdk/protocol";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { AppError, notFound } from "../../errors.ts";
import { MEDIA_LIMITS } from "../../media/image.ts";
import { getMedia, saveMedia } from "../../media/store.ts";
import type { HttpEnv } from "../env.ts";
import { auth } from "../middleware.ts";

// The file plus the multipart framing and the alt field.
const UPLOAD_BODY_LIMIT = MEDIA_LIMITS.maxBytes + 64 * 1024;

/** The same bytes always have the same URL, so anything may keep them for a year unasked. */
const SERVED_HEADERS = {
  "cache-control": "public, max-age=31536000, immutable",
  // Opened on its own, a figure is an image and nothing else.
  "content-security-policy": "default-src 'none'; sandbox",
};

/** Figures: uploaded by admins (multipart), served to anyone who has the content-hash URL. */
export const mediaRoutes = new Hono<HttpEnv>()
  .post(
    "/admin/media",
    auth("admin"),
    bodyLimit({
      maxSize: UPLOAD_BODY_LIMIT,
      onError: () => {
        throw new AppError(
          "payload_too_large",
          `the file is larger than ${MEDIA_LIMITS.maxBytes / 1024 / 1024} MiB`,
        );
      },
    }),
    async (c) => {
      if (!/^multipart\/form-data\s*;/i.test(c.req.header("content-type") ?? ""))
        throw new AppError(
          "invalid_payload",
          "send the file as multipart/form-data with fields file and alt",
        );
      let form: Record<string, unknown>;
      try {
        form = await c.req.parseBody();
      } catch {
        throw new AppError("invalid_payload", "the multipart body could not be read");
      }
      const parsed = uploadMediaBody.safeParse({ file: form.file, alt: form.alt });
      if (!parsed.success)
        throw new AppError(
          "invalid_payload",
          parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "),
          parsed.error.issues,
        );
      const { file, alt } = parsed.data;
      const media = await saveMedia(c.var.ctx.db, {
        bytes: new Uint8Array(await file.arrayBuffer()),
        alt,
        filename: file.name,
        createdBy: c.var.principal.userId,
      });
      return c.json({ media }, 201);
    },
  )
  .get("/media/:id", async (c) => {
    const id = c.req.param("id");
    const etag = `"${id}"`;
    // Content-addressed: a client holding this ETag holds these bytes; no need to ask Postgres.
    if (/^[0-9a-f]{64}$/.test(id) && c.req.header("if-none-match") === etag)
      return c.body(null, 304, { ...SERVED_HEADERS, etag });
    const media = await getMedia(c.var.ctx.db, id);
    if (!media) throw notFound("media");
    return c.body(media.bytes as Uint8Array<ArrayBuffer>, 200, {
      ...SERVED_HEADERS,
      etag,
      "content-type": media.mime,
      "content-length": String(media.bytes.length),
    });
  });
