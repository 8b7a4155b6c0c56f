import { randomBytes } from "node:crypto";
import type { apiClient } from "./http.ts";

/** Helpers shared by the HTTP tests: users and a small catalogue made through the API itself. */
type Api = ReturnType<typeof apiClient>;

export const ADMIN = { email: "admin@test.local", password: "admin-password-123" };

export async function loginAs(api: Api, email: string, password: string): Promise<string> {
  const res = await api.post("/auth/login", { email, password });
  if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${res.text}`);
  return res.body.accessToken as string;
}

export const uniqueEmail = (tag: string) => `${tag}-${randomBytes(4).toString("hex")}@example.uz`;

export async function newStudent(api: Api, tag = "student") {
  const email = uniqueEmail(tag);
  const password = "student-password-1";
  const res = await api.post("/auth/register", { email, password, fullName: `Talaba ${tag}` });
  if (res.status !== 201) throw new Error(`register: ${res.status} ${res.text}`);
  return {
    email,
    password,
    token: res.body.accessToken as string,
    refreshToken: res.body.refreshToken as string,
    id: res.body.user.id as string,
  };
}

export async function newUser(api: Api, adminToken: string, role: "student" | "proctor" | "admin") {
  const email = uniqueEmail(role);
  const password = `${role}-password-1`;
  const res = await api.post("/admin/users", { email, password, fullName: `User ${role}`, role }, adminToken);
  if (res.status !== 201) throw new Error(`create user: ${res.status} ${res.text}`);
  return { email, password, id: res.body.user.id as string, token: await loginAs(api, email, password) };
}

/** A subject with `count` single-choice questions (option "a" correct). */
export async function newSubjectWithQuestions(api: Api, adminToken: string, count: number) {
  const code = `s${randomBytes(4).toString("hex")}`;
  const s = await api.post("/admin/subjects", { code, name: `Fan ${code}` }, adminToken);
  if (s.status !== 201) throw new Error(`subject: ${s.status} ${s.text}`);
  const subjectId = s.body.subject.id as string;
  const items = Array.from({ length: count }, (_, i) => ({
    subjectId,
    kind: "single",
    stem: `${i + 1} + 1 = ?`,
    options: [
      { id: "a", text: String(i + 2) },
      { id: "b", text: String(i + 3) },
    ],
    correct: ["a"],
  }));
  const q = await api.post("/admin/questions", { items }, adminToken);
  if (q.status !== 201) throw new Error(`questions: ${q.status} ${q.text}`);
  return { subjectId, questionIds: q.body.ids as string[] };
}

/** A direction and an exam over a fresh subject; published unless `draft`. */
export async function newExam(
  api: Api,
  adminToken: string,
  options: { mode?: "self_paced" | "live"; draft?: boolean; questions?: number; points?: number } = {},
) {
  const { subjectId, questionIds } = await newSubjectWithQuestions(api, adminToken, options.questions ?? 3);
  const code = `d${randomBytes(4).toString("hex")}`;
  const d = await api.post(
    "/admin/directions",
    { code, name: `Yo'nalish ${code}`, subjectIds: [subjectId] },
    adminToken,
  );
  if (d.status !== 201) throw new Error(`direction: ${d.status} ${d.text}`);
  const directionId = d.body.direction.id as string;
  const e = await api.post(
    "/admin/exams",
    {
      title: `Imtihon ${code}`,
      directionId,
      mode: options.mode ?? "self_paced",
      durationSeconds: 600,
      sections: [{ title: "Fan", subjectId, questionIds, pointsPerQuestion: options.points ?? 1.1 }],
    },
    adminToken,
  );
  if (e.status !== 201) throw new Error(`exam: ${e.status} ${e.text}`);
  const examId = e.body.exam.id as string;
  if (!options.draft) {
    const p = await api.post(`/admin/exams/${examId}/publish`, undefined, adminToken);
    if (p.status !== 200) throw new Error(`publish: ${p.status} ${p.text}`);
  }
  return { examId, directionId, subjectId, questionIds };
}
