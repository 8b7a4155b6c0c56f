import type {
  BankFormat,
  ImportQuestionsResponse,
  ImportRejection,
  SubjectDto,
} from "@imtihon/client-sdk/protocol";
import { useState } from "react";
import { downloadFile } from "../../api/http.ts";
import { useAuth } from "../../auth/auth-context.tsx";
import { describeError, describeIssue, type Issue } from "../../i18n/errors.ts";
import { useT, type MessageKey, type Translate } from "../../i18n/i18n.tsx";

/** The bank's file formats as the import page offers them, CSV and JSON first (today's formats). */
export const FORMAT_LABELS: Record<BankFormat, MessageKey> = {
  csv: "bank.formatCsv",
  json: "bank.formatJson",
  "moodle-xml": "bank.formatMoodle",
  qti: "bank.formatQti",
};

/** A rejected item's reason in the user's language, from its code (the server's English as a fallback). */
export function rejectionText(t: Translate, r: ImportRejection): string {
  if (r.code === "invalid")
    return r.issues?.length ? r.issues.map((i) => describeIssue(t, i as Issue)).join("; ") : r.reason;
  if (r.code === "not_yet_supported")
    return r.params?.what === "topics"
      ? t("bank.reason.not_yet_supported.topics", { topic: r.params.topic ?? "" })
      : t("bank.reason.not_yet_supported.images");
  return t(`bank.reason.${r.code}` as MessageKey, r.params);
}

/** A refused file: the reason the server gives in `details[0].reason`, translated. */
export function importErrorText(t: Translate, err: unknown): string {
  const detail = (err as { details?: { reason?: unknown; params?: Record<string, string> }[] } | null)
    ?.details?.[0];
  if (typeof detail?.reason === "string") return t(`bank.file.${detail.reason}` as MessageKey, detail.params);
  return describeError(t, err);
}

/** Upload of a Moodle XML file or a QTI package into a subject; shows what was saved and every rejection. */
export function BankUpload({ format, subjects }: { format: "moodle-xml" | "qti"; subjects: SubjectDto[] }) {
  const t = useT();
  const { auth } = useAuth();
  const [subjectId, setSubjectId] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ImportQuestionsResponse | null>(null);
  const [error, setError] = useState<unknown>(null);

  const upload = async () => {
    if (!file || !subjectId) return;
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      setResult(
        (await auth.http.call("importQuestions", {
          form: { file, format, subjectId },
        })) as ImportQuestionsResponse,
      );
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <div className="card form-grid">
        <label>
          {t("transfer.subject")}
          <select value={subjectId} onChange={(e) => setSubjectId(e.target.value)} required>
            <option value="">{t("bank.chooseSubject")}</option>
            {subjects.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} ({s.code})
              </option>
            ))}
          </select>
        </label>
        <label>
          {t(format === "qti" ? "bank.fileQti" : "bank.fileMoodle")}
          <input
            type="file"
            accept={format === "qti" ? ".zip,application/zip" : ".xml,application/xml,text/xml"}
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setResult(null);
              setError(null);
            }}
          />
        </label>
        <p className="muted">{t(format === "qti" ? "bank.helpQti" : "bank.helpMoodle")}</p>
        <button
          type="button"
          className="primary"
          disabled={busy || !file || !subjectId}
          onClick={() => void upload()}
        >
          {busy ? t("bank.importing") : t("bank.import")}
        </button>
      </div>
      {error !== null && (
        <p role="alert" className="error">
          {t("import.serverRefused")} {importErrorText(t, error)}
        </p>
      )}
      {result && (
        <section aria-labelledby="bank-result-title">
          <p
            role="status"
            id="bank-result-title"
            data-testid="bank-result"
            className={result.rejected.length ? "error" : "ok"}
          >
            {t("bank.result", { imported: result.imported.length, rejected: result.rejected.length })}
          </p>
          {result.rejected.length > 0 && (
            <div className="table-scroll">
              <table className="table" aria-label={t("bank.rejectedTitle")}>
                <thead>
                  <tr>
                    <th scope="col">{t("bank.number")}</th>
                    <th scope="col">{t("bank.name")}</th>
                    <th scope="col">{t("bank.reason")}</th>
                  </tr>
                </thead>
                <tbody>
                  {result.rejected.map((r) => (
                    <tr key={r.index} className="row-bad" data-index={r.index}>
                      <td>{r.index + 1}</td>
                      <td className="clip">{r.name ?? "—"}</td>
                      <td>{rejectionText(t, r)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      )}
    </>
  );
}

/** One download button per subject, in the chosen format. */
export function BankExport({ subjects }: { subjects: SubjectDto[] }) {
  const t = useT();
  const { auth } = useAuth();
  const [format, setFormat] = useState<BankFormat>("moodle-xml");
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const download = async (subjectId: string) => {
    setBusy(subjectId);
    setError(null);
    try {
      const query = new URLSearchParams({ format, subjectId });
      await downloadFile(`/admin/questions/export?${query}`, await auth.getAccessToken());
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  };

  return (
    <section aria-labelledby="bank-export-title" className="card">
      <h2 id="bank-export-title">{t("bank.exportTitle")}</h2>
      <label>
        {t("bank.exportFormat")}
        <select value={format} onChange={(e) => setFormat(e.target.value as BankFormat)}>
          {(Object.keys(FORMAT_LABELS) as BankFormat[]).map((f) => (
            <option key={f} value={f}>
              {t(FORMAT_LABELS[f])}
            </option>
          ))}
        </select>
      </label>
      {error !== null && (
        <p role="alert" className="error">
          {describeError(t, error)}
        </p>
      )}
      <div className="table-scroll">
        <table className="table">
          <tbody>
            {subjects.map((s) => (
              <tr key={s.id}>
                <td>
                  {s.name} ({s.code})
                </td>
                <td>
                  <button
                    type="button"
                    disabled={busy !== null}
                    aria-label={t("bank.exportSubject", { name: s.name })}
                    onClick={() => void download(s.id)}
                  >
                    {t("bank.download")}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
