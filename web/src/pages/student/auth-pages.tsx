import { useState, type FormEvent } from "react";
import { ApiError } from "../../api/http.ts";
import { useAuth } from "../../auth/auth-context.tsx";
import { describeError } from "../../components/describe-error.ts";
import { Layout } from "../../components/layout.tsx";
import { useT } from "../../i18n/i18n.tsx";
import { Link, navigate, useSearchParam } from "../../router.tsx";

/** Where to go after signing in: the page that sent us here, or home. */
function useNext(): string {
  const next = useSearchParam("next");
  return next && next.startsWith("/") && !next.startsWith("//") ? next : "/";
}

export function LoginPage() {
  const t = useT();
  const { auth } = useAuth();
  const next = useNext();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    try {
      await auth.login(String(form.get("email")), String(form.get("password")));
      navigate(next, { replace: true });
    } catch (err) {
      setError(describeError(t, err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Layout>
      <form className="card narrow" onSubmit={submit}>
        <h1>{t("auth.loginTitle")}</h1>
        <label>
          {t("auth.email")}
          <input name="email" type="email" autoComplete="email" required />
        </label>
        <label>
          {t("auth.password")}
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        {error && (
          <p role="alert" className="error">
            {error}
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

export function RegisterPage() {
  const t = useT();
  const { auth } = useAuth();
  const next = useNext();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    try {
      await auth.register(
        String(form.get("email")),
        String(form.get("password")),
        String(form.get("fullName")),
      );
      navigate(next, { replace: true });
    } catch (err) {
      setError(
        err instanceof ApiError && err.code === "conflict" ? t("auth.emailTaken") : describeError(t, err),
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <Layout>
      <form className="card narrow" onSubmit={submit}>
        <h1>{t("auth.registerTitle")}</h1>
        <label>
          {t("auth.fullName")}
          <input name="fullName" autoComplete="name" required maxLength={200} />
        </label>
        <label>
          {t("auth.email")}
          <input name="email" type="email" autoComplete="email" required />
        </label>
        <label>
          {t("auth.password")}
          <input name="password" type="password" autoComplete="new-password" required minLength={8} />
        </label>
        {error && (
          <p role="alert" className="error">
            {error}
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
