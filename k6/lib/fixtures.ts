import http from "k6/http";

// Setup helpers shared by the scripts: the admin creates a published 20-question exam, students
// come from TOKENS_FILE (a JSON array of access tokens) or are registered here.

export const BASE_URL = (__ENV.BASE_URL || "http://127.0.0.1:8080").replace(/\/$/, "");
const JSON_HEADERS = { "Content-Type": "application/json" };

function call(
  method: "POST" | "GET",
  path: string,
  body: unknown,
  token?: string,
): { status: number; json: any } {
  const headers: Record<string, string> = { ...JSON_HEADERS };
  if (token) headers.Authorization = `Bearer ${token}`;
  const res = http.request(
    method,
    `${BASE_URL}/api/v1${path}`,
    body === undefined ? null : JSON.stringify(body),
    {
      headers,
    },
  );
  let json: any = null;
  try {
    json = res.json();
  } catch {
    // not JSON
  }
  return { status: res.status, json };
}

function must(r: { status: number; json: any }, status: number, what: string): any {
  if (r.status !== status)
    throw new Error(`${what}: expected ${status}, got ${r.status} ${JSON.stringify(r.json)}`);
  return r.json;
}

export function login(email: string, password: string): string {
  return must(call("POST", "/auth/login", { email, password }), 200, `login ${email}`).accessToken as string;
}

/** A published self-paced exam of `questions` single-choice questions (EXAM_ID reuses one instead). */
export function createExam(adminToken: string, questions = 20): { examId: string } {
  if (__ENV.EXAM_ID) return { examId: __ENV.EXAM_ID };
  const code = `K6${Date.now().toString(36)}`;
  const subject = must(
    call("POST", "/admin/subjects", { code, name: `k6 ${code}` }, adminToken),
    201,
    "subject",
  ).subject;
  const items = [];
  for (let i = 0; i < questions; i++) {
    items.push({
      subjectId: subject.id,
      kind: "single",
      stem: `k6 question ${i + 1}`,
      options: ["a", "b", "c", "d"].map((id) => ({ id, text: id.toUpperCase() })),
      correct: [["a", "b", "c", "d"][i % 4]],
    });
  }
  const { ids } = must(call("POST", "/admin/questions", { items }, adminToken), 201, "questions");
  const exam = must(
    call(
      "POST",
      "/admin/exams",
      {
        title: `k6 ${code}`,
        mode: "self_paced",
        durationSeconds: 4 * 3600,
        sections: [{ title: "k6", subjectId: subject.id, questionIds: ids, pointsPerQuestion: 1 }],
        maxAttempts: 100,
      },
      adminToken,
    ),
    201,
    "exam",
  ).exam;
  must(call("POST", `/admin/exams/${exam.id}/publish`, undefined, adminToken), 200, "publish");
  return { examId: exam.id as string };
}

/**
 * `count` student access tokens: from TOKENS_FILE when given (the only way past the per-IP
 * registration limit of 300 an hour), otherwise registered here.
 */
export function studentTokens(count: number, tokensFile: string | undefined): string[] {
  if (tokensFile) {
    const tokens = JSON.parse(tokensFile) as string[];
    if (tokens.length < count) throw new Error(`TOKENS_FILE has ${tokens.length} tokens, need ${count}`);
    return tokens.slice(0, count);
  }
  const run = Date.now().toString(36);
  const tokens: string[] = [];
  for (let i = 0; i < count; i++) {
    const body = {
      email: `k6-${run}-${i}@load.local`,
      password: "k6-password-123",
      fullName: `k6 student ${i}`,
    };
    tokens.push(must(call("POST", "/auth/register", body), 201, "register").accessToken as string);
  }
  return tokens;
}

export function adminToken(): string {
  const email = __ENV.ADMIN_EMAIL;
  const password = __ENV.ADMIN_PASSWORD;
  if (!email || !password)
    throw new Error("set ADMIN_EMAIL and ADMIN_PASSWORD (the cluster's bootstrap admin)");
  return login(email, password);
}
