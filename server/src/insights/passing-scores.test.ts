import {
  ADMIN,
  loginAs,
  newStudent,
  newUser,
  apiClient,
  startTestServer,
  type TestServer,
} from "@imtihon/testing";
import { importPassingScoresResponse, passingScoresResponse } from "@imtihon/client-sdk/protocol";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let server: TestServer;
let api: ReturnType<typeof apiClient>;
let admin: string;
let code: string;
let directionId: string;

beforeAll(async () => {
  server = await startTestServer();
  api = apiClient(server.url);
  admin = await loginAs(api, ADMIN.email, ADMIN.password);
  code = `dir-${randomBytes(4).toString("hex")}`;
  const d = await api.post("/admin/directions", { code, name: `Yo'nalish ${code}`, subjectIds: [] }, admin);
  directionId = d.body.direction.id;
});
afterAll(async () => {
  await server?.stop();
});

const HEADER = "year,university,direction,form,language,grant,contract";
const importCsv = async (lines: string[], token = admin) => {
  const res = await api.post("/admin/passing-scores/import", { csv: lines.join("\n") }, token);
  return {
    status: res.status,
    body: res.status === 200 ? importPassingScoresResponse.parse(res.body) : res.body,
  };
};
const list = async (query = `?directionId=${directionId}`) => {
  const res = await api.get(`/admin/passing-scores${query}`, admin);
  expect(res.status).toBe(200);
  return passingScoresResponse.parse(res.body).items;
};
const count = async () => (await server.ctx.db.selectFrom("passing_scores").select("id").execute()).length;

describe("passing scores: CSV import", () => {
  const good = () => [
    HEADER,
    `2025,Toshkent davlat universiteti,${code},kunduzgi,uz,172.5,140`,
    `2025,Toshkent davlat universiteti,${code},kunduzgi,ru,165.1,131.4`,
    `2025,"Samarqand davlat universiteti, filial",${directionId.toUpperCase()},sirtqi,uz,,95.25`,
    `2025,Nukus davlat universiteti,${code},kechki,kaa,120,`,
  ];

  it("stores good rows; importing the same file again changes nothing; a changed figure updates one row", async () => {
    const first = await importCsv(good());
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ rows: 4, inserted: 4, updated: 0, unchanged: 0, errors: [] });
    const stored = await list();
    expect(stored.map((s) => [s.university, s.form, s.language, s.grantScore, s.contractScore])).toEqual([
      ["Nukus davlat universiteti", "kechki", "kaa", 120, null],
      ["Samarqand davlat universiteti, filial", "sirtqi", "uz", null, 95.25],
      ["Toshkent davlat universiteti", "kunduzgi", "ru", 165.1, 131.4],
      ["Toshkent davlat universiteti", "kunduzgi", "uz", 172.5, 140],
    ]);
    expect(stored.every((s) => s.year === 2025 && s.directionCode === code && !s.demo)).toBe(true);

    const again = await importCsv(good());
    expect(again.body).toEqual({ rows: 4, inserted: 0, updated: 0, unchanged: 4, errors: [] });
    expect(await list()).toEqual(stored);

    const changed = good();
    changed[1] = `2025,Toshkent davlat universiteti,${code},kunduzgi,uz,173.0,140`;
    const third = await importCsv(changed);
    expect(third.body).toMatchObject({ inserted: 0, updated: 1, unchanged: 3 });
    const after = await list();
    expect(after.find((s) => s.language === "uz" && s.form === "kunduzgi")?.grantScore).toBe(173);
  });

  it("reports every malformed row with its line and column, stores nothing of them and keeps the valid rows", async () => {
    const before = await count();
    const res = await importCsv([
      HEADER,
      `2024,Andijon davlat universiteti,${code},kunduzgi,uz,150,120`, // 2: valid
      `24,Andijon davlat universiteti,${code},kunduzgi,uz,150,120`, // 3: year
      `2024,,${code},kunduzgi,uz,150,120`, // 4: university
      `2024,Andijon davlat universiteti,no-such-direction,kunduzgi,uz,150,120`, // 5: direction
      `2024,Andijon davlat universiteti,${code},masofaviy,uz,150,120`, // 6: form
      `2024,Andijon davlat universiteti,${code},kunduzgi,fr,150,120`, // 7: language
      `2024,Andijon davlat universiteti,${code},kunduzgi,ru,190,abc`, // 8: two scores
      `2024,Andijon davlat universiteti,${code},kunduzgi,en,,`, // 9: no score
      `2024,Andijon davlat universiteti,${code},sirtqi,uz,110,130`, // 10: grant below contract
      `2024,Andijon davlat universiteti,${code},kechki,uz,150,120,extra`, // 11: columns
      `2024,Andijon davlat universiteti,${code},kechki,ru,150.123,120`, // 12: three decimals
    ]);
    expect(res.status).toBe(200);
    expect(res.body.rows).toBe(11);
    expect(res.body.inserted).toBe(1);
    expect(
      res.body.errors.map((e: { line: number; code: string; column: string | null }) => [
        e.line,
        e.code,
        e.column,
      ]),
    ).toEqual([
      [3, "year", "year"],
      [4, "university", "university"],
      [5, "direction", "direction"],
      [6, "form", "form"],
      [7, "language", "language"],
      [8, "score", "grant"],
      [8, "score", "contract"],
      [9, "no_score", null],
      [10, "grant_below_contract", "grant"],
      [11, "columns", null],
      [12, "score", "grant"],
    ]);
    expect(res.body.errors[2].value).toBe("no-such-direction");
    expect(await count()).toBe(before + 1);
    expect((await list(`?directionId=${directionId}&year=2024`)).map((s) => s.university)).toEqual([
      "Andijon davlat universiteti",
    ]);
  });

  it("reports a row repeating an earlier one as a duplicate and stores the first", async () => {
    const before = await count();
    const res = await importCsv([
      HEADER,
      `2023,Buxoro davlat universiteti,${code},kunduzgi,uz,150,120`,
      `2023,Buxoro  davlat universiteti ,${code},kunduzgi,uz,151,121`,
    ]);
    expect(res.body).toMatchObject({ rows: 2, inserted: 1, updated: 0, unchanged: 0 });
    expect(res.body.errors).toEqual([
      { line: 3, code: "duplicate", column: null, value: null, duplicateOf: 2 },
    ]);
    expect(await count()).toBe(before + 1);
    expect((await list(`?directionId=${directionId}&year=2023`))[0]).toMatchObject({
      grantScore: 150,
      contractScore: 120,
    });
  });

  it("reads `;`-separated files with decimal commas and Uzbek headers", async () => {
    const res = await importCsv([
      "Yil;Universitet;Yonalish;Shakl;Til;Grant;Kontrakt",
      `2022;Qarshi davlat universiteti;${code};kunduzgi;uz;160,5;"130,2"`,
    ]);
    expect(res.body).toMatchObject({ inserted: 1, errors: [] });
    expect((await list(`?directionId=${directionId}&year=2022`))[0]).toMatchObject({
      grantScore: 160.5,
      contractScore: 130.2,
    });
  });

  it("refuses a file whose header lacks columns, storing nothing", async () => {
    const before = await count();
    const res = await importCsv([
      "year,university,direction,form",
      `2021,Termiz davlat universiteti,${code},kunduzgi`,
    ]);
    expect(res.body.inserted).toBe(0);
    expect(res.body.errors.map((e: { code: string; column: string | null }) => [e.code, e.column])).toEqual([
      ["header", "language"],
      ["header", "grant"],
      ["header", "contract"],
    ]);
    expect(await count()).toBe(before);
  });

  it("400 for a body that is not { csv }", async () => {
    expect((await api.post("/admin/passing-scores/import", { csv: "" }, admin)).status).toBe(400);
    expect((await api.post("/admin/passing-scores/import", { file: "x" }, admin)).status).toBe(400);
    expect((await api.get("/admin/passing-scores?year=abc", admin)).status).toBe(400);
  });
});

describe("passing scores: delete and authorization", () => {
  it("deletes one row (204), then 404; a malformed id is 404", async () => {
    await importCsv([HEADER, `2020,Urganch davlat universiteti,${code},kunduzgi,uz,150,120`]);
    const [row] = await list(`?directionId=${directionId}&year=2020`);
    const del = await api.call("DELETE", `/admin/passing-scores/${row!.id}`, undefined, admin);
    expect(del.status).toBe(204);
    expect(await list(`?directionId=${directionId}&year=2020`)).toEqual([]);
    expect((await api.call("DELETE", `/admin/passing-scores/${row!.id}`, undefined, admin)).status).toBe(404);
    expect((await api.call("DELETE", "/admin/passing-scores/nope", undefined, admin)).status).toBe(404);
  });

  it("students and proctors cannot import, list or delete; without a token it is 401", async () => {
    const before = await count();
    const [row] = await list();
    const student = await newStudent(api, "ps");
    const proctor = await newUser(api, admin, "proctor");
    for (const token of [student.token, proctor.token]) {
      const imp = await importCsv([HEADER, `2019,Xiva universiteti,${code},kunduzgi,uz,150,120`], token);
      expect(imp.status).toBe(403);
      expect((await api.get("/admin/passing-scores", token)).status).toBe(403);
      expect((await api.call("DELETE", `/admin/passing-scores/${row!.id}`, undefined, token)).status).toBe(
        403,
      );
    }
    expect((await api.get("/admin/passing-scores")).status).toBe(401);
    expect(await count()).toBe(before);
  });
});
