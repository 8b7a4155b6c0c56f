import {
  createUserBody,
  importStudentsBody,
  type AdminUser,
  type IssuedPassword,
  type Role,
} from "@imtihon/client-sdk/protocol";
import { useState, type FormEvent } from "react";
import { useApi } from "../../api/use-api.ts";
import { useAuth } from "../../auth/auth-context.tsx";
import { ConfirmDialog } from "../../components/confirm-dialog.tsx";
import { check, FieldError } from "../../components/form-errors.tsx";
import { Layout, Status } from "../../components/layout.tsx";
import { describeError, issueText, type Issue } from "../../i18n/errors.ts";
import { formatDateTime } from "../../i18n/format.ts";
import { useI18n, type MessageKey, type Translate } from "../../i18n/i18n.tsx";
import { parseCsv } from "./parse-import.ts";
import { DataTable } from "../../components/data-table.tsx";

const ROLES: Role[] = ["student", "proctor", "admin"];
const roleLabel = (t: Translate, r: Role) => t(`users.role.${r}` as MessageKey);

type Dialog = { kind: "reset" | "disable"; user: AdminUser } | null;

/** Users: search, add one, reset a password, disable or enable, import a school's students. */
export function UsersPage() {
  const { t, lang } = useI18n();
  const { auth, user: me } = useAuth();
  const [q, setQ] = useState("");
  const [role, setRole] = useState<Role | "">("");
  const [applied, setApplied] = useState({ q: "", role: "" });
  const params = new URLSearchParams({ limit: "200" });
  if (applied.q) params.set("q", applied.q);
  if (applied.role) params.set("role", applied.role);
  const users = useApi<{ items: AdminUser[]; total: number }>(`/admin/users?${params}`);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [issued, setIssued] = useState<IssuedPassword | null>(null);
  const [error, setError] = useState<unknown>(null);

  const enable = async (u: AdminUser) => {
    setError(null);
    try {
      await auth.api(`/admin/users/${u.id}/enable`, { method: "POST" });
      users.reload();
    } catch (err) {
      setError(err);
    }
  };

  return (
    <Layout wide>
      <h1>{t("users.title")}</h1>
      <form
        className="card row"
        role="search"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setApplied({ q: q.trim(), role });
        }}
      >
        <label className="grow">
          {t("users.search")}
          <input type="search" value={q} onChange={(e) => setQ(e.target.value)} />
        </label>
        <label>
          {t("field.role")}
          <select value={role} onChange={(e) => setRole(e.target.value as Role | "")}>
            <option value="">{t("users.allRoles")}</option>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {roleLabel(t, r)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t("common.search")}</button>
      </form>
      {issued && (
        <p role="status" className="banner info" data-testid="issued-password">
          {t("users.newPassword", { name: issued.user.fullName, password: issued.password })}
        </p>
      )}
      {error !== null && (
        <p role="alert" className="error">
          {describeError(t, error)}
        </p>
      )}
      <Status loading={users.loading && !users.data} error={users.error} />
      {users.data && <p className="muted">{t("users.total", { count: users.data.total })}</p>}
      <DataTable
        columns={[t("auth.fullName"), t("auth.email"), t("field.role"), t("users.status")]}
        actions={t("adminExams.actions")}
      >
        {users.data?.items.map((u) => (
          <tr key={u.id} data-user={u.email}>
            <th scope="row">{u.fullName}</th>
            <td className="clip">{u.email}</td>
            <td>{roleLabel(t, u.role)}</td>
            <td className={u.disabledAt ? "bad" : undefined}>
              {u.disabledAt
                ? `${t("users.disabled")} · ${formatDateTime(lang, u.disabledAt)}`
                : t("users.active")}
            </td>
            <td className="actions">
              {u.id !== me?.id && (
                <>
                  <button
                    type="button"
                    className="small"
                    aria-label={t("users.resetAria", { name: u.fullName })}
                    onClick={() => setDialog({ kind: "reset", user: u })}
                  >
                    {t("users.resetPassword")}
                  </button>
                  {u.disabledAt ? (
                    <button
                      type="button"
                      className="small"
                      aria-label={t("users.enableAria", { name: u.fullName })}
                      onClick={() => void enable(u)}
                    >
                      {t("users.enable")}
                    </button>
                  ) : (
                    <button
                      type="button"
                      className="small danger"
                      aria-label={t("users.disableAria", { name: u.fullName })}
                      onClick={() => setDialog({ kind: "disable", user: u })}
                    >
                      {t("users.disable")}
                    </button>
                  )}
                </>
              )}
            </td>
          </tr>
        ))}
      </DataTable>
      <CreateUser onCreated={users.reload} />
      <ImportStudents onImported={users.reload} />
      {dialog?.kind === "reset" && (
        <ConfirmDialog
          title={t("users.resetConfirm", { name: dialog.user.fullName })}
          confirmLabel={t("users.resetPassword")}
          danger
          onConfirm={async () =>
            setIssued(
              await auth.api<IssuedPassword>(`/admin/users/${dialog.user.id}/reset-password`, {
                method: "POST",
              }),
            )
          }
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === "disable" && (
        <ConfirmDialog
          title={t("users.disableConfirm", { name: dialog.user.fullName })}
          confirmLabel={t("users.disable")}
          danger
          onConfirm={async () => {
            await auth.api(`/admin/users/${dialog.user.id}/disable`, { method: "POST" });
            users.reload();
          }}
          onClose={() => setDialog(null)}
        />
      )}
    </Layout>
  );
}

function CreateUser({ onCreated }: { onCreated: () => void }) {
  const { t } = useI18n();
  const { auth } = useAuth();
  const [issues, setIssues] = useState<Issue[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const parsed = check(createUserBody, {
      fullName: String(f.get("fullName") ?? ""),
      email: String(f.get("email") ?? "").trim(),
      password: String(f.get("password") ?? ""),
      role: String(f.get("role") ?? ""),
    });
    setIssues(parsed.ok ? [] : parsed.issues);
    setError(null);
    setDone(null);
    if (!parsed.ok) return;
    try {
      await auth.api("/admin/users", { method: "POST", body: parsed.data });
      setDone(parsed.data.fullName);
      form.reset();
      onCreated();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form
      className="card form-grid"
      onSubmit={(e) => void submit(e)}
      noValidate
      aria-labelledby="create-user"
    >
      <h2 id="create-user">{t("users.create")}</h2>
      <label>
        {t("auth.fullName")}
        <input name="fullName" />
        <FieldError issues={issues} path="fullName" id="cu-name" />
      </label>
      <label>
        {t("auth.email")}
        <input name="email" type="email" />
        <FieldError issues={issues} path="email" id="cu-email" />
      </label>
      <label>
        {t("auth.password")}
        <input name="password" type="text" autoComplete="off" />
        <FieldError issues={issues} path="password" id="cu-password" />
      </label>
      <label>
        {t("field.role")}
        <select name="role" defaultValue="student">
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {roleLabel(t, r)}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="primary">
        {t("users.create")}
      </button>
      {done && (
        <p role="status" className="ok">
          {t("users.created", { name: done })}
        </p>
      )}
      {error !== null && (
        <p role="alert" className="error">
          {error && (error as { code?: string }).code === "conflict"
            ? t("auth.emailTaken")
            : describeError(t, error)}
        </p>
      )}
    </form>
  );
}

/** "Full name, email" per line (comma or semicolon, optional header) → the import body. */
export function studentsFromCsv(text: string): { fullName: string; email: string; line: number }[] {
  const { rows, lines } = parseCsv(text);
  const out = rows.map((r, i) => ({
    fullName: (r[0] ?? "").trim(),
    email: (r[1] ?? "").trim(),
    line: lines[i]!,
  }));
  return out.length && !out[0]!.email.includes("@") ? out.slice(1) : out;
}

function ImportStudents({ onImported }: { onImported: () => void }) {
  const { t } = useI18n();
  const { auth } = useAuth();
  const [text, setText] = useState("");
  const [confirming, setConfirming] = useState(false);
  const [sheet, setSheet] = useState<IssuedPassword[] | null>(null);
  const rows = studentsFromCsv(text);
  const parsed = rows.length
    ? check(importStudentsBody, { students: rows.map(({ fullName, email }) => ({ fullName, email })) })
    : null;
  const issues = parsed && !parsed.ok ? parsed.issues : [];
  return (
    <section className="card stack" aria-labelledby="import-students">
      <h2 id="import-students">{t("users.import")}</h2>
      <p className="muted">{t("users.importHelp")}</p>
      <label>
        {t("users.importList")}
        <textarea rows={6} value={text} onChange={(e) => setText(e.target.value)} />
      </label>
      {rows.length > 0 && (
        <p className="muted" data-testid="import-count">
          {t("users.importPreview", { count: rows.length })}
        </p>
      )}
      {issues.length > 0 && (
        <ul className="errors error" data-testid="import-issues">
          {issues.map((i, n) => {
            const row = typeof i.path[1] === "number" ? rows[i.path[1]] : undefined;
            const field = i.path[2] === "email" ? t("auth.email") : t("auth.fullName");
            return (
              <li key={n}>
                {t("users.lineError", {
                  line: String(row?.line ?? "?"),
                  text: `${field}: ${issueText(t, i)}`,
                })}
              </li>
            );
          })}
        </ul>
      )}
      <button type="button" className="primary" disabled={!parsed?.ok} onClick={() => setConfirming(true)}>
        {t("users.importGo")}
      </button>
      {confirming && parsed?.ok && (
        <ConfirmDialog
          title={t("users.importConfirm", { students: t("users.importPreview", { count: rows.length }) })}
          confirmLabel={t("users.importGo")}
          onConfirm={async () => {
            const res = await auth.api<{ items: IssuedPassword[] }>("/admin/users/import", {
              method: "POST",
              body: parsed.data,
            });
            setSheet(res.items);
            setText("");
            onImported();
          }}
          onClose={() => setConfirming(false)}
        />
      )}
      {sheet && <PasswordSheet items={sheet} />}
    </section>
  );
}

/** The printable sheet: one card per student with the sign-in address, email and password. */
function PasswordSheet({ items }: { items: IssuedPassword[] }) {
  const { t } = useI18n();
  const url = `${location.origin}/login`;
  return (
    <div className="print-sheet" data-testid="password-sheet">
      <div className="row no-print">
        <h3>{t("users.sheetTitle")}</h3>
        <button type="button" onClick={() => window.print()}>
          {t("users.print")}
        </button>
      </div>
      <p className="muted">{t("users.sheetHint", { url })}</p>
      <ul className="cards">
        {items.map((i) => (
          <li key={i.user.id} className="card" data-email={i.user.email}>
            <strong>{i.user.fullName}</strong>
            <div>
              {t("auth.email")}: <code>{i.user.email}</code>
            </div>
            <div>
              {t("auth.password")}: <code className="password">{i.password}</code>
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
