import type { Product, PaymentProvider } from "@imtihon/client-sdk/protocol";
import { useApi } from "../../api/use-api.ts";
import { Layout, Status } from "../../components/layout.tsx";
import { useT } from "../../i18n/i18n.tsx";
import { BuyButton } from "./buy-button.tsx";
import { formatUzs, grantsText } from "./format.ts";

export type ProductsResponse = { items: Product[]; providers?: PaymentProvider[] };

/** Everything on sale: packages first, then each paid exam on its own. */
export function ProductsPage() {
  const t = useT();
  const products = useApi<ProductsResponse>("/products");
  const items = products.data?.items;
  return (
    <Layout>
      <h1>{t("pay.productsTitle")}</h1>
      <Status loading={products.loading && !products.data} error={products.error} />
      {items?.length === 0 && <p className="muted">{t("pay.productsEmpty")}</p>}
      <ul className="cards" aria-label={t("pay.productsTitle")}>
        {items?.map((p) => (
          <li key={p.id} className="card exam-card">
            <h2>{p.title}</h2>
            <p className="muted">{grantsText(t, p.grants)}</p>
            <p className="price">{formatUzs(t, p.priceUzs)}</p>
            <BuyButton
              what={{ productId: p.id }}
              title={p.title}
              providers={products.data?.providers ?? []}
            />
          </li>
        ))}
      </ul>
    </Layout>
  );
}
