import {
  adminUsersResponse,
  importStudentsResponse,
  resetPasswordResponse,
} from "@imtihon/client-sdk/protocol";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ADMIN,
  apiClient,
  loginAs,
  newStudent,
  newUser,
  startTestServer,
  type TestServer,
} from "@imtihon/testing";

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

describe("admin console: users", () => {
  it("lists and searches users by name or email and role, with the total; 400 for a bad query", async () => {
    const tag = randomBytes(3).toString("hex");
    const a = await newStudent(api, `Qidiruv${tag}`);
    const proctor = await newUser(api, admin, "proctor");
    const byName = adminUsersResponse.parse((await api.get(`/admin/users?q=qidiruv${tag}`, admin)).body);
    expect(byName.items.map((u) => u.email)).toEqual([a.email.toLowerCase()]);
    expect(byName.total).toBe(1);
    expect(byName.items[0]).toMatchObject({
      fullName: `Talaba Qidiruv${tag}`,
      role: "student",
      disabledAt: null,
    });
    const byEmail = (await api.get(`/admin/users?q=${encodeURIComponent(proctor.email)}`, admin)).body;
    expect(byEmail.items).toHaveLength(1);
    const proctors = (await api.get("/admin/users?role=proctor&limit=500", admin)).body;
    expect(proctors.items.every((u: { role: string }) => u.role === "proctor")).toBe(true);
    // LIKE wildcards are literal: "%" matches nobody's name.
    expect((await api.get(`/admin/users?q=${encodeURIComponent("%")}`, admin)).body.total).toBe(0);
    for (const q of ["role=king", "limit=0", "limit=9999", "other=1"])
      expect((await api.get(`/admin/users?${q}`, admin)).status).toBe(400);
  });

  it("imports a school's students all or nothing, each with a first-time password that signs in", async () => {
    const tag = randomBytes(3).toString("hex");
    const students = Array.from({ length: 5 }, (_, i) => ({
      fullName: `Oʻquvchi ${i + 1}`,
      email: `maktab-${tag}-${i}@example.uz`,
    }));
    const res = await api.post("/admin/users/import", { students }, admin);
    expect(res.status).toBe(201);
    const { items } = importStudentsResponse.parse(res.body);
    expect(items.map((i) => i.user.email)).toEqual(students.map((s) => s.email));
    expect(new Set(items.map((i) => i.password)).size).toBe(5);
    const login = await api.post("/auth/login", { email: students[3]!.email, password: items[3]!.password });
    expect(login.status).toBe(200);
    expect(login.body.user.role).toBe("student");

    // One taken email refuses the whole batch and names it; nothing of the new rows is created.
    const again = [
      { fullName: "Yangi", email: `yangi-${tag}@example.uz` },
      { fullName: "Eski", email: students[0]!.email.toUpperCase() },
    ];
    const clash = await api.post("/admin/users/import", { students: again }, admin);
    expect(clash.status).toBe(409);
    expect(clash.body.error.details).toEqual({ reason: "emails_taken", emails: [students[0]!.email] });
    expect((await api.get(`/admin/users?q=yangi-${tag}`, admin)).body.total).toBe(0);

    for (const body of [
      { students: [] },
      { students: [{ fullName: "  ", email: `x-${tag}@example.uz` }] },
      { students: [{ fullName: "A", email: "not-an-email" }] },
      {
        students: [
          { fullName: "A", email: `dup-${tag}@example.uz` },
          { fullName: "B", email: `DUP-${tag}@example.uz` },
        ],
      },
      { students: [{ fullName: "A", email: `r-${tag}@example.uz`, role: "admin" }] },
    ]) {
      const r = await api.post("/admin/users/import", body, admin);
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe("invalid_payload");
    }
    expect((await api.get(`/admin/users?q=${tag}@example.uz`, admin)).body.total).toBe(0);
  });

  it("resets a password: the old one and every session stop working, the new one signs in; enable after disable", async () => {
    const s = await newStudent(api, "reset");
    const res = await api.post(`/admin/users/${s.id}/reset-password`, undefined, admin);
    expect(res.status).toBe(200);
    const { password, user } = resetPasswordResponse.parse(res.body);
    expect(user.id).toBe(s.id);
    expect((await api.get("/me", s.token)).status).toBe(401);
    expect((await api.post("/auth/refresh", { refreshToken: s.refreshToken })).status).toBe(401);
    expect((await api.post("/auth/login", { email: s.email, password: s.password })).status).toBe(401);
    expect((await api.post("/auth/login", { email: s.email, password })).status).toBe(200);

    expect((await api.post(`/admin/users/${s.id}/disable`, undefined, admin)).status).toBe(200);
    expect((await api.post("/auth/login", { email: s.email, password })).status).toBe(401);
    const enabled = await api.post(`/admin/users/${s.id}/enable`, undefined, admin);
    expect(enabled.status).toBe(200);
    expect(enabled.body.user.disabledAt).toBeNull();
    expect((await api.post("/auth/login", { email: s.email, password })).status).toBe(200);

    const me = (await api.get("/me", admin)).body.user.id as string;
    expect((await api.post(`/admin/users/${me}/reset-password`, undefined, admin)).status).toBe(409);
    const missing = "00000000-0000-4000-8000-000000000000";
    expect((await api.post(`/admin/users/${missing}/reset-password`, undefined, admin)).status).toBe(404);
    expect((await api.post(`/admin/users/${missing}/enable`, undefined, admin)).status).toBe(404);
    expect((await api.post(`/admin/users/nope/reset-password`, undefined, admin)).status).toBe(404);
  });

  it("is for admins only: 403 for a proctor or student, 401 without a token; nothing changes", async () => {
    const proctor = await newUser(api, admin, "proctor");
    const student = await newStudent(api, "not-admin");
    for (const token of [proctor.token, student.token]) {
      expect((await api.get("/admin/users", token)).status).toBe(403);
      const imp = await api.post(
        "/admin/users/import",
        { students: [{ fullName: "X", email: `forbidden-${randomBytes(3).toString("hex")}@example.uz` }] },
        token,
      );
      expect(imp.status).toBe(403);
      expect((await api.post(`/admin/users/${student.id}/reset-password`, undefined, token)).status).toBe(
        403,
      );
      expect((await api.post(`/admin/users/${student.id}/enable`, undefined, token)).status).toBe(403);
    }
    expect((await api.get("/admin/users")).status).toBe(401);
    expect((await api.post("/auth/login", { email: student.email, password: student.password })).status).toBe(
      200,
    );
  });
});
