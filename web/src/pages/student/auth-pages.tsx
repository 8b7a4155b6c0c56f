import { useState, type FormEvent } from "react";
import { ApiError } from "../../api/http.ts";
import { useAuth } from "../../auth/auth-context.tsx";
import { FieldError } from "../../components/form-errors.tsx";
import { Layout } from "../../components/layout.tsx";
import { describeError, type Issue } from "../../i18n/errors.ts";
import { useT } from "../../i18n/i18n.tsx";
import { Link, navigate, useSearchParam } from "../../router.tsx";

/** Where to go after signing in: the page that sent us here, or home. */
export function useNext(): string {
  const next = useSearchParam("next");
  return next && next.startsWith("/") && !next.startsWith("//") ? next : "/";
}

/** Empty required fields as issues, shown under each field in our words (no browser bubbles). */
export function requiredIssues(form: FormData, names: string[]): Issue[] {
  return names
    .filter((n) => String(form.get(n) ?? "").trim() === "")
    .map((n) => ({ code: "too_small", origin: "string", minimum: 1, path: [n] }));
}

export function LoginPage() {
  const t = useT();
  const { auth } = useAuth();
  const next = useNext();
  // The error itself is kept, not its text: switching the language re-translates it.
  const [error, setError] = useState<unknown>(null);
  const [issues, setIssues] = useState<Issue[]>([]);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const missing = requiredIssues(form, ["email", "password"]);
    setIssues(missing);
    setError(null);
    if (missing.length) return;
    setBusy(true);
    try {
      await auth.login(String(form.get("email")).trim(), String(form.get("password")));
      navigate(next, { replace: true });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Layout>
      <form className="card narrow" onSubmit={submit} noValidate>
        <h1>{t("auth.loginTitle")}</h1>
        <label>
          {t("auth.email")}
          <input name="email" type="email" autoComplete="email" aria-describedby="login-email-error" />
          <FieldError issues={issues} path="email" id="login-email-error" />
        </label>
        <label>
          {t("auth.password")}
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            aria-describedby="login-password-error"
          />
          <FieldError issues={issues} path="password" id="login-password-error" />
        </label>
        {error !== null && (
          <p role="alert" className="error" data-testid="login-error">
            {describeError(t, error)}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {t("auth.login")}
        </button>
        <p>
          {t("auth.noAccount")}{" "}
          <Link to={`/register${next !== "/" ? `?next=${encodeURIComponent(next)}` : ""}`}>
            {t("auth.register")}
          </Link>
        </p>
      </form>
    </Layout>
  );
}

/** `true` for the one server answer the register form words itself: the email is taken. */
export function isEmailTaken(err: unknown): boolean {
  return err instanceof ApiError && err.code === "conflict";
}
