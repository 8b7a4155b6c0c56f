import type { Order, PaymentProvider } from "@imtihon/client-sdk/protocol";
import { useEffect, type ReactNode } from "react";
import { useApi } from "../../api/use-api.ts";
import { Layout, Status } from "../../components/layout.tsx";
import { useI18n } from "../../i18n/i18n.tsx";
import { Link } from "../../router.tsx";
import { BuyButton } from "./buy-button.tsx";
import type { ProductsResponse } from "./products-page.tsx";
import { formatTime, formatUzs, grantsText, PROVIDER_NAMES, statusText } from "./format.ts";

const POLL_MS = 2000;

/**
 * One order: where the providers send the student back. While pending it offers the checkout links
 * and polls until the provider's callback has marked the order paid; then it offers "Start".
 * Paid orders double as the receipt.
 */
export function OrderPage({ orderId }: { orderId: string }) {
  const { t, lang } = useI18n();
  const order = useApi<{ order: Order }>(`/orders/${orderId}`);
  const o = order.data?.order;
  const pending = o?.status === "pending";
  // "Buy again" on a cancelled order needs to know which providers are configured.
  const shop = useApi<ProductsResponse>(o?.status === "cancelled" ? "/products" : null);
  const { reload } = order;
  useEffect(() => {
    if (!pending) return;
    const timer = setInterval(reload, POLL_MS);
    return () => clearInterval(timer);
  }, [pending, reload]);
  const single = o?.grants?.examIds?.length === 1 ? o.grants.examIds[0] : undefined;
  const links = o ? (Object.entries(o.checkout) as [PaymentProvider, string | undefined][]) : [];
  const facts: [string, ReactNode, string?][] = o
    ? [
        [t("order.number"), <code key="id">{o.id}</code>],
        [t("order.amount"), formatUzs(t, o.amountUzs)],
        [t("order.status"), statusText(t, o.status), "order-status"],
        ...(o.grants ? [[t("adminProducts.grants"), grantsText(t, o.grants)] as [string, string]] : []),
        [t("order.created"), formatTime(lang, o.createdAt)],
        ...(o.paidAt ? [[t("order.paidAt"), formatTime(lang, o.paidAt)] as [string, string]] : []),
        ...(o.provider && o.status !== "pending"
          ? [[t("order.provider"), PROVIDER_NAMES[o.provider]] as [string, string]]
          : []),
      ]
    : [];
  return (
    <Layout>
      <h1>{o?.title ?? t("order.title")}</h1>
      <Status loading={order.loading && !o} error={order.error} />
      {o && (
        <div className="card stack" data-testid="order" data-status={o.status}>
          <table className="table">
            <tbody>
              {facts.map(([label, value, testId]) => (
                <tr key={label}>
                  <th scope="row">{label}</th>
                  <td data-testid={testId}>{value}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {o.status === "pending" && (
            <>
              <p>{links.length ? t("order.pendingHint") : t("pay.unavailable")}</p>
              <div className="row">
                {links.map(([provider, url]) => (
                  <a key={provider} href={url} className="button primary">
                    {t("order.payWith", { provider: PROVIDER_NAMES[provider] })}
                  </a>
                ))}
              </div>
            </>
          )}
          {o.status === "paid" && (
            <>
              <p role="status">{t("order.paidHint")}</p>
              <div className="row">
                {single ? (
                  <Link to={`/exam/${single}`} className="button primary">
                    {t("order.start")}
                  </Link>
                ) : (
                  <Link to="/" className="button primary">
                    {t("order.toCatalogue")}
                  </Link>
                )}
              </div>
            </>
          )}
          {o.status === "cancelled" && (
            <>
              <p role="status">{t("order.cancelledHint")}</p>
              {single && (
                <BuyButton
                  what={{ examId: single }}
                  title={o.title}
                  label={t("order.buyAgain")}
                  providers={shop.error ? [] : shop.data && (shop.data.providers ?? [])}
                />
              )}
            </>
          )}
          {o.status === "refunded" && <p role="status">{t("order.refundedHint")}</p>}
        </div>
      )}
    </Layout>
  );
}
