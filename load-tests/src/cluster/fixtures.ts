import { createHttpClient, HttpError, type HttpClient } from "@imtihon/client-sdk";
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

/** The SDK's typed client of the protocol's route table, signed in with `token` (no refresh). */
function client(baseUrl: string, token?: string): HttpClient {
  return createHttpClient({ baseUrl, tokens: token ? { accessToken: token, refreshToken: "" } : null });
}

/** Runs one setup call; a refusal names the step that failed. */
async function step<T>(what: string, call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (err) {
    if (!(err instanceof HttpError)) throw err;
    const details = err.details === undefined ? "" : ` ${JSON.stringify(err.details)}`;
    throw new FixtureError(`${what}: ${err.status} ${err.code} ${err.message}${details}`);
  }
}

export async function login(baseUrl: string, email: string, password: string): Promise<string> {
  return (await step(`login ${email}`, client(baseUrl).login({ email, password }))).accessToken;
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
  const http = client(baseUrl, adminToken);
  const code = `LOAD${randomBytes(3).toString("hex")}`;
  const { subject } = await step(
    "create subject",
    http.call("createSubject", { body: { code, name: `Load ${code}` } }),
  );
  const items = Array.from({ length: o.questions }, (_, i) => ({
    subjectId: subject.id,
    kind: "single" as const,
    stem: `Load question ${i + 1}: which option is correct?`,
    options: ["a", "b", "c", "d"].map((id) => ({ id, text: `Option ${id.toUpperCase()}` })),
    correct: [["a", "b", "c", "d"][i % 4]!],
  }));
  const { ids } = await step("create questions", http.call("createQuestions", { body: { items } }));
  const { exam } = await step(
    "create exam",
    http.call("createExam", {
      body: {
        title: o.title,
        mode: o.mode,
        durationSeconds: o.durationSeconds,
        sections: [{ title: "Load", subjectId: subject.id, questionIds: ids, pointsPerQuestion: 1 }],
        maxAttempts: 100,
      },
    }),
  );
  await step("publish exam", http.call("publishExam", { params: { id: exam.id } }));
  return { examId: exam.id, questionIds: ids, durationSeconds: o.durationSeconds };
}

export async function createSession(baseUrl: string, token: string, examId: string): Promise<string> {
  const { session } = await step(
    "create session",
    client(baseUrl, token).call("createSession", { body: { examId } }),
  );
  return session.id;
}
