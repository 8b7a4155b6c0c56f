import type { ReactNode } from "react";
import { useAuth } from "../auth/auth-context.tsx";
import { describeError } from "../i18n/errors.ts";
import { useI18n } from "../i18n/i18n.tsx";
import { LANGS, type Lang } from "../i18n/messages.ts";
import { LegacyOffer } from "../legacy/legacy-offer.tsx";
import { Link, navigate, usePath } from "../router.tsx";

const LANG_NAMES: Record<Lang, string> = { uz: "Oʻzbekcha", ru: "Русский", en: "English" };

/** Header (brand, role navigation, language, sign out) around every page. */
export function Layout({ children, wide }: { children: ReactNode; wide?: boolean }) {
  const { t, lang, setLang } = useI18n();
  const { auth, user } = useAuth();
  const path = usePath();
  const nav: { to: string; label: string }[] = [];
  if (user) {
    nav.push(
      { to: "/", label: t("nav.catalogue") },
      { to: "/attempts", label: t("nav.myAttempts") },
      { to: "/progress", label: t("nav.progress") },
    );
    nav.push({ to: "/products", label: t("nav.products") }, { to: "/payments", label: t("nav.myPayments") });
    nav.push({ to: "/admission", label: t("nav.admission") });
    if (user.role !== "student") nav.push({ to: "/proctor", label: t("nav.sessions") });
    if (user.role === "admin")
      nav.push(
        { to: "/admin/dashboard", label: t("nav.dashboard") },
        { to: "/admin/import", label: t("nav.import") },
        { to: "/admin/questions", label: t("nav.bank") },
        { to: "/admin/questions/new", label: t("nav.newQuestion") },
        { to: "/admin/exams", label: t("nav.exams") },
        { to: "/admin/products", label: t("nav.adminProducts") },
        { to: "/admin/orders", label: t("nav.adminOrders") },
        { to: "/admin/revenue", label: t("nav.adminRevenue") },
        { to: "/admin/users", label: t("nav.users") },
        { to: "/admin/catalogue", label: t("nav.catalogueAdmin") },
        { to: "/admin/passing-scores", label: t("nav.passingScores") },
      );
  }
  return (
    <div className="app">
      <header className="topbar">
        <Link to="/" className="brand">
          Imtihon
        </Link>
        <nav aria-label={t("nav.label")}>
          {nav.map((n) => (
            <Link key={n.to} to={n.to} aria-current={path === n.to ? "page" : undefined}>
              {n.label}
            </Link>
          ))}
        </nav>
        <div className="topbar-end">
          <label className="lang">
            <span className="sr-only">{t("nav.language")}</span>
            <select
              value={lang}
              onChange={(e) => setLang(e.target.value as Lang)}
              aria-label={t("nav.language")}
            >
              {LANGS.map((l) => (
                <option key={l} value={l}>
                  {LANG_NAMES[l]}
                </option>
              ))}
            </select>
          </label>
          {user && (
            <>
              <span className="who" title={user.email}>
                {user.fullName}
              </span>
              <button
                type="button"
                className="link-button"
                onClick={() => void auth.logout().then(() => navigate("/login"))}
              >
                {t("nav.logout")}
              </button>
            </>
          )}
        </div>
      </header>
      <main className={wide ? "page page-wide" : "page"}>
        {user?.role === "student" && <LegacyOffer />}
        {children}
      </main>
    </div>
  );
}

/**
 * A loading line, an error line, or nothing. An error with a `code` (ApiError, SdkError) is said in
 * the user's language through the one error table; a plain `{ message }` is shown as given.
 */
export function Status({ loading, error }: { loading?: boolean; error?: { message: string } | undefined }) {
  const { t } = useI18n();
  if (error)
    return (
      <p role="alert" className="error">
        {"code" in error ? describeError(t, error) : error.message}
      </p>
    );
  if (loading) return <p className="muted">{t("common.loading")}</p>;
  return null;
}
