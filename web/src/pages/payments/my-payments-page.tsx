import type { Order } from "@imtihon/client-sdk/protocol";
import { useApi } from "../../api/use-api.ts";
import { Layout, Status } from "../../components/layout.tsx";
import { useI18n } from "../../i18n/i18n.tsx";
import { Link } from "../../router.tsx";
import { formatTime, formatUzs, PROVIDER_NAMES, statusText } from "./format.ts";
import { DataTable } from "../../components/data-table.tsx";

/** "My payments": every order of the student with its status; each links to its receipt. */
export function MyPaymentsPage() {
  const { t, lang } = useI18n();
  const orders = useApi<{ items: Order[] }>("/me/orders");
  return (
    <Layout wide>
      <h1>{t("payments.title")}</h1>
      <Status loading={orders.loading && !orders.data} error={orders.error} />
      {orders.data?.items.length === 0 && <p className="muted">{t("payments.empty")}</p>}
      {!!orders.data?.items.length && (
        <DataTable
          columns={[
            t("payments.what"),
            t("order.amount"),
            t("order.status"),
            t("order.provider"),
            t("order.created"),
            t("order.paidAt"),
          ]}
          actions={t("order.receipt")}
        >
          {orders.data.items.map((o) => (
            <tr key={o.id} data-order={o.id}>
              <th scope="row">{o.title}</th>
              <td>{formatUzs(t, o.amountUzs)}</td>
              <td>{statusText(t, o.status)}</td>
              <td>{o.provider ? PROVIDER_NAMES[o.provider] : "—"}</td>
              <td>{formatTime(lang, o.createdAt)}</td>
              <td>{formatTime(lang, o.paidAt)}</td>
              <td>
                <Link to={`/payments/orders/${o.id}`}>{t("order.receipt")}</Link>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </Layout>
  );
}
