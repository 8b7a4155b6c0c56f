import type { AdminExam, AuthoringWarning } from "@imtihon/client-sdk/protocol";
import { useState } from "react";
import { useApi } from "../../api/use-api.ts";
import { useAuth } from "../../auth/auth-context.tsx";
import { ConfirmDialog } from "../../components/confirm-dialog.tsx";
import { Layout, Status } from "../../components/layout.tsx";
import { describeError } from "../../i18n/errors.ts";
import { formatDateTime, uzLetters } from "../../i18n/format.ts";
import { useFormatPoints, useI18n, type MessageKey } from "../../i18n/i18n.tsx";
import { Link } from "../../router.tsx";

type ExamRow = Omit<AdminExam, "sections">;
type Action = "publish" | "close" | "unpublish";
type Dialog = { kind: Action; exam: ExamRow } | null;

/** What each policy shows the student, on hover of the list's review column (the builder says it in full). */
const REVIEW_HELP: Record<ExamRow["review"], MessageKey> = {
  none: "builder.reviewHelpNone",
  score: "builder.reviewHelpScore",
  full: "builder.reviewHelpFull",
};

const DIALOG_KEYS: Record<Action, { title: MessageKey; confirm: MessageKey }> = {
  publish: { title: "adminExams.publishConfirm", confirm: "adminExams.publish" },
  close: { title: "adminExams.closeConfirm", confirm: "adminExams.close" },
  unpublish: { title: "adminExams.unpublishConfirm", confirm: "adminExams.unpublish" },
};

const REVIEW_KEYS: Record<ExamRow["review"], MessageKey> = {
  none: "builder.reviewNone",
  score: "builder.reviewScore",
  full: "builder.reviewFull",
};

/**
 * Every exam, drafts included: edit or publish a draft (publishing freezes its questions and lists
 * it), duplicate into a new draft, take a published one back to a draft while nobody has started it,
 * or close it now (results kept). Publish, unpublish and close are confirmed first.
 */
export function AdminExamsPage() {
  const { t, lang } = useI18n();
  const fp = useFormatPoints();
  const { auth } = useAuth();
  const exams = useApi<{ items: ExamRow[] }>("/admin/exams");
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [warning, setWarning] = useState<string | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const duplicate = async (e: ExamRow) => {
    setError(null);
    setNotice(null);
    try {
      const res = await auth.api<{ exam: AdminExam }>(`/admin/exams/${e.id}/duplicate`, { method: "POST" });
      setNotice(t("adminExams.duplicated", { title: res.exam.title }));
      exams.reload();
    } catch (err) {
      setError(err);
    }
  };
  const isClosed = (e: ExamRow) => !!e.closesAt && Date.parse(e.closesAt) <= Date.now();
  return (
    <Layout wide>
      <div className="row">
        <h1>{t("adminExams.title")}</h1>
        <Link to="/admin/exams/new" className="button primary">
          {t("adminExams.new")}
        </Link>
      </div>
      <p className="muted" data-testid="exam-rules">
        {t("adminExams.rules")}
      </p>
      <Status loading={exams.loading && !exams.data} error={exams.error} />
      {notice && (
        <p role="status" className="ok">
          {notice}
        </p>
      )}
      {warning && (
        <p role="status" className="warn" data-testid="key-shared">
          {warning}
        </p>
      )}
      {error !== null && (
        <p role="alert" className="error">
          {describeError(t, error)}
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
              <th scope="col">{t("adminExams.window")}</th>
              <th scope="col">{t("adminExams.attempts")}</th>
              <th scope="col">{t("builder.review")}</th>
              <th scope="col">{t("adminExams.status")}</th>
              <th scope="col">
                <span className="sr-only">{t("adminExams.actions")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {exams.data?.items.map((e) => (
              <tr key={e.id} data-exam={e.title}>
                <th scope="row">{uzLetters(e.title)}</th>
                <td>{e.mode === "live" ? t("builder.live") : t("builder.selfPaced")}</td>
                <td>{e.questionCount}</td>
                <td>{fp(e.maxScore)}</td>
                <td className="muted">
                  {e.opensAt ? formatDateTime(lang, e.opensAt) : "—"} →{" "}
                  {e.closesAt ? formatDateTime(lang, e.closesAt) : "—"}
                </td>
                <td>{e.maxAttempts ?? t("adminExams.unlimited")}</td>
                <td title={t(REVIEW_HELP[e.review])}>{t(REVIEW_KEYS[e.review])}</td>
                <td data-testid="exam-status">
                  {e.status === "draft"
                    ? t("adminExams.draft")
                    : isClosed(e)
                      ? t("adminExams.closed")
                      : t("adminExams.published")}
                </td>
                <td className="actions">
                  {e.status === "draft" ? (
                    <>
                      <Link
                        to={`/admin/exams/${e.id}/edit`}
                        className="button small"
                        aria-label={t("adminExams.editAria", { title: e.title })}
                      >
                        {t("adminExams.edit")}
                      </Link>{" "}
                      <button
                        type="button"
                        className="small primary"
                        aria-label={t("adminExams.publishAria", { title: e.title })}
                        onClick={() => setDialog({ kind: "publish", exam: e })}
                      >
                        {t("adminExams.publish")}
                      </button>
                    </>
                  ) : (
                    <>
                      <Link to={`/proctor/exams/${e.id}/stats`}>{t("adminExams.stats")}</Link>{" "}
                      {!isClosed(e) && (
                        <button
                          type="button"
                          className="small"
                          aria-label={t("adminExams.unpublishAria", { title: e.title })}
                          onClick={() => setDialog({ kind: "unpublish", exam: e })}
                        >
                          {t("adminExams.unpublish")}
                        </button>
                      )}{" "}
                      {!isClosed(e) && (
                        <button
                          type="button"
                          className="small danger"
                          aria-label={t("adminExams.closeAria", { title: e.title })}
                          onClick={() => setDialog({ kind: "close", exam: e })}
                        >
                          {t("adminExams.close")}
                        </button>
                      )}
                    </>
                  )}{" "}
                  <button
                    type="button"
                    className="small"
                    aria-label={t("adminExams.duplicateAria", { title: e.title })}
                    onClick={() => void duplicate(e)}
                  >
                    {t("adminExams.duplicate")}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {dialog && (
        <ConfirmDialog
          title={t(DIALOG_KEYS[dialog.kind].title, { title: uzLetters(dialog.exam.title) })}
          confirmLabel={t(DIALOG_KEYS[dialog.kind].confirm)}
          danger={dialog.kind === "close"}
          onConfirm={async () => {
            setNotice(null);
            setWarning(null);
            const res = await auth.api<{ warnings?: AuthoringWarning[] }>(
              `/admin/exams/${dialog.exam.id}/${dialog.kind}`,
              { method: "POST" },
            );
            const shared = res.warnings?.find((w) => w.code === "key_shared_with_open_exam");
            if (shared) setWarning(t("adminExams.keyShared", { count: shared.examIds.length }));
            exams.reload();
          }}
          onClose={() => setDialog(null)}
        />
      )}
    </Layout>
  );
}
