import type { Dashboard, DashboardTable } from "@imtihon/client-sdk/protocol";
import { useState, type FormEvent } from "react";
import { useApi } from "../../api/use-api.ts";
import { useAuth } from "../../auth/auth-context.tsx";
import { Layout, Status } from "../../components/layout.tsx";
import { formatDateTime, formatNumber } from "../../i18n/format.ts";
import { useI18n, type Translate } from "../../i18n/i18n.tsx";
import type { Lang } from "../../i18n/messages.ts";
import { formatUzs } from "../payments/format.ts";

const TABLES: readonly DashboardTable[] = ["days", "exams", "directions", "funnel"];

/** A bar as wide as `value` is of `max`: the dashboard's charts are table cells, readable at 360 px. */
function Bar({ value, max }: { value: number; max: number }) {
  return (
    <span className="dash-bar" aria-hidden="true">
      <span style={{ width: `${max > 0 ? Math.round((value / max) * 100) : 0}%` }} />
    </span>
  );
}

// A Tashkent day as written locally: 10.03.2026 (uz, ru), 10/03/2026 (en). Numeric on purpose:
// Chromium's trimmed ICU has no Uzbek month names.
const dayFormats = new Map<Lang, Intl.DateTimeFormat>();
function formatDay(lang: Lang, day: string): string {
  let f = dayFormats.get(lang);
  if (!f) {
    const options = { day: "2-digit", month: "2-digit", year: "numeric", timeZone: "UTC" } as const;
    f = new Intl.DateTimeFormat(lang === "en" ? "en-GB" : "ru-RU", options);
    dayFormats.set(lang, f);
  }
  return f.format(new Date(`${day}T00:00:00Z`));
}

const percent = (lang: Lang, t: Translate, rate: number | null) =>
  rate === null ? t("dash.none") : `${formatNumber(lang, rate * 100, 1)} %`;

/** The operators' dashboard: totals, per day, popular exams, medians, the funnel; CSV of each table. */
export function DashboardPage() {
  const { t, lang } = useI18n();
  const { auth } = useAuth();
  const [query, setQuery] = useState("");
  const dash = useApi<Dashboard>(`/admin/dashboard${query}`);
  const [busy, setBusy] = useState(false);
  const d = dash.data;
  const filter = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const q = new URLSearchParams();
    for (const [k, v] of new FormData(e.currentTarget)) if (String(v)) q.set(k, String(v));
    setQuery(q.size ? `?${q.toString()}` : "");
  };
  const refresh = async () => {
    setBusy(true);
    try {
      await auth.api("/admin/dashboard/refresh", { method: "POST" });
      dash.reload();
    } finally {
      setBusy(false);
    }
  };
  // A download needs the bearer token, so it is fetched and handed to the browser as a file.
  const download = async (table: DashboardTable) => {
    if (!d) return;
    const token = await auth.getAccessToken();
    const res = await fetch(`/api/v1/admin/dashboard/export?table=${table}&from=${d.from}&to=${d.to}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!res.ok) return;
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement("a");
    a.href = url;
    a.download = `imtihon-dashboard-${table}-${d.from}-${d.to}.csv`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  const n = (v: number) => formatNumber(lang, v);
  const maxStarted = d ? Math.max(0, ...d.days.map((x) => x.attemptsStarted)) : 0;
  const maxRevenue = d ? Math.max(0, ...d.days.map((x) => x.revenueUzs)) : 0;
  const maxExam = d ? Math.max(0, ...d.exams.map((x) => x.started)) : 0;
  return (
    <Layout wide>
      <div className="row">
        <h1>{t("dash.title")}</h1>
        <button type="button" onClick={refresh} disabled={busy}>
          {t("dash.refresh")}
        </button>
      </div>
      <form className="card form-grid" onSubmit={filter}>
        <label>
          {t("dash.from")}
          <input name="from" type="date" defaultValue={d?.from} />
        </label>
        <label>
          {t("dash.to")}
          <input name="to" type="date" defaultValue={d?.to} />
        </label>
        <div className="row">
          <button type="submit" className="primary">
            {t("dash.show")}
          </button>
        </div>
      </form>
      <Status loading={dash.loading && !d} error={dash.error} />
      {d && (
        <>
          <p className="muted" data-testid="dash-refreshed">
            {t("dash.refreshedAt", {
              time: d.refreshedAt ? formatDateTime(lang, d.refreshedAt) : t("dash.never"),
            })}
          </p>
          <dl className="dash-kpis" data-testid="dash-totals">
            {(
              [
                ["dash.registrations", n(d.totals.registrations)],
                ["dash.peakActive", n(d.totals.peakActiveStudents)],
                ["dash.started", n(d.totals.attemptsStarted)],
                ["dash.finished", n(d.totals.attemptsFinished)],
                ["dash.completion", percent(lang, t, d.totals.completionRate)],
                ["dash.orders", n(d.totals.ordersPaid)],
                ["dash.revenue", formatUzs(t, d.totals.revenueUzs)],
                ["dash.refunded", formatUzs(t, d.totals.refundedUzs)],
              ] as const
            ).map(([key, value]) => (
              <div key={key} className="card">
                <dt>{t(key)}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>

          <h2>{t("dash.funnel")}</h2>
          <p className="muted">{t("dash.funnelHint")}</p>
          <div className="table-scroll">
            <table className="table" data-testid="dash-funnel">
              <tbody>
                {(
                  [
                    ["dash.funnelRegistered", d.funnel.registered],
                    ["dash.funnelAttempted", d.funnel.attempted],
                    ["dash.funnelPaid", d.funnel.paid],
                  ] as const
                ).map(([key, value]) => (
                  <tr key={key}>
                    <th scope="row">{t(key)}</th>
                    <td className="num">{n(value)}</td>
                    <td className="num">
                      {percent(lang, t, d.funnel.registered ? value / d.funnel.registered : null)}
                    </td>
                    <td className="dash-bar-cell">
                      <Bar value={value} max={d.funnel.registered} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>

          <h2>{t("dash.byDay")}</h2>
          <div className="table-scroll">
            <table className="table" data-testid="dash-days">
              <thead>
                <tr>
                  <th scope="col">{t("dash.day")}</th>
                  <th scope="col">{t("dash.registrations")}</th>
                  <th scope="col">{t("dash.active")}</th>
                  <th scope="col">{t("dash.started")}</th>
                  <th scope="col">{t("dash.finished")}</th>
                  <th scope="col">{t("dash.orders")}</th>
                  <th scope="col">{t("dash.revenue")}</th>
                  <th scope="col">{t("dash.refunded")}</th>
                </tr>
              </thead>
              <tbody>
                {[...d.days].reverse().map((x) => (
                  <tr key={x.day}>
                    <th scope="row">
                      <time dateTime={x.day}>{formatDay(lang, x.day)}</time>
                    </th>
                    <td className="num">{n(x.registrations)}</td>
                    <td className="num">{n(x.activeStudents)}</td>
                    <td className="num">
                      {n(x.attemptsStarted)}
                      <Bar value={x.attemptsStarted} max={maxStarted} />
                    </td>
                    <td className="num">{n(x.attemptsFinished)}</td>
                    <td className="num">{n(x.ordersPaid)}</td>
                    <td className="num">
                      {formatUzs(t, x.revenueUzs)}
                      <Bar value={x.revenueUzs} max={maxRevenue} />
                    </td>
                    <td className="num">{formatUzs(t, x.refundedUzs)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>

          <h2>{t("dash.popular")}</h2>
          <div className="table-scroll">
            <table className="table" data-testid="dash-exams">
              <thead>
                <tr>
                  <th scope="col">{t("dash.exam")}</th>
                  <th scope="col">{t("dash.started")}</th>
                  <th scope="col">{t("dash.completed")}</th>
                  <th scope="col">{t("dash.completion")}</th>
                </tr>
              </thead>
              <tbody>
                {d.exams.map((e) => (
                  <tr key={e.examId}>
                    <th scope="row">{e.title}</th>
                    <td className="num">
                      {n(e.started)}
                      <Bar value={e.started} max={maxExam} />
                    </td>
                    <td className="num">{n(e.completed)}</td>
                    <td className="num">{percent(lang, t, e.completionRate)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>

          <h2>{t("dash.directions")}</h2>
          <div className="table-scroll">
            <table className="table" data-testid="dash-directions">
              <thead>
                <tr>
                  <th scope="col">{t("dash.direction")}</th>
                  <th scope="col">{t("dash.finished")}</th>
                  <th scope="col">{t("dash.median")}</th>
                </tr>
              </thead>
              <tbody>
                {d.directions.map((x) => (
                  <tr key={x.directionId}>
                    <th scope="row">{x.name}</th>
                    <td className="num">{n(x.finished)}</td>
                    <td className="num">
                      {x.medianPercent === null ? t("dash.none") : `${n(x.medianPercent)} %`}
                      {x.medianPercent !== null && <Bar value={x.medianPercent} max={100} />}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>

          <h2>{t("dash.csv")}</h2>
          <div className="row">
            {TABLES.map((table) => (
              <button key={table} type="button" onClick={() => void download(table)}>
                {t("dash.csvOf", {
                  table: t(
                    (
                      {
                        days: "dash.byDay",
                        exams: "dash.popular",
                        directions: "dash.directions",
                        funnel: "dash.funnelShort",
                      } as const
                    )[table],
                  ),
                })}
              </button>
            ))}
          </div>
        </>
      )}
    </Layout>
  );
}
