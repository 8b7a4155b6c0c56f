import { afterAll, beforeAll, expect, test } from "vitest";
import { createExam, startTestServer, type TestServer } from "@imtihon/testing";
import { createExamClient, createHttpClient, HttpError, type AuthTokens, type TokenStore } from "./index.ts";
import { matchRoute } from "./protocol/index.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

let n = 0;
const newEmail = () => `http-client-${process.pid}-${++n}@test.local`;

/** A fetch that counts refresh calls, to see that concurrent 401s share one refresh. */
function countingFetch() {
  const counts = { refresh: 0 };
  const f: typeof fetch = (input, init) => {
    if (String(input).endsWith("/auth/refresh")) counts.refresh++;
    return fetch(input, init);
  };
  return { counts, fetch: f };
}

test("register, catalogue, an attempt, my attempts and its detail: typed and parsed", async () => {
  const exam = await createExam(server.ctx.db, { review: "full" });
  const seen: (AuthTokens | null)[] = [];
  const http = createHttpClient({ baseUrl: server.url, onTokens: (t) => seen.push(t) });
  const auth = await http.register({ email: newEmail(), password: "password-123", fullName: "Http Client" });
  expect(auth.user.role).toBe("student");
  expect(seen).toHaveLength(1);
  expect(http.accessToken).toBe(auth.accessToken);
  expect((await http.me()).user.id).toBe(auth.user.id);
  const { items } = await http.exams();
  expect(items.map((e) => e.id)).toContain(exam.id);
  expect((await http.exam(exam.id)).sections.length).toBeGreaterThan(0);

  const sockets = createExamClient({ url: server.url, getToken: () => http.accessToken ?? "" });
  try {
    const attempt = await sockets.startAttempt({ examId: exam.id });
    await attempt.save(exam.questions[0]!.id, { choice: exam.questions[0]!.correct });
    await attempt.submit();
    const mine = await http.myAttempts();
    expect(mine.items.map((a) => a.id)).toEqual([attempt.id]);
    const detail = await http.attempt(attempt.id);
    expect(detail.attempt.status).toBe("submitted");
    expect(detail.result?.score).toBe(exam.questions[0]!.points / 100);

    // Another student cannot read it: the id reveals nothing.
    const other = createHttpClient({ baseUrl: server.url });
    await other.register({ email: newEmail(), password: "password-123", fullName: "Other" });
    const err = await other.attempt(attempt.id).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect(err).toMatchObject({ status: 404, code: "not_found" });
  } finally {
    sockets.close();
  }
});

test("a 401 refreshes once, shared by concurrent calls, and the calls go through", async () => {
  const first = createHttpClient({ baseUrl: server.url });
  const auth = await first.register({ email: newEmail(), password: "password-123", fullName: "Refresher" });
  const { counts, fetch } = countingFetch();
  const seen: (AuthTokens | null)[] = [];
  const http = createHttpClient({
    baseUrl: server.url,
    fetch,
    // An access token the server refuses, beside a good refresh token: as after an expiry.
    tokens: { accessToken: "expired.or.forged", refreshToken: auth.refreshToken },
    onTokens: (t) => seen.push(t),
  });
  const [me, dirs, mine] = await Promise.all([http.me(), http.directions(), http.myAttempts()]);
  expect(me.user.id).toBe(auth.user.id);
  expect(Array.isArray(dirs.items)).toBe(true);
  expect(mine.items).toEqual([]);
  expect(counts.refresh).toBe(1);
  expect(seen).toHaveLength(1);
  expect(http.tokens?.refreshToken).not.toBe(auth.refreshToken);
});

test("a refused refresh signs out and the call fails with unauthorized; nothing loops", async () => {
  const { counts, fetch } = countingFetch();
  const seen: (AuthTokens | null)[] = [];
  const http = createHttpClient({
    baseUrl: server.url,
    fetch,
    tokens: { accessToken: "bad", refreshToken: "not-a-refresh-token" },
    onTokens: (t) => seen.push(t),
  });
  await expect(http.me()).rejects.toMatchObject({ status: 401, code: "unauthorized" });
  expect(counts.refresh).toBe(1);
  expect(seen).toEqual([null]);
  expect(http.tokens).toBeNull();
  // Signed out: the next call goes without a token and does not try to refresh again.
  await expect(http.me()).rejects.toMatchObject({ status: 401 });
  expect(counts.refresh).toBe(1);
});

test("logout revokes the refresh token; bad input is the server's 400 with details", async () => {
  const http = createHttpClient({ baseUrl: server.url });
  await http.register({ email: newEmail(), password: "password-123", fullName: "Leaver" });
  const refreshToken = http.tokens!.refreshToken;
  await http.logout();
  expect(http.tokens).toBeNull();
  const again = createHttpClient({ baseUrl: server.url, tokens: { accessToken: "x", refreshToken } });
  expect(await again.refresh()).toBe(false);
  expect(again.tokens).toBeNull();

  const err = await http
    .register({ email: "not-an-email", password: "short", fullName: "" })
    .catch((e: unknown) => e);
  expect(err).toMatchObject({ status: 400, code: "invalid_payload" });
  expect((err as HttpError).details).toBeTruthy();
  await expect(http.exams({ directionId: "not-a-uuid" })).rejects.toMatchObject({ status: 401 });
});

test("a network failure is an HttpError with code network", async () => {
  const http = createHttpClient({ baseUrl: "http://127.0.0.1:9" });
  await expect(http.login({ email: "a@b.c", password: "x" })).rejects.toMatchObject({
    status: 0,
    code: "network",
  });
});

test("calls are typed by the route table (checked by tsc, never run)", () => {
  const typed = (http: ReturnType<typeof createHttpClient>) => {
    void http.call("me");
    void http.call("exams");
    void http.call("exams", { query: { directionId: "x" } });
    void http.call("exam", { params: { id: "x" } });
    // @ts-expect-error a path parameter is required
    void http.call("exam");
    // @ts-expect-error the body is required
    void http.call("login");
    // @ts-expect-error no such route
    void http.call("nope");
  };
  expect(typeof typed).toBe("function");
});

test("callPath: a path of the route table, its parameters and query; an unknown path is refused unsent", async () => {
  const exam = await createExam(server.ctx.db);
  const http = createHttpClient({ baseUrl: server.url });
  await http.register({ email: newEmail(), password: "password-123", fullName: "Path Caller" });
  const detail = (await http.callPath("get", `/exams/${exam.id}`)) as { id: string };
  expect(detail.id).toBe(exam.id);
  const listed = (await http.callPath("get", `/exams?directionId=${exam.id}`)) as { items: unknown[] };
  expect(listed.items).toEqual([]);
  const { counts, fetch } = countingFetch();
  const calls: string[] = [];
  const spy = createHttpClient({
    baseUrl: server.url,
    fetch: (input, init) => (calls.push(String(input)), fetch(input, init)),
  });
  await expect(spy.callPath("get", "/no/such/route")).rejects.toBeInstanceOf(TypeError);
  await expect(spy.callPath("delete", "/exams")).rejects.toBeInstanceOf(TypeError);
  expect(calls).toEqual([]);
  expect(counts.refresh).toBe(0);
});

test("matchRoute prefers a literal segment to a parameter and decodes parameters", () => {
  expect(matchRoute("POST", "/admin/users/import")?.name).toBe("importStudents");
  expect(matchRoute("post", "/admin/users/a%2Fb/disable")).toMatchObject({
    name: "disableUser",
    params: { id: "a/b" },
  });
  expect(matchRoute("GET", "/exams/x/stats?sessionId=y")).toMatchObject({
    name: "examStats",
    params: { id: "x" },
    query: { sessionId: "y" },
  });
  expect(matchRoute("GET", "/exams/x/nope")).toBeUndefined();
});

test("a token store shared by two tabs: one refresh, the other tab takes up the rotated pair", async () => {
  const { counts, fetch } = countingFetch();
  let held: AuthTokens | null = null;
  const store: TokenStore = { get: () => held, set: (t) => void (held = t) };
  const tab1 = createHttpClient({ baseUrl: server.url, fetch, tokenStore: store });
  const tab2 = createHttpClient({ baseUrl: server.url, fetch, tokenStore: store });
  const auth = await tab1.register({ email: newEmail(), password: "password-123", fullName: "Two Tabs" });
  expect(held).toMatchObject({ accessToken: auth.accessToken, refreshToken: auth.refreshToken });
  // The access token is about to expire: the next call refreshes first, once.
  held = { ...held!, expiresAt: Date.now() + 1000 };
  expect((await tab1.me()).user.id).toBe(auth.user.id);
  expect(counts.refresh).toBe(1);
  expect(held!.refreshToken).not.toBe(auth.refreshToken);
  expect(held!.expiresAt! - Date.now()).toBeGreaterThan(60_000);
  // The other tab reads the store: it neither refreshes again nor presents the spent refresh token
  // (which would revoke the whole family and sign both tabs out).
  expect((await tab2.me()).user.id).toBe(auth.user.id);
  expect(await tab2.freshAccessToken()).toBe(held!.accessToken);
  expect(counts.refresh).toBe(1);
  await tab2.logout();
  expect(held).toBeNull();
  await expect(tab1.freshAccessToken()).rejects.toMatchObject({ status: 401, code: "unauthorized" });
});

test("a 429 carries Retry-After as retryAfterSeconds", async () => {
  const http = createHttpClient({ baseUrl: server.url });
  const email = newEmail();
  let err: unknown;
  for (let i = 0; i < 10 && !(err instanceof HttpError && err.status === 429); i++)
    err = await http.login({ email, password: "wrong-password" }).catch((e: unknown) => e);
  expect(err).toMatchObject({ status: 429, code: "rate_limited" });
  expect((err as HttpError).retryAfterSeconds).toBeGreaterThan(0);
});

test("a multipart route: the bank's import takes a file as a form and answers parsed", async () => {
  const http = createHttpClient({ baseUrl: server.url });
  await http.login({ email: "admin@test.local", password: "admin-password-123" });
  const { subject } = await http.call("createSubject", { body: { code: `sdk${n++}`, name: "SDK" } });
  const csv = "kind,stem,a,b,correct\nsingle,2 + 2 = ?,4,5,a\nessay,Yozing,,,";
  const res = await http.call("importQuestions", {
    form: { file: new File([csv], "bank.csv", { type: "text/csv" }), format: "csv", subjectId: subject.id },
  });
  expect(res.imported).toHaveLength(1);
  expect(res.rejected).toEqual([
    expect.objectContaining({ index: 1, code: "invalid", reason: expect.stringContaining("kind") }),
  ]);
});
