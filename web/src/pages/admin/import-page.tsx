import type { BankFormat } from "@imtihon/client-sdk/protocol";
import type { ChangeEvent } from "react";
import { useState } from "react";
import { useAuth } from "../../auth/auth-context.tsx";
import { describeError, describeIssue } from "../../i18n/errors.ts";
import { Layout, Status } from "../../components/layout.tsx";
import { useT, type Translate } from "../../i18n/i18n.tsx";
import { Link } from "../../router.tsx";
import { BankExport, BankUpload, FORMAT_LABELS } from "./bank-transfer.tsx";
import { rowsFromFile, type ImportIssue, type ImportRow } from "./parse-import.ts";
import { useSubjects } from "./subjects.ts";
import { DataTable } from "../../components/data-table.tsx";

function issueText(t: Translate, issue: ImportIssue): string {
  switch (issue.kind) {
    case "schema":
      return describeIssue(t, issue.issue);
    case "subjectMissing":
      return t("import.subjectMissing");
    case "subjectUnknown":
      return t("import.subjectUnknown", { subject: issue.subject });
    case "json":
      return t("import.jsonInvalid", { message: issue.message });
    case "jsonShape":
      return t("import.jsonShape");
    case "notObject":
      return t("import.notObject");
  }
}

/** Uses a seeded subject code (`matematika`), so the example imports as it is. */
const EXAMPLE = "subject,kind,stem,a,b,c,d,correct\nmatematika,single,2 + 2 = ?,3,4,5,6,b";

/**
 * Import questions: CSV or JSON previewed row by row and saved only when every row is valid; a Moodle
 * XML file or a QTI package sent to the server, which saves the valid items and lists the rejected
 * ones. Below, each subject's bank for download in any of the four formats.
 */
export function ImportQuestionsPage() {
  const t = useT();
  const { auth } = useAuth();
  const { subjects, error: subjectsError } = useSubjects();
  const [format, setFormat] = useState<BankFormat>("csv");
  const [subjectId, setSubjectId] = useState("");
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<number | null>(null);
  const [serverError, setServerError] = useState<unknown>(null);

  const rows: ImportRow[] = file ? rowsFromFile(file.name, file.text, subjects, subjectId || undefined) : [];
  const invalid = rows.filter((r) => r.errors.length > 0);

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const f = e.target.files?.[0];
    setSaved(null);
    setServerError(null);
    setFile(f ? { name: f.name, text: await f.text() } : null);
  };

  const save = async () => {
    if (invalid.length || rows.length === 0) return;
    setSaving(true);
    setServerError(null);
    try {
      const items = rows.map((r) => r.value!);
      const res = await auth.api<{ ids: string[] }>("/admin/questions", { method: "POST", body: { items } });
      setSaved(res.ids.length);
      setFile(null);
    } catch (err) {
      setServerError(err);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Layout wide>
      <h1>{t("import.title")}</h1>
      <Status error={subjectsError} />
      <div className="card form-grid">
        <label>
          {t("bank.format")}
          <select value={format} onChange={(e) => setFormat(e.target.value as BankFormat)}>
            {(Object.keys(FORMAT_LABELS) as BankFormat[]).map((f) => (
              <option key={f} value={f}>
                {t(FORMAT_LABELS[f])}
              </option>
            ))}
          </select>
        </label>
      </div>
      {(format === "moodle-xml" || format === "qti") && (
        <BankUpload key={format} format={format} subjects={subjects} />
      )}
      {(format === "csv" || format === "json") && (
        <>
          <div className="card form-grid">
            <label>
              {t("import.defaultSubject")}
              <select value={subjectId} onChange={(e) => setSubjectId(e.target.value)}>
                <option value="">{t("import.subjectFromFile")}</option>
                {subjects.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name} ({s.code})
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t("import.file")}
              <input
                key={saved ?? "file"}
                type="file"
                accept=".csv,.json,text/csv,application/json"
                onChange={(e) => void onFile(e)}
              />
            </label>
            <details>
              <summary>{t("import.formatHelp")}</summary>
              <p>{t("import.formatText")}</p>
              <pre>{EXAMPLE}</pre>
            </details>
          </div>

          {saved !== null && (
            <p role="status" className="ok">
              {t("import.saved", { n: saved })} <Link to="/admin/exams/new">{t("import.buildExam")}</Link>
            </p>
          )}
          {serverError !== null && (
            <p role="alert" className="error">
              {t("import.serverRefused")} {describeError(t, serverError)}
            </p>
          )}

          {file && (
            <section aria-labelledby="preview-title">
              <h2 id="preview-title">{t("import.preview", { name: file.name })}</h2>
              <p role="status" data-testid="import-summary" className={invalid.length ? "error" : "ok"}>
                {invalid.length
                  ? t("import.invalidSummary", { n: rows.length, bad: invalid.length })
                  : t("import.validSummary", { n: rows.length })}
              </p>
              <DataTable
                columns={[
                  t("import.line"),
                  t("import.stem"),
                  t("import.options"),
                  t("import.correct"),
                  t("import.check"),
                ]}
              >
                {rows.map((r) => (
                  <tr key={r.line} className={r.errors.length ? "row-bad" : undefined} data-line={r.line}>
                    <td>{r.line}</td>
                    <td className="clip">{r.stem}</td>
                    <td>{r.value && "options" in r.value ? r.value.options.length : "—"}</td>
                    <td>{r.value && "correct" in r.value ? r.value.correct.join(", ") : "—"}</td>
                    <td>
                      {r.errors.length ? (
                        <ul className="errors">
                          {r.errors.map((issue, i) => (
                            <li key={i}>{issueText(t, issue)}</li>
                          ))}
                        </ul>
                      ) : (
                        <span className="ok">✓</span>
                      )}
                    </td>
                  </tr>
                ))}
              </DataTable>
              <button
                type="button"
                className="primary"
                disabled={saving || invalid.length > 0 || rows.length === 0}
                onClick={() => void save()}
              >
                {t("import.save", { n: rows.length })}
              </button>
              {invalid.length > 0 && <p className="muted">{t("import.nothingSaved")}</p>}
            </section>
          )}
        </>
      )}
      <BankExport subjects={subjects} />
    </Layout>
  );
}
