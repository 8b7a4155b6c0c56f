import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ROUTES } from "../http/openapi.ts";
import {
  apiClient,
  createExam,
  createSession,
  createUser,
  startTestServer,
  type TestServer,
  type TestUser,
} from "@imtihon/testing";
import { fingerprint } from "./fingerprint.ts";

// Every documented HTTP route fed generated payloads, path ids and queries as an admin, a student
// and nobody: never a 5xx, and a refused request (any 4xx) changes no row.

const RUNS = Number(process.env.FUZZ_RUNS ?? 30);

let server: TestServer;
let admin: string;
let student: TestUser;
const ids: Record<string, string> = {};
const examples: Record<string, Record<string, unknown>> = {};

beforeAll(async () => {
  server = await startTestServer();
  const api = apiClient(server.url);
  admin = (await api.post("/auth/login", { email: "admin@test.local", password: "admin-password-123" })).body
    .accessToken;
  const { db } = server.ctx;
  student = await createUser(db);
  const proctor = await createUser(db, "proctor");
  const exam = await createExam(db);
  const draft = await createExam(db, { status: "draft" });
  const subject = await db.selectFrom("subjects").select("id").executeTakeFirstOrThrow();
  ids.exam = exam.id;
  ids.draft = draft.id;
  ids.subject = subject.id;
  ids.question = draft.questions[0]!.id;
  ids.session = await createSession(db, exam.id, proctor.id);
  // Another user: disabling the fuzzing student would turn the rest of the run into 401s.
  ids.user = (await createUser(db)).id;
  // Plausible bodies: the generator changes, drops or adds one field, so validation is reached deep.
  examples["/auth/register"] = { email: "fuzz@test.local", password: "fuzz-pass-1", fullName: "Fuzz" };
  examples["/auth/login"] = { email: "admin@test.local", password: "not-the-password" };
  examples["/auth/refresh"] = { refreshToken: "x".repeat(43) };
  examples["/auth/logout"] = { refreshToken: "x".repeat(43) };
  examples["/me/password"] = { currentPassword: "wrong-password", newPassword: "new-pass-123" };
  examples["/admin/users"] = {
    email: "new@test.local",
    password: "pass-1234",
    fullName: "N",
    role: "student",
  };
  examples["/admin/subjects"] = { code: "fz", name: "Fuzz" };
  examples["/admin/directions"] = { code: "fzd", name: "Fuzz", subjectIds: [ids.subject] };
  examples["/admin/questions"] = {
    items: [
      {
        subjectId: ids.subject,
        kind: "single",
        stem: "?",
        options: [
          { id: "a", text: "1" },
          { id: "b", text: "2" },
        ],
        correct: ["a"],
      },
    ],
  };
  examples["/admin/questions/:id"] = {
    kind: "single",
    stem: "?",
    options: [
      { id: "a", text: "1" },
      { id: "b", text: "2" },
    ],
    correct: ["a"],
  };
  examples["/admin/exams"] = {
    title: "F",
    mode: "self_paced",
    durationSeconds: 60,
    sections: [{ title: "S", questionIds: [ids.question], pointsPerQuestion: 1 }],
  };
  examples["/sessions"] = { examId: ids.exam };
});
afterAll(() => server?.stop());

// NUL is in the mix: Postgres text cannot hold it, so it must be refused, never a 5xx.
const json = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constantFrom("nul\u0000byte", ["\u0000"]));
const idArb = fc.oneof(
  fc.uuid(),
  fc.string({ maxLength: 40 }),
  fc.constantFrom("", "..", "%00", "' or 1=1 --", "00000000-0000-0000-0000-000000000000"),
  fc.constant(null).map(() => ids.exam!),
  fc.constant(null).map(() => ids.draft!),
  fc.constant(null).map(() => ids.session!),
  fc.constant(null).map(() => ids.user!),
);

function bodyArb(path: string): fc.Arbitrary<string | undefined> {
  const ex = examples[path];
  const raw = fc.oneof(
    fc.string({ maxLength: 60 }),
    fc.constantFrom("", "{", "null", "[]", '{"__proto__":{"admin":true}}'),
  );
  const whole = json.map((v) => JSON.stringify(v));
  if (!ex) return fc.oneof(fc.constant(undefined), raw, whole);
  const keys = Object.keys(ex);
  const mutated = fc
    .tuple(fc.constantFrom(...keys), json, fc.constantFrom("change", "drop", "add"))
    .map(([k, v, how]) => {
      const copy: Record<string, unknown> = { ...ex };
      if (how === "change") copy[k] = v;
      else if (how === "drop") delete copy[k];
      else copy[`x${k}`] = v;
      return JSON.stringify(copy);
    });
  return fc.oneof(
    { weight: 3, arbitrary: mutated },
    { weight: 1, arbitrary: raw },
    { weight: 1, arbitrary: whole },
  );
}

describe("generated input on every HTTP route", () => {
  const apiRoutes = ROUTES.filter((r) => !r.root);

  test("covers every documented /api/v1 route", () => {
    expect(apiRoutes.length).toBeGreaterThan(20);
  });

  test.each(apiRoutes.map((r) => [r.method.toUpperCase(), r.path] as const))(
    "%s %s: no 5xx, a refusal changes nothing",
    async (method, path) => {
      const seen = new Map<number, number>();
      let before = await fingerprint(server.ctx.sql);
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom("admin", "student", "none"),
          idArb,
          bodyArb(path),
          fc.dictionary(fc.string({ maxLength: 12 }), fc.string({ maxLength: 40 }), { maxKeys: 3 }),
          fc.integer({ min: 1, max: 250 }),
          async (who, id, body, query, ip) => {
            const token = who === "admin" ? admin : who === "student" ? student.token : undefined;
            const qs = new URLSearchParams(query).toString();
            const url = `${server.url}/api/v1${path.replace(":id", encodeURIComponent(id))}${qs ? `?${qs}` : ""}`;
            const res = await fetch(url, {
              method,
              headers: {
                ...(body !== undefined ? { "content-type": "application/json" } : {}),
                ...(token ? { authorization: `Bearer ${token}` } : {}),
                // Spread over addresses so the sign-in limits do not hide the validation behind 429s.
                "x-forwarded-for": `10.0.0.${ip}`,
              },
              body: method === "GET" ? undefined : body,
            });
            const text = await res.text();
            seen.set(res.status, (seen.get(res.status) ?? 0) + 1);
            expect(res.status, `${method} ${url} ${body ?? ""} -> ${text}`).toBeLessThan(500);
            const after = await fingerprint(server.ctx.sql);
            if (res.status >= 400) {
              expect(after, `${method} ${url} ${body ?? ""} -> ${res.status} changed rows`).toBe(before);
              expect(JSON.parse(text)).toMatchObject({ error: { code: expect.any(String) } });
            }
            before = after;
          },
        ),
        { numRuns: RUNS },
      );
      console.log(`[security/http-fuzz] ${method} ${path}: ${JSON.stringify(Object.fromEntries(seen))}`);
    },
  );
});
