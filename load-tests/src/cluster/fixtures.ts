import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { hashPassword } from "@imtihon/server/auth";

export const LOAD_PASSWORD = "load-password-123";

export class FixtureError extends Error {
  override name = "FixtureError";
}

/**
 * Inserts `count` users straight into Postgres with one precomputed scrypt hash (registering 100,000
 * users over HTTP would cost ~80 ms of scrypt each). Only the launcher that owns the database does this.
 */
export async function insertUsers(
  databaseUrl: string,
  count: number,
  role: "student" | "proctor" = "student",
): Promise<{ id: string; email: string }[]> {
  const hash = await hashPassword(LOAD_PASSWORD);
  const tag = randomBytes(3).toString("hex");
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  const users: { id: string; email: string }[] = [];
  try {
    for (let from = 1; from <= count; from += 50_000) {
      const to = Math.min(count, from + 49_999);
      const rows = await sql<{ id: string; email: string }[]>`
        insert into users (email, password_hash, full_name, role)
        select 'load-' || ${tag} || '-' || ${role} || '-' || g || '@load.local', ${hash}, 'Load ' || ${role} || ' ' || g, ${role}
        from generate_series(${from}::int, ${to}::int) g
        returning id, email`;
      users.push(...rows);
    }
  } finally {
    await sql.end();
  }
  return users;
}

interface Json {
  status: number;
  body: any;
}

export async function api(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
  token?: string,
): Promise<Json> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers["content-type"] = "application/json";
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${baseUrl}/api/v1${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON
  }
  return { status: res.status, body: parsed };
}

function expect(r: Json, status: number, what: string): any {
  if (r.status !== status)
    throw new FixtureError(`${what}: expected ${status}, got ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

export async function login(baseUrl: string, email: string, password: string): Promise<string> {
  const body = expect(await api(baseUrl, "POST", "/auth/login", { email, password }), 200, `login ${email}`);
  return body.accessToken as string;
}

export interface LoadExam {
  examId: string;
  questionIds: string[];
  durationSeconds: number;
}

/** A published exam of `questions` single-choice questions, made through the admin HTTP API. */
export async function createExam(
  baseUrl: string,
  adminToken: string,
  o: { questions: number; durationSeconds: number; mode: "self_paced" | "live"; title: string },
): Promise<LoadExam> {
  const code = `LOAD${randomBytes(3).toString("hex")}`;
  const subject = expect(
    await api(baseUrl, "POST", "/admin/subjects", { code, name: `Load ${code}` }, adminToken),
    201,
    "create subject",
  ).subject;
  const items = Array.from({ length: o.questions }, (_, i) => ({
    subjectId: subject.id as string,
    kind: "single" as const,
    stem: `Load question ${i + 1}: which option is correct?`,
    options: ["a", "b", "c", "d"].map((id) => ({ id, text: `Option ${id.toUpperCase()}` })),
    correct: [["a", "b", "c", "d"][i % 4]!],
  }));
  const { ids } = expect(
    await api(baseUrl, "POST", "/admin/questions", { items }, adminToken),
    201,
    "create questions",
  );
  const exam = expect(
    await api(
      baseUrl,
      "POST",
      "/admin/exams",
      {
        title: o.title,
        mode: o.mode,
        durationSeconds: o.durationSeconds,
        sections: [{ title: "Load", subjectId: subject.id, questionIds: ids, pointsPerQuestion: 1 }],
        maxAttempts: 100,
      },
      adminToken,
    ),
    201,
    "create exam",
  ).exam;
  expect(
    await api(baseUrl, "POST", `/admin/exams/${exam.id}/publish`, undefined, adminToken),
    200,
    "publish exam",
  );
  return { examId: exam.id as string, questionIds: ids as string[], durationSeconds: o.durationSeconds };
}

export async function createSession(baseUrl: string, token: string, examId: string): Promise<string> {
  return expect(await api(baseUrl, "POST", "/sessions", { examId }, token), 201, "create session").session
    .id as string;
}
