import type { AdminExam } from "@imtihon/client-sdk/protocol";
import { useState } from "react";
import { useApi } from "../../api/use-api.ts";
import { useAuth } from "../../auth/auth-context.tsx";
import { describeError } from "../../components/describe-error.ts";
import { Layout, Status } from "../../components/layout.tsx";
import { useFormatPoints, useT } from "../../i18n/i18n.tsx";
import { Link } from "../../router.tsx";

type ExamRow = Omit<AdminExam, "sections">;

/** Every exam, drafts included; publish freezes a draft's questions and lists it in the catalogue. */
export function AdminExamsPage() {
  const t = useT();
  const fp = useFormatPoints();
  const { auth } = useAuth();
  const exams = useApi<{ items: ExamRow[] }>("/admin/exams");
  const [error, setError] = useState<string | null>(null);
  const publish = async (id: string) => {
    setError(null);
    try {
      await auth.api(`/admin/exams/${id}/publish`, { method: "POST" });
      exams.reload();
    } catch (err) {
      setError(describeError(t, err));
    }
  };
  return (
    <Layout wide>
      <div className="row">
        <h1>{t("adminExams.title")}</h1>
        <Link to="/admin/exams/new" className="button primary">
          {t("adminExams.new")}
        </Link>
      </div>
      <Status loading={exams.loading && !exams.data} error={exams.error} />
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="table-scroll">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t("adminExams.exam")}</th>
              <th scope="col">{t("builder.mode")}</th>
              <th scope="col">{t("adminExams.questions")}</th>
              <th scope="col">{t("adminExams.maxScore")}</th>
              <th scope="col">{t("adminExams.status")}</th>
              <th scope="col">
                <span className="sr-only">{t("adminExams.actions")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {exams.data?.items.map((e) => (
              <tr key={e.id} data-exam={e.title}>
                <th scope="row">{e.title}</th>
                <td>{e.mode === "live" ? t("builder.live") : t("builder.selfPaced")}</td>
                <td>{e.questionCount}</td>
                <td>{fp(e.maxScore)}</td>
                <td>{e.status === "published" ? t("adminExams.published") : t("adminExams.draft")}</td>
                <td className="actions">
                  {e.status === "draft" ? (
                    <button type="button" className="primary" onClick={() => void publish(e.id)}>
                      {t("adminExams.publish")}
                    </button>
                  ) : (
                    <Link to={`/proctor/exams/${e.id}/stats`}>{t("adminExams.stats")}</Link>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}
