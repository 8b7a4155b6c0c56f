import type { DirectionDto, ImportPassingScoresResult, PassingScore } from "@imtihon/client-sdk/protocol";
import { useState, type ChangeEvent } from "react";
import { useApi } from "../../api/use-api.ts";
import { useAuth } from "../../auth/auth-context.tsx";
import { Layout, Status } from "../../components/layout.tsx";
import { formatNumber } from "../../i18n/format.ts";
import { useI18n, type Translate } from "../../i18n/i18n.tsx";

type RowError = ImportPassingScoresResult["errors"][number];

function errorText(t: Translate, e: RowError): string {
  const vars = { column: e.column ?? "", value: e.value ?? "", line: e.duplicateOf ?? "" };
  return t(`passing.err.${e.code}`, vars);
}

/** Admin: import the official passing scores from CSV (per-row errors in the user's language), list, delete. */
export function PassingScoresPage() {
  const { t, lang } = useI18n();
  const { auth } = useAuth();
  const directions = useApi<{ items: DirectionDto[] }>("/directions");
  const [directionId, setDirectionId] = useState("");
  const list = useApi<{ items: PassingScore[] }>(
    `/admin/passing-scores${directionId ? `?directionId=${encodeURIComponent(directionId)}` : ""}`,
  );
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [result, setResult] = useState<ImportPassingScoresResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const num = (x: number | null) => (x === null ? "—" : formatNumber(lang, x));

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const f = e.target.files?.[0];
    setResult(null);
    setFile(f ? { name: f.name, text: await f.text() } : null);
  };
  const run = async () => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      setResult(
        await auth.api<ImportPassingScoresResult>("/admin/passing-scores/import", {
          method: "POST",
          body: { csv: file.text },
        }),
      );
      list.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const remove = async (id: string) => {
    setError(null);
    try {
      await auth.api(`/admin/passing-scores/${id}`, { method: "DELETE" });
      list.reload();
    } catch (err) {
      setError(err);
    }
  };

  return (
    <Layout wide>
      <h1>{t("passing.title")}</h1>
      <section className="card form-grid">
        <p className="hint-text">{t("passing.importHelp")}</p>
        <label>
          {t("passing.file")}
          <input type="file" accept=".csv,text/csv,text/plain" onChange={(e) => void onFile(e)} />
        </label>
        <button type="button" className="button" disabled={!file || busy} onClick={() => void run()}>
          {t("passing.import")}
        </button>
      </section>
      <Status error={error as { message: string } | undefined} />
      {result && (
        <section className="card">
          <p data-testid="passing-summary">
            {t("passing.summary", {
              rows: result.rows,
              inserted: result.inserted,
              updated: result.updated,
              unchanged: result.unchanged,
              errors: result.errors.length,
            })}
          </p>
          {result.errors.length > 0 && (
            <div className="table-scroll">
              <table className="table" data-testid="passing-errors">
                <thead>
                  <tr>
                    <th scope="col">{t("passing.line")}</th>
                    <th scope="col">{t("passing.problem")}</th>
                  </tr>
                </thead>
                <tbody>
                  {result.errors.map((e, i) => (
                    <tr key={i} className="row-bad" data-line={e.line}>
                      <td>{e.line}</td>
                      <td>{errorText(t, e)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      )}
      <section className="card">
        <h2>{t("passing.stored")}</h2>
        <label>
          {t("admission.direction")}{" "}
          <select value={directionId} onChange={(e) => setDirectionId(e.target.value)}>
            <option value="">—</option>
            {directions.data?.items.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </label>
        <Status loading={list.loading && !list.data} error={list.error} />
        {list.data && list.data.items.length === 0 && <p className="muted">{t("passing.empty")}</p>}
        {list.data && list.data.items.length > 0 && (
          <div className="table-scroll">
            <table className="table" data-testid="passing-list">
              <thead>
                <tr>
                  <th scope="col">{t("admission.year")}</th>
                  <th scope="col">{t("passing.university")}</th>
                  <th scope="col">{t("admission.direction")}</th>
                  <th scope="col">{t("passing.form")}</th>
                  <th scope="col">{t("passing.language")}</th>
                  <th scope="col">{t("passing.grant")}</th>
                  <th scope="col">{t("passing.contract")}</th>
                  <th scope="col" />
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((s) => (
                  <tr key={s.id}>
                    <td>{s.year}</td>
                    <td>
                      {s.university}
                      {s.demo ? ` (${t("admission.demo")})` : ""}
                    </td>
                    <td>{s.directionCode}</td>
                    <td>{t(`admission.form.${s.form}`)}</td>
                    <td>{s.language}</td>
                    <td>{num(s.grantScore)}</td>
                    <td>{num(s.contractScore)}</td>
                    <td>
                      <button type="button" className="link-button" onClick={() => void remove(s.id)}>
                        {t("passing.delete")}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </Layout>
  );
}
