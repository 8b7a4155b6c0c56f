import { ORDER_STATUSES, PAYMENT_PROVIDERS, type AdminOrder } from "@imtihon/client-sdk/protocol";
import { useState, type FormEvent } from "react";
import { useApi } from "../../api/use-api.ts";
import { useAuth } from "../../auth/auth-context.tsx";
import { describeError } from "../../components/describe-error.ts";
import { Layout, Status } from "../../components/layout.tsx";
import { useI18n } from "../../i18n/i18n.tsx";
import { Link } from "../../router.tsx";
import { formatTime, formatUzs, PROVIDER_NAMES, statusText } from "../payments/format.ts";
import { DataTable } from "../../components/data-table.tsx";

/** Orders with filters; a paid order can be refunded, and the table says whether it was used. */
export function AdminOrdersPage() {
  const { t, lang } = useI18n();
  const { auth } = useAuth();
  const [query, setQuery] = useState("");
  const orders = useApi<{ items: AdminOrder[] }>(`/admin/orders${query}`);
  const [error, setError] = useState<string | null>(null);

  const filter = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const q = new URLSearchParams();
    for (const [k, v] of new FormData(e.currentTarget)) if (String(v).trim()) q.set(k, String(v).trim());
    setQuery(q.size ? `?${q.toString()}` : "");
  };
  const refund = async (id: string) => {
    if (!confirm(t("adminOrders.refundConfirm"))) return;
    setError(null);
    try {
      await auth.api(`/admin/orders/${id}/refund`, { method: "POST" });
      orders.reload();
    } catch (err) {
      setError(describeError(t, err));
    }
  };
  return (
    <Layout wide>
      <h1>{t("adminOrders.title")}</h1>
      <form className="card form-grid" onSubmit={filter}>
        <label>
          {t("order.status")}
          <select name="status" defaultValue="">
            <option value="">{t("adminOrders.any")}</option>
            {ORDER_STATUSES.map((s) => (
              <option key={s} value={s}>
                {statusText(t, s)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("order.provider")}
          <select name="provider" defaultValue="">
            <option value="">{t("adminOrders.any")}</option>
            {PAYMENT_PROVIDERS.map((p) => (
              <option key={p} value={p}>
                {PROVIDER_NAMES[p]}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("adminOrders.from")}
          <input name="from" type="date" />
        </label>
        <label>
          {t("adminOrders.to")}
          <input name="to" type="date" />
        </label>
        <label>
          {t("adminOrders.student")}
          <input name="student" maxLength={200} />
        </label>
        <div className="row">
          <button type="submit" className="primary">
            {t("adminOrders.filter")}
          </button>
        </div>
      </form>
      <Status loading={orders.loading && !orders.data} error={orders.error} />
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <DataTable
        columns={[
          t("payments.what"),
          t("adminOrders.student"),
          t("order.amount"),
          t("order.status"),
          t("order.provider"),
          t("order.created"),
          t("adminOrders.used"),
        ]}
        actions={t("adminExams.actions")}
      >
        {orders.data?.items.map((o) => (
          <tr key={o.id} data-order={o.id}>
            <th scope="row">
              <Link to={`/payments/orders/${o.id}`}>{o.title}</Link>
            </th>
            <td title={o.studentEmail}>{o.studentName}</td>
            <td>{formatUzs(t, o.amountUzs)}</td>
            <td>{statusText(t, o.status)}</td>
            <td>{o.provider ? PROVIDER_NAMES[o.provider] : "—"}</td>
            <td>{formatTime(lang, o.createdAt)}</td>
            <td>
              {o.attemptsUsed > 0 ? t("adminOrders.usedN", { n: o.attemptsUsed }) : t("adminOrders.unused")}
            </td>
            <td className="actions">
              {o.status === "paid" && (
                <button type="button" className="danger" onClick={() => void refund(o.id)}>
                  {t("adminOrders.refund")}
                </button>
              )}
            </td>
          </tr>
        ))}
      </DataTable>
    </Layout>
  );
}
