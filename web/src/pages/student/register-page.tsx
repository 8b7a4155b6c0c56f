import { registerBody } from "@imtihon/client-sdk/protocol";
import { useState, type FormEvent } from "react";
import { useAuth } from "../../auth/auth-context.tsx";
import { check, FieldError } from "../../components/form-errors.tsx";
import { Layout } from "../../components/layout.tsx";
import { describeError, type Issue } from "../../i18n/errors.ts";
import { useT } from "../../i18n/i18n.tsx";
import { Link, navigate } from "../../router.tsx";
import { isEmailTaken, useNext } from "./auth-pages.tsx";

/**
 * Registration, validated in the page with the protocol's own `registerBody` (a name of spaces, a
 * short password, a bad email are said under their field before anything is sent). Loaded lazily:
 * the schema library stays out of the sign-in page.
 */
export function RegisterPage() {
  const t = useT();
  const { auth } = useAuth();
  const next = useNext();
  const [error, setError] = useState<unknown>(null);
  const [issues, setIssues] = useState<Issue[]>([]);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const parsed = check(registerBody, {
      email: String(form.get("email") ?? "").trim(),
      password: String(form.get("password") ?? ""),
      fullName: String(form.get("fullName") ?? ""),
    });
    setError(null);
    setIssues(parsed.ok ? [] : parsed.issues);
    if (!parsed.ok) return;
    setBusy(true);
    try {
      await auth.register(parsed.data.email, parsed.data.password, parsed.data.fullName);
      navigate(next, { replace: true });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const field = (name: "fullName" | "email" | "password") => ({
    name,
    "aria-invalid": issues.some((i) => i.path[0] === name) || undefined,
    "aria-describedby": `register-${name}-error`,
  });
  return (
    <Layout>
      <form className="card narrow" onSubmit={submit} noValidate>
        <h1>{t("auth.registerTitle")}</h1>
        <label>
          {t("auth.fullName")}
          <input {...field("fullName")} autoComplete="name" />
          <FieldError issues={issues} path="fullName" id="register-fullName-error" />
        </label>
        <label>
          {t("auth.email")}
          <input {...field("email")} type="email" autoComplete="email" />
          <FieldError issues={issues} path="email" id="register-email-error" />
        </label>
        <label>
          {t("auth.password")}
          <input {...field("password")} type="password" autoComplete="new-password" />
          <FieldError issues={issues} path="password" id="register-password-error" />
        </label>
        {error !== null && (
          <p role="alert" className="error">
            {isEmailTaken(error) ? t("auth.emailTaken") : describeError(t, error)}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {t("auth.register")}
        </button>
        <p>
          {t("auth.haveAccount")} <Link to="/login">{t("auth.login")}</Link>
        </p>
      </form>
    </Layout>
  );
}
