import { ADMIN, loginAs, newStudent, apiClient, startTestServer, type TestServer } from "@imtihon/testing";
import { createHash } from "node:crypto";
import { request } from "node:http";
import { crc32, deflateSync } from "node:zlib";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../errors.ts";
import { MEDIA_LIMITS, sniffFormat } from "./image.ts";
import { saveMedia } from "./store.ts";

let server: TestServer;
let admin: string;

beforeAll(async () => {
  server = await startTestServer();
  admin = await loginAs(apiClient(server.url), ADMIN.email, ADMIN.password);
});
afterAll(() => server?.stop());

/** A picture with some detail (a gradient), so every encoder has real work and sizes differ. */
async function picture(width: number, height: number, format: "png" | "jpeg" | "webp") {
  const raw = Buffer.alloc(width * height * 3);
  for (let i = 0; i < width * height; i++) {
    raw[i * 3] = (i % width) & 0xff;
    raw[i * 3 + 1] = Math.floor(i / width) & 0xff;
    raw[i * 3 + 2] = 128;
  }
  return new Uint8Array(
    await sharp(raw, { raw: { width, height, channels: 3 } })
      .toFormat(format)
      .toBuffer(),
  );
}

/** A valid PNG header claiming any size, with one tiny compressed row: what a decompression bomb looks like. */
function pngClaiming(width: number, height: number): Uint8Array {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk("IHDR", ihdr),
      chunk("IDAT", deflateSync(Buffer.alloc(1 + width))),
      chunk("IEND", Buffer.alloc(0)),
    ]),
  );
}

async function upload(file: Uint8Array | null, alt: string | null, token = admin, name = "figure.png") {
  const form = new FormData();
  if (file) form.append("file", new Blob([file as Uint8Array<ArrayBuffer>]), name);
  if (alt !== null) form.append("alt", alt);
  const res = await fetch(`${server.url}/api/v1/admin/media`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  return { status: res.status, body: (await res.json()) as any };
}

/** Its own connection: the server refuses an oversized body without reading it and closes the socket. */
async function uploadOnOwnConnection(file: Uint8Array, alt: string) {
  const form = new FormData();
  form.append("file", new Blob([file as Uint8Array<ArrayBuffer>]), "big.png");
  form.append("alt", alt);
  const encoded = new Request("http://localhost/", { method: "POST", body: form });
  const body = Buffer.from(await encoded.arrayBuffer());
  return new Promise<{ status: number; body: any }>((resolve, reject) => {
    const req = request(`${server.url}/api/v1/admin/media`, {
      method: "POST",
      agent: false,
      headers: {
        authorization: `Bearer ${admin}`,
        "content-type": encoded.headers.get("content-type")!,
        "content-length": body.length,
      },
    });
    req.on("response", (res) => {
      let text = "";
      res.on("data", (d) => (text += String(d)));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

const count = async () =>
  Number(
    (
      await server.ctx.db
        .selectFrom("media")
        .select((eb) => eb.fn.countAll<string>().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe("POST /admin/media", () => {
  it("re-encodes a PNG, JPEG or WebP to WebP, keeps the size under 1600 px wide, and answers its URL", async () => {
    for (const format of ["png", "jpeg", "webp"] as const) {
      const res = await upload(await picture(640, 400, format), "Gradient", admin, `g.${format}`);
      expect(res.status, format).toBe(201);
      expect(res.body.media).toMatchObject({ width: 640, height: 400, alt: "Gradient" });
      expect(res.body.media.url).toBe(`/api/v1/media/${res.body.media.id}`);
      const row = await server.ctx.db
        .selectFrom("media")
        .selectAll()
        .where("id", "=", res.body.media.id)
        .executeTakeFirstOrThrow();
      expect(row.mime).toBe("image/webp");
      expect(sniffFormat(row.bytes)).toBe("webp");
      expect(createHash("sha256").update(row.bytes).digest("hex")).toBe(row.id);
    }
    const wide = await upload(await picture(3000, 1000, "jpeg"), "Keng rasm");
    expect(wide.status).toBe(201);
    expect(wide.body.media).toMatchObject({ width: MEDIA_LIMITS.maxWidth, height: 533 });
  });

  it("stores the same picture once: same id, one row", async () => {
    const png = await picture(300, 200, "png");
    const before = await count();
    const first = await upload(png, "Birinchi");
    const second = await upload(png, "Ikkinchi");
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body.media.id).toBe(first.body.media.id);
    expect(second.body.media.alt).toBe("Ikkinchi");
    expect(await count()).toBe(before + 1);
  });

  it("drops EXIF (a phone photo's GPS and owner) when re-encoding", async () => {
    const jpeg = await sharp(await picture(200, 100, "jpeg"))
      .withExif({ IFD0: { Copyright: "secret-owner", Artist: "secret-owner" } })
      .jpeg()
      .toBuffer();
    expect(jpeg.includes("secret-owner")).toBe(true);
    const res = await upload(new Uint8Array(jpeg), "Foto");
    const row = await server.ctx.db
      .selectFrom("media")
      .select("bytes")
      .where("id", "=", res.body.media.id)
      .executeTakeFirstOrThrow();
    expect(Buffer.from(row.bytes).includes("secret-owner")).toBe(false);
  });

  it.each([
    [
      "a truncated PNG",
      async () => (await picture(400, 300, "png")).subarray(0, 600),
      /damaged or incomplete/,
      "damaged",
    ],
    [
      "a truncated JPEG",
      async () => (await picture(400, 300, "jpeg")).subarray(0, 400),
      /damaged or incomplete/,
      "damaged",
    ],
    ["a text file", async () => new TextEncoder().encode("hello, not an image"), /not an image/, "not_image"],
    [
      "a GIF",
      async () =>
        new Uint8Array(
          await sharp(await picture(20, 20, "png"))
            .gif()
            .toBuffer(),
        ),
      /not an image/,
      "not_image",
    ],
    [
      "an SVG (with a script)",
      async () =>
        new TextEncoder().encode(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`),
      /SVG images are not accepted/,
      "svg",
    ],
    [
      "a 100000×100000 decompression bomb",
      async () => pngClaiming(100_000, 100_000),
      /100000×100000 pixels/,
      "too_many_pixels",
    ],
    ["a 20000×1 strip", async () => pngClaiming(20_000, 1), /20000×1 pixels/, "too_many_pixels"],
    ["an empty file", async () => new Uint8Array(0), /empty/, "empty"],
  ])("refuses %s with a clear reason and stores nothing", async (_, make, message, reason) => {
    const before = await count();
    const res = await upload(await make(), "Rasm");
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("invalid_payload");
    expect(res.body.error.message).toMatch(message);
    expect(res.body.error.details).toEqual({ reason });
    expect(await count()).toBe(before);
  });

  it("requires the alt text and the file", async () => {
    const png = await picture(50, 50, "png");
    const before = await count();
    for (const [file, alt, field] of [
      [png, null, "alt"],
      [png, "   ", "alt"],
      [null, "Rasm", "file"],
    ] as const) {
      const res = await upload(file, alt);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe("invalid_payload");
      expect(res.body.error.message).toContain(field);
    }
    expect(await count()).toBe(before);
  });

  it("refuses a JSON body, a file over 5 MiB (413), students and strangers", async () => {
    const api = apiClient(server.url);
    expect((await api.post("/admin/media", { file: "x", alt: "y" }, admin)).status).toBe(400);
    const before = await count();
    const big = new Uint8Array(MEDIA_LIMITS.maxBytes + 200 * 1024);
    big.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const tooBig = await uploadOnOwnConnection(big, "Katta");
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error.code).toBe("payload_too_large");
    const student = await newStudent(api, "media");
    expect((await upload(await picture(20, 20, "png"), "Rasm", student.token)).status).toBe(403);
    expect((await upload(await picture(20, 20, "png"), "Rasm", "not-a-token")).status).toBe(401);
    expect(await count()).toBe(before);
  });
});

describe("GET /media/:id", () => {
  it("serves the bytes with an immutable cache header and an ETag; 304 when the client has them", async () => {
    const { body } = await upload(await picture(120, 80, "png"), "Kesh");
    const res = await fetch(`${server.url}${body.media.url}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/webp");
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(res.headers.get("etag")).toBe(`"${body.media.id}"`);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(createHash("sha256").update(bytes).digest("hex")).toBe(body.media.id);
    const again = await fetch(`${server.url}${body.media.url}`, {
      headers: { "if-none-match": `"${body.media.id}"` },
    });
    expect(again.status).toBe(304);
    expect(again.headers.get("cache-control")).toContain("immutable");
  });

  it("404 for an unknown or malformed id", async () => {
    for (const id of ["0".repeat(64), "not-a-hash", "../../etc/passwd", "A".repeat(64)]) {
      const res = await fetch(`${server.url}/api/v1/media/${encodeURIComponent(id)}`);
      expect(res.status, id).toBe(404);
      expect(((await res.json()) as any).error.code).toBe("not_found");
    }
  });

  it("every node serves every image: written through one instance, read through another", async () => {
    const other = await startTestServer({ database: server.database });
    try {
      const { body } = await upload(await picture(90, 60, "png"), "Klaster");
      const res = await fetch(`${other.url}${body.media.url}`);
      expect(res.status).toBe(200);
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect(createHash("sha256").update(bytes).digest("hex")).toBe(body.media.id);
    } finally {
      await other.stop();
    }
  });
});

describe("saveMedia (what the importer calls)", () => {
  it("throws invalid_payload with the file's name for a bad file, and stores nothing", async () => {
    const before = await count();
    const err = await saveMedia(server.ctx.db, {
      bytes: new TextEncoder().encode("<html>"),
      alt: "x",
      filename: "q1.png",
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe("invalid_payload");
    expect((err as AppError).message).toMatch(/^q1\.png: not an image/);
    await expect(saveMedia(server.ctx.db, { bytes: await picture(10, 10, "png"), alt: " " })).rejects.toThrow(
      /alt text/,
    );
    expect(await count()).toBe(before);
  });
});
