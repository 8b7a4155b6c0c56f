import { mediaId, mediaResponse, uploadMediaBody } from "./media.ts";
import type { RouteDef } from "./routes.ts";

/** Figures for questions, spread into the protocol's route table. */
const route = <const R extends RouteDef>(def: R): R => def;

export const mediaRoutes = {
  uploadMedia: route({
    method: "post",
    path: "/admin/media",
    tag: "admin",
    summary:
      "Upload a figure (PNG, JPEG or WebP up to 5 MiB and 40 megapixels; alt text required): re-encoded to WebP at most 1600 px wide, stored once per content hash",
    access: ["admin"],
    body: uploadMediaBody,
    bodyType: "multipart/form-data",
    status: 201,
    response: mediaResponse,
    errors: [400, 413],
  }),
  media: route({
    method: "get",
    path: "/media/:id",
    tag: "catalogue",
    summary: "A figure by content hash, with an immutable cache header and an ETag",
    access: "public",
    params: { id: mediaId },
    status: 200,
    contentType: "image/webp",
    errors: [404],
  }),
} as const satisfies Record<string, RouteDef>;
