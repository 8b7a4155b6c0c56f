import type { Revenue } from "@imtihon/client-sdk/protocol";
import { useState, type FormEvent } from "react";
import { useApi } from "../../api/use-api.ts";
import { Layout, Status } from "../../components/layout.tsx";
import { useT } from "../../i18n/i18n.tsx";
import { formatUzs } from "../payments/format.ts";
import { DataTable } from "../../components/data-table.tsx";

/** Revenue per day and per product (paid, not refunded), default the last 30 days. */
export function AdminRevenuePage() {
  const t = useT();
  const [query, setQuery] = useState("");
  const revenue = useApi<Revenue>(`/admin/revenue${query}`);
  const r = revenue.data;
  const filter = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const q = new URLSearchParams();
    for (const [k, v] of new FormData(e.currentTarget)) if (String(v)) q.set(k, String(v));
    setQuery(q.size ? `?${q.toString()}` : "");
  };
  return (
    <Layout wide>
      <h1>{t("adminRevenue.title")}</h1>
      <form className="card form-grid" onSubmit={filter}>
        <label>
          {t("adminOrders.from")}
          <input name="from" type="date" />
        </label>
        <label>
          {t("adminOrders.to")}
          <input name="to" type="date" />
        </label>
        <div className="row">
          <button type="submit" className="primary">
            {t("adminOrders.filter")}
          </button>
        </div>
      </form>
      <Status loading={revenue.loading && !r} error={revenue.error} />
      {r && (
        <>
          <p className="score" data-testid="revenue-total">
            {t("adminRevenue.total", { sum: formatUzs(t, r.totalUzs) })}
          </p>
          <p className="muted">{t("adminRevenue.refunded", { sum: formatUzs(t, r.refundedUzs) })}</p>
          <h2>{t("adminRevenue.byDay")}</h2>
          <DataTable columns={[t("adminRevenue.day"), t("adminRevenue.orders"), t("order.amount")]}>
            {r.days.map((d) => (
              <tr key={d.day}>
                <th scope="row">{d.day}</th>
                <td>{d.orders}</td>
                <td>{formatUzs(t, d.amountUzs)}</td>
              </tr>
            ))}
          </DataTable>
          <h2>{t("adminRevenue.byProduct")}</h2>
          <DataTable columns={[t("adminProducts.name"), t("adminRevenue.orders"), t("order.amount")]}>
            {r.products.map((p) => (
              <tr key={p.productId}>
                <th scope="row">{p.title}</th>
                <td>{p.orders}</td>
                <td>{formatUzs(t, p.amountUzs)}</td>
              </tr>
            ))}
          </DataTable>
        </>
      )}
    </Layout>
  );
}
