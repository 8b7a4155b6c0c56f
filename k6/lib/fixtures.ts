import http from "k6/http";
import { routes, type RouteName } from "./protocol.gen.ts";

// Setup helpers shared by the scripts: the admin creates a published 20-question exam, students
// come from TOKENS_FILE (a JSON array of access tokens) or are registered here.

export const BASE_URL = (__ENV.BASE_URL || "http://127.0.0.1:8080").replace(/\/$/, "");
const JSON_HEADERS = { "Content-Type": "application/json" };

/** A route's full URL, its `:name` parameters filled in. */
export function url(name: RouteName, params: Record<string, string> = {}): string {
  const path = routes[name].path.replace(/:(\w+)/g, (_, key: string) => {
    const value = params[key];
    if (value === undefined) throw new Error(`${name}: missing path parameter ${key}`);
    return encodeURIComponent(value);
  });
  return `${BASE_URL}${path}`;
}

/**
 * One call to a route of the protocol's table (k6/lib/protocol.gen.ts, generated from it): its
 * method and path from the table, and its success status expected, else the setup stops.
 */
function call(
  name: RouteName,
  o: { params?: Record<string, string>; body?: unknown; token?: string } = {},
): any {
  const route = routes[name];
  const headers: Record<string, string> = { ...JSON_HEADERS };
  if (o.token) headers.Authorization = `Bearer ${o.token}`;
  const res = http.request(
    route.method,
    url(name, o.params),
    o.body === undefined ? null : JSON.stringify(o.body),
    { headers },
  );
  let json: any = null;
  try {
    json = res.json();
  } catch {
    // not JSON
  }
  if (res.status !== route.status)
    throw new Error(`${name}: expected ${route.status}, got ${res.status} ${JSON.stringify(json)}`);
  return json;
}

export function login(email: string, password: string): string {
  return call("login", { body: { email, password } }).accessToken as string;
}

/** A published self-paced exam of `questions` single-choice questions (EXAM_ID reuses one instead). */
export function createExam(adminToken: string, questions = 20): { examId: string } {
  if (__ENV.EXAM_ID) return { examId: __ENV.EXAM_ID };
  const code = `K6${Date.now().toString(36)}`;
  const { subject } = call("createSubject", { body: { code, name: `k6 ${code}` }, token: adminToken });
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
  const { ids } = call("createQuestions", { body: { items }, token: adminToken });
  const { exam } = call("createExam", {
    body: {
      title: `k6 ${code}`,
      mode: "self_paced",
      durationSeconds: 4 * 3600,
      sections: [{ title: "k6", subjectId: subject.id, questionIds: ids, pointsPerQuestion: 1 }],
      maxAttempts: 100,
    },
    token: adminToken,
  });
  call("publishExam", { params: { id: exam.id }, token: adminToken });
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
    tokens.push(call("register", { body }).accessToken as string);
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
