import type { Role } from "@imtihon/client-sdk/protocol";
import { lazy, Suspense, useEffect, type ReactNode } from "react";
import { useAuth } from "./auth/auth-context.tsx";
import { Layout } from "./components/layout.tsx";
import { useT } from "./i18n/i18n.tsx";
import { MyAttemptsPage, ResultPage } from "./pages/student/attempts-pages.tsx";
import { LoginPage } from "./pages/student/auth-pages.tsx";
import { MyPaymentsPage } from "./pages/payments/my-payments-page.tsx";
import { OrderPage } from "./pages/payments/order-page.tsx";
import { ProductsPage } from "./pages/payments/products-page.tsx";
import { CataloguePage } from "./pages/student/catalogue-page.tsx";
import { match, navigate, usePath } from "./router.tsx";

// Loaded on first use: students' phones never download the authoring code (and zod).
const RegisterPage = lazy(() =>
  import("./pages/student/register-page.tsx").then((m) => ({ default: m.RegisterPage })),
);
const ExamStartPage = lazy(() =>
  import("./exam-room/start-page.tsx").then((m) => ({ default: m.ExamStartPage })),
);
const ImportQuestionsPage = lazy(() =>
  import("./pages/admin/import-page.tsx").then((m) => ({ default: m.ImportQuestionsPage })),
);
const QuestionEditorPage = lazy(() =>
  import("./pages/admin/question-editor-page.tsx").then((m) => ({ default: m.QuestionEditorPage })),
);
const AdminExamsPage = lazy(() =>
  import("./pages/admin/admin-exams-page.tsx").then((m) => ({ default: m.AdminExamsPage })),
);
const ExamBuilderPage = lazy(() =>
  import("./pages/admin/exam-builder-page.tsx").then((m) => ({ default: m.ExamBuilderPage })),
);
const EditExamPage = lazy(() =>
  import("./pages/admin/exam-builder-page.tsx").then((m) => ({ default: m.EditExamPage })),
);
const BankPage = lazy(() => import("./pages/admin/bank-page.tsx").then((m) => ({ default: m.BankPage })));
const UsersPage = lazy(() => import("./pages/admin/users-page.tsx").then((m) => ({ default: m.UsersPage })));
const CatalogueAdminPage = lazy(() =>
  import("./pages/admin/catalogue-admin-page.tsx").then((m) => ({ default: m.CatalogueAdminPage })),
);
const SessionsPage = lazy(() =>
  import("./pages/proctor/sessions-page.tsx").then((m) => ({ default: m.SessionsPage })),
);
const ExamStatsPage = lazy(() =>
  import("./pages/proctor/stats-page.tsx").then((m) => ({ default: m.ExamStatsPage })),
);
const AdminProductsPage = lazy(() =>
  import("./pages/admin/admin-products-page.tsx").then((m) => ({ default: m.AdminProductsPage })),
);
const AdminOrdersPage = lazy(() =>
  import("./pages/admin/admin-orders-page.tsx").then((m) => ({ default: m.AdminOrdersPage })),
);
const AdminRevenuePage = lazy(() =>
  import("./pages/admin/admin-revenue-page.tsx").then((m) => ({ default: m.AdminRevenuePage })),
);
const AdmissionPage = lazy(() =>
  import("./pages/insights/admission-page.tsx").then((m) => ({ default: m.AdmissionPage })),
);
const PassingScoresPage = lazy(() =>
  import("./pages/insights/passing-scores-page.tsx").then((m) => ({ default: m.PassingScoresPage })),
);
const ProgressPage = lazy(() =>
  import("./pages/student/progress-page.tsx").then((m) => ({ default: m.ProgressPage })),
);
const DashboardPage = lazy(() =>
  import("./pages/admin/dashboard-page.tsx").then((m) => ({ default: m.DashboardPage })),
);
const ExamRoom = lazy(() => import("./sdk-pages.tsx").then((m) => ({ default: m.ExamRoom })));
const ProctorSession = lazy(() => import("./sdk-pages.tsx").then((m) => ({ default: m.ProctorSession })));

interface Route {
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
  { pattern: "/progress", render: () => <ProgressPage /> },
  { pattern: "/exam/:examId", render: (p) => <ExamStartPage examId={p.examId!} /> },
  { pattern: "/join/:sessionId", render: (p) => <ExamRoom target={{ sessionId: p.sessionId! }} /> },
  { pattern: "/proctor", roles: STAFF, render: () => <SessionsPage /> },
  { pattern: "/proctor/sessions/:id", roles: STAFF, render: (p) => <ProctorSession sessionId={p.id!} /> },
  { pattern: "/proctor/exams/:id/stats", roles: STAFF, render: (p) => <ExamStatsPage examId={p.id!} /> },
  { pattern: "/admin/import", roles: ADMIN, render: () => <ImportQuestionsPage /> },
  { pattern: "/admin/questions", roles: ADMIN, render: () => <BankPage /> },
  { pattern: "/admin/questions/new", roles: ADMIN, render: () => <QuestionEditorPage /> },
  { pattern: "/admin/exams", roles: ADMIN, render: () => <AdminExamsPage /> },
  { pattern: "/admin/exams/new", roles: ADMIN, render: () => <ExamBuilderPage /> },
  { pattern: "/admin/exams/:id/edit", roles: ADMIN, render: (p) => <EditExamPage examId={p.id!} /> },
  { pattern: "/products", render: () => <ProductsPage /> },
  { pattern: "/payments", render: () => <MyPaymentsPage /> },
  { pattern: "/payments/orders/:id", render: (p) => <OrderPage orderId={p.id!} /> },
  { pattern: "/admin/products", roles: ADMIN, render: () => <AdminProductsPage /> },
  { pattern: "/admin/orders", roles: ADMIN, render: () => <AdminOrdersPage /> },
  { pattern: "/admin/revenue", roles: ADMIN, render: () => <AdminRevenuePage /> },
  { pattern: "/admin/dashboard", roles: ADMIN, render: () => <DashboardPage /> },
  { pattern: "/admin/users", roles: ADMIN, render: () => <UsersPage /> },
  { pattern: "/admin/catalogue", roles: ADMIN, render: () => <CatalogueAdminPage /> },
  { pattern: "/admission", render: () => <AdmissionPage /> },
  { pattern: "/admin/passing-scores", roles: ADMIN, render: () => <PassingScoresPage /> },
];

function Loading() {
  const t = useT();
  return (
    <Layout>
      <p className="muted">{t("common.loading")}</p>
    </Layout>
  );
}

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
  if (path === "/register")
    return (
      <Suspense fallback={<Loading />}>
        <RegisterPage />
      </Suspense>
    );
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
    return <Suspense fallback={<Loading />}>{r.render(params)}</Suspense>;
  }
  return (
    <Layout>
      <h1>{t("error.notFound")}</h1>
    </Layout>
  );
}
