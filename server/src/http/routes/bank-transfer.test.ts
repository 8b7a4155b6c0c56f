import {
  apiClient,
  startTestServer,
  type TestServer,
  ADMIN,
  loginAs,
  newStudent,
  newSubjectWithQuestions,
  newUser,
} from "@imtihon/testing";
import { adminQuestionsResponse, importQuestionsResponse } from "@imtihon/client-sdk/protocol";
import { strToU8, zipSync } from "fflate";
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixtureText, zipFolder } from "../../bank/test-samples.ts";

let server: TestServer;
let api: ReturnType<typeof apiClient>;
let admin: string;

beforeAll(async () => {
  server = await startTestServer();
  api = apiClient(server.url);
  admin = await loginAs(api, ADMIN.email, ADMIN.password);
});
afterAll(async () => {
  await server?.stop();
});

async function upload(
  fields: {
    file?: Uint8Array | string;
    filename?: string;
    format?: string;
    subjectId?: string;
    [k: string]: unknown;
  },
  token: string | null = admin,
) {
  const form = new FormData();
  const { file, filename, ...rest } = fields;
  if (file !== undefined)
    form.set(
      "file",
      new Blob([new Uint8Array(typeof file === "string" ? strToU8(file) : file)]),
      filename ?? "bank",
    );
  for (const [k, v] of Object.entries(rest)) if (v !== undefined) form.set(k, String(v));
  const res = await fetch(`${server.url}/api/v1/admin/questions/import`, {
    method: "POST",
    headers: token ? { authorization: `Bearer ${token}` } : {},
    body: form,
  });
  return { status: res.status, body: (await res.json()) as any };
}

/** A multipart upload on its own connection: the server closes it after refusing the body. */
function rawMultipart(subjectId: string, file: Buffer): Promise<{ status: number; body: string }> {
  const b = "----bank-test-boundary";
  const part = (name: string, value: string) =>
    `--${b}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  const body = Buffer.concat([
    Buffer.from(part("format", "csv") + part("subjectId", subjectId)),
    Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\n\r\n`),
    file,
    Buffer.from(`\r\n--${b}--\r\n`),
  ]);
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}/api/v1/admin/questions/import`, {
      method: "POST",
      agent: false,
      headers: {
        authorization: `Bearer ${admin}`,
        "content-type": `multipart/form-data; boundary=${b}`,
        "content-length": body.length,
      },
    });
    req.on("response", (res) => {
      let text = "";
      res.on("data", (d) => (text += String(d)));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

async function download(query: string, token = admin) {
  const res = await fetch(`${server.url}/api/v1/admin/questions/export?${query}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: res.status, headers: res.headers, bytes: new Uint8Array(await res.arrayBuffer()) };
}

async function newSubject(): Promise<string> {
  const code = `b${Math.random().toString(36).slice(2, 10)}`;
  const res = await api.post("/admin/subjects", { code, name: `Bank ${code}` }, admin);
  return res.body.subject.id as string;
}

const questions = async (subjectId: string) =>
  adminQuestionsResponse.parse((await api.get(`/admin/questions?subjectId=${subjectId}`, admin)).body).items;

const MOODLE = `<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="category"><category><text>$course$/top</text></category></question>
  <question type="multichoice">
    <name><text>Kvadrat</text></name>
    <questiontext format="html"><text><![CDATA[<p>\\(3^2\\) = ?</p>]]></text></questiontext>
    <single>true</single>
    <answer fraction="0"><text>6</text></answer>
    <answer fraction="100"><text>9</text></answer>
  </question>
  <question type="essay"><name><text>Insho</text></name><questiontext><text>Yozing</text></questiontext></question>
  <question type="multichoice">
    <name><text>Juft</text></name>
    <questiontext format="html"><text><![CDATA[<p><b>Juft</b> sonlar?</p>]]></text></questiontext>
    <single>false</single>
    <answer fraction="50"><text>2</text></answer>
    <answer fraction="-100"><text>3</text></answer>
    <answer fraction="50"><text>4</text></answer>
  </question>
</quiz>`;

describe("POST /admin/questions/import", () => {
  it("imports a Moodle XML file: valid items stored in file order, the others rejected with their reasons", async () => {
    const subjectId = await newSubject();
    const res = await upload({ file: MOODLE, filename: "moodle.xml", format: "moodle-xml", subjectId });
    expect(res.status).toBe(200);
    const body = importQuestionsResponse.parse(res.body);
    expect(body.imported).toHaveLength(2);
    expect(body.rejected).toEqual([
      {
        index: 1,
        name: "Insho",
        reason:
          '"essay" questions are not supported (supported: multichoice, truefalse, numerical, shortanswer, matching)',
        code: "unsupported_type",
        params: { type: "essay" },
      },
    ]);
    const stored = await questions(subjectId);
    expect(
      stored.map(({ id, kind, stem, options, correct }) => ({ id, kind, stem, options, correct })),
    ).toEqual([
      {
        id: body.imported[0],
        kind: "single",
        stem: "$3^2$ = ?",
        options: [
          { id: "a", text: "6" },
          { id: "b", text: "9" },
        ],
        correct: ["b"],
      },
      {
        id: body.imported[1],
        kind: "multiple",
        stem: "**Juft** sonlar?",
        options: [
          { id: "a", text: "2" },
          { id: "b", text: "3" },
          { id: "c", text: "4" },
        ],
        correct: ["a", "c"],
      },
    ]);
  });

  it("imports a QTI package, a CSV file and a JSON file", async () => {
    const subjectId = await newSubject();
    const item = (id: string, card: string, correct: string[]) =>
      `<?xml version="1.0"?><assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="${id}" title="${id}"><responseDeclaration identifier="RESPONSE" cardinality="${card}" baseType="identifier"><correctResponse>${correct.map((c) => `<value>${c}</value>`).join("")}</correctResponse></responseDeclaration><itemBody><p>Savol ${id}</p><choiceInteraction responseIdentifier="RESPONSE" maxChoices="0"><simpleChoice identifier="A">Bir</simpleChoice><simpleChoice identifier="B">Ikki</simpleChoice></choiceInteraction></itemBody></assessmentItem>`;
    const qti = zipSync({
      "imsmanifest.xml": strToU8(
        `<manifest><resources><resource identifier="q1" type="imsqti_item_xmlv2p1" href="q1.xml"/><resource identifier="q2" type="imsqti_item_xmlv2p1" href="q2.xml"/></resources></manifest>`,
      ),
      "q1.xml": strToU8(item("q1", "single", ["B"])),
      "q2.xml": strToU8(item("q2", "multiple", ["A", "B"])),
    });
    const a = await upload({ file: qti, filename: "bank.zip", format: "qti", subjectId });
    expect(a.body).toEqual({ imported: [expect.any(String), expect.any(String)], rejected: [] });
    const csv = "subject,kind,stem,a,b,c,d,correct\nmatematika,single,2 + 2 = ?,3,4,5,6,b";
    const b = await upload({ file: csv, filename: "bank.csv", format: "csv", subjectId });
    expect(b.body).toEqual({ imported: [expect.any(String)], rejected: [] });
    const json = JSON.stringify([
      {
        kind: "single",
        stem: "JSON?",
        options: [
          { id: "x", text: "ha" },
          { id: "y", text: "yo'q" },
        ],
        correct: ["x"],
      },
    ]);
    const c = await upload({ file: json, filename: "bank.json", format: "json", subjectId });
    expect(c.body).toEqual({ imported: [expect.any(String)], rejected: [] });
    const stored = await questions(subjectId);
    expect(stored.map((q) => [q.kind, q.stem, q.correct])).toEqual([
      ["single", "Savol q1", ["B"]],
      ["multiple", "Savol q2", ["A", "B"]],
      ["single", "2 + 2 = ?", ["b"]],
      ["single", "JSON?", ["x"]],
    ]);
  });

  it("refuses a file it cannot read as a whole: 400 with the reason, nothing stored", async () => {
    const subjectId = await newSubject();
    for (const [format, file, reason] of [
      ["moodle-xml", "not xml at all", /not well-formed XML/],
      ["moodle-xml", MOODLE.slice(0, 300), /not well-formed XML/],
      ["qti", "PK not a zip", /not a readable zip archive/],
      ["qti", zipSync({ "item.xml": strToU8("<x/>") }), /imsmanifest.xml is missing/],
      ["json", "{", /not a JSON file/],
    ] as const) {
      const res = await upload({ file, format, subjectId });
      expect(res.status, `${format}: ${String(file).slice(0, 20)}`).toBe(400);
      expect(res.body.error.code).toBe("invalid_payload");
      expect(res.body.error.message).toMatch(reason);
      expect(res.body.error.details[0]).toMatchObject({ path: ["file"], reason: expect.any(String) });
    }
    expect(await questions(subjectId)).toEqual([]);
  });

  it("refuses a zip bomb (413) and a body over 16 MiB (413): nothing stored", async () => {
    const subjectId = await newSubject();
    const bomb = zipSync({
      "imsmanifest.xml": strToU8("<manifest/>"),
      "a.xml": new Uint8Array(9 * 1024 * 1024),
    });
    expect(bomb.length).toBeLessThan(64 * 1024);
    const res = await upload({ file: bomb, format: "qti", subjectId });
    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({
      code: "payload_too_large",
      message: '"a.xml" is 9.0 MiB uncompressed, over the limit of 8.0 MiB',
      details: [{ path: ["file"], reason: "zip_too_large" }],
    });
    const huge = await rawMultipart(subjectId, Buffer.alloc(17 * 1024 * 1024, "a"));
    expect(huge.status).toBe(413);
    expect(JSON.parse(huge.body).error.code).toBe("payload_too_large");
    expect(await questions(subjectId)).toEqual([]);
  });

  it("validates the form: fields, format, subject, content type", async () => {
    const subjectId = await newSubject();
    const missing = await upload({ format: "csv", subjectId });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details[0].path).toEqual(["file"]);
    const badFormat = await upload({ file: "x", format: "docx", subjectId });
    expect(badFormat.body.error.details[0].path).toEqual(["format"]);
    const extra = await upload({ file: "x", format: "csv", subjectId, items: "[]" });
    expect(extra.status).toBe(400);
    const unknown = await upload({
      file: MOODLE,
      format: "moodle-xml",
      subjectId: "00000000-0000-4000-8000-000000000000",
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0]).toMatchObject({ path: ["subjectId"] });
    const json = await api.post("/admin/questions/import", { format: "csv", subjectId }, admin);
    expect(json.status).toBe(400);
    expect(json.body.error.message).toBe("Content-Type must be multipart/form-data");
  });

  it("is for admins only", async () => {
    const subjectId = await newSubject();
    const student = (await newStudent(api)).token;
    const proctor = (await newUser(api, admin, "proctor")).token;
    const form = { file: MOODLE, format: "moodle-xml", subjectId };
    expect((await upload(form, null)).status).toBe(401);
    expect((await upload(form, student)).status).toBe(403);
    expect((await upload(form, proctor)).status).toBe(403);
    expect((await download(`format=csv&subjectId=${subjectId}`, student)).status).toBe(403);
    expect(await questions(subjectId)).toEqual([]);
  });
});

describe("GET /admin/questions/export", () => {
  it.each([
    ["moodle-xml", "application/xml; charset=utf-8", "questions.xml"],
    ["qti", "application/zip", "qti.zip"],
    ["csv", "text/csv; charset=utf-8", "questions.csv"],
    ["json", "application/json; charset=utf-8", "questions.json"],
  ])(
    "%s: a download of the whole bank that imports into another subject and exports the same file again",
    async (format, type, suffix) => {
      const { subjectId } = await newSubjectWithQuestions(api, admin, 3);
      const code = (await api.get("/admin/subjects", admin)).body.items.find(
        (s: { id: string }) => s.id === subjectId,
      ).code;
      const first = await download(`format=${format}&subjectId=${subjectId}`);
      expect(first.status).toBe(200);
      expect(first.headers.get("content-type")).toBe(type);
      expect(first.headers.get("content-disposition")).toBe(`attachment; filename="${code}-${suffix}"`);
      const other = await newSubject();
      const imported = await upload({ file: first.bytes, filename: `x-${suffix}`, format, subjectId: other });
      expect(imported.body).toEqual({
        imported: [expect.any(String), expect.any(String), expect.any(String)],
        rejected: [],
      });
      const copies = await questions(other);
      const originals = await questions(subjectId);
      expect(copies.map(({ kind, stem, options, correct }) => ({ kind, stem, options, correct }))).toEqual(
        originals.map(({ kind, stem, options, correct }) => ({ kind, stem, options, correct })),
      );
      const second = await download(`format=${format}&subjectId=${other}`);
      expect(Buffer.from(second.bytes).equals(Buffer.from(first.bytes))).toBe(true);
    },
  );

  it("answers 400 for a bad query and 404 for an unknown subject", async () => {
    expect((await download("format=docx&subjectId=00000000-0000-4000-8000-000000000000")).status).toBe(400);
    expect((await download("format=csv")).status).toBe(400);
    expect((await download("format=csv&subjectId=00000000-0000-4000-8000-000000000000")).status).toBe(404);
  });
});

// Until issue 12's other branches are merged this server stores only single and multiple choice,
// without media, topics, explanations or difficulty: such items are rejected whole, with a reason.
// At the merge (saveMedia and ensureTopicPath wired in routes/bank.ts) these expectations flip.
describe("with figures, topics and every item type wired in", () => {
  it("imports the sample Moodle export: its figure stored, its categories as topics, the essay refused", async () => {
    const subjectId = await newSubject();
    const res = await upload({
      file: fixtureText("moodle/algebra-export.xml"),
      format: "moodle-xml",
      subjectId,
    });
    expect(res.status).toBe(200);
    // Every item is stored or refused for a reason of its own, none for want of server support.
    expect(res.body.rejected.map((r: { index: number; code: string }) => [r.index, r.code])).toEqual([
      [6, "unsupported_type"],
      [7, "no_correct"],
      [8, "image_missing"],
    ]);
    expect(res.body.imported).toHaveLength(6);
    const stored = await questions(subjectId);
    expect(stored.map((q) => q.kind).sort()).toEqual(
      ["matching", "multiple", "numeric", "short_text", "single", "single"].sort(),
    );
    // The embedded figure is stored and the text points at it by content hash.
    const withFigure = stored.filter((q) => /\/api\/v1\/media\/[0-9a-f]{64}/.test(q.stem));
    expect(withFigure).toHaveLength(1);
    const url = /\/api\/v1\/media\/[0-9a-f]{64}/.exec(withFigure[0]!.stem)![0];
    expect((await fetch(`${server.url}${url}`)).status).toBe(200);
    // Moodle's categories became the subject's topic tree, and the questions carry them.
    const topics = (await api.get(`/admin/topics?subjectId=${subjectId}`, admin)).body.items as {
      path: string[];
    }[];
    expect(topics.map((t) => t.path.join(" > "))).toContain("Algebra > Kvadrat tenglamalar");
    expect(stored.some((q) => (q as { topicIds?: string[] }).topicIds?.length)).toBe(true);
    // The QTI 3.0 package's items (with its figure) go in the same way.
    const qti = await upload({ file: zipFolder("qti30"), format: "qti", subjectId });
    expect(qti.status).toBe(200);
    expect(qti.body.imported.length).toBeGreaterThan(0);
    expect(qti.body.rejected.every((r: { code: string }) => r.code !== "not_yet_supported")).toBe(true);
  });
});
