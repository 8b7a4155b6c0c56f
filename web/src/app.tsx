import { useEffect, type ReactNode } from "react";
import { useAuth } from "./auth/auth-context.tsx";
import { Layout } from "./components/layout.tsx";
import { useT } from "./i18n/i18n.tsx";
import { AdminExamsPage } from "./pages/admin/admin-exams-page.tsx";
import { ExamBuilderPage } from "./pages/admin/exam-builder-page.tsx";
import { ImportQuestionsPage } from "./pages/admin/import-page.tsx";
import { SessionsPage } from "./pages/proctor/sessions-page.tsx";
import { ExamStatsPage } from "./pages/proctor/stats-page.tsx";
import { MyAttemptsPage, ResultPage } from "./pages/student/attempts-pages.tsx";
import { LoginPage, RegisterPage } from "./pages/student/auth-pages.tsx";
import { CataloguePage } from "./pages/student/catalogue-page.tsx";
import { match, navigate, usePath } from "./router.tsx";
import { sdkRoutes } from "./sdk-routes.tsx";
import type { Role } from "@imtihon/client-sdk/protocol";

export interface Route {
  pattern: string;
  roles?: Role[];
  render: (params: Record<string, string>) => ReactNode;
}

const STAFF: Role[] = ["proctor", "admin"];
const ADMIN: Role[] = ["admin"];

const routes: Route[] = [
  { pattern: "/", render: () => <CataloguePage /> },
  { pattern: "/attempts", render: () => <MyAttemptsPage /> },
  { pattern: "/attempts/:id", render: (p) => <ResultPage attemptId={p.id!} /> },
  { pattern: "/proctor", roles: STAFF, render: () => <SessionsPage /> },
  { pattern: "/proctor/exams/:id/stats", roles: STAFF, render: (p) => <ExamStatsPage examId={p.id!} /> },
  { pattern: "/admin/import", roles: ADMIN, render: () => <ImportQuestionsPage /> },
  { pattern: "/admin/exams", roles: ADMIN, render: () => <AdminExamsPage /> },
  { pattern: "/admin/exams/new", roles: ADMIN, render: () => <ExamBuilderPage /> },
  ...sdkRoutes,
];

/** Picks the page for the current path; signed-out visitors go to /login and come back after. */
export function App() {
  const t = useT();
  const path = usePath();
  const { user } = useAuth();
  const publicPage = path === "/login" || path === "/register";
  useEffect(() => {
    if (!user && !publicPage)
      navigate(`/login?next=${encodeURIComponent(path + location.search)}`, { replace: true });
  }, [user, publicPage, path]);
  if (path === "/login") return <LoginPage />;
  if (path === "/register") return <RegisterPage />;
  if (!user) return null;
  for (const r of routes) {
    const params = match(r.pattern, path);
    if (!params) continue;
    if (r.roles && !r.roles.includes(user.role))
      return (
        <Layout>
          <p role="alert">{t("error.forbidden")}</p>
        </Layout>
      );
    return <>{r.render(params)}</>;
  }
  return (
    <Layout>
      <h1>{t("error.notFound")}</h1>
    </Layout>
  );
}
