import type { Config } from "../config.ts";

/** Where the student comes back to after paying: the web client's order page, which polls. */
export function returnUrl(config: Config, orderId: string): string {
  return `${config.publicUrl}/payments/orders/${orderId}`;
}

/**
 * Checkout links for each configured provider. Payme: the checkout base plus base64 of
 * `m=<merchant>;ac.order_id=<order>;a=<tiyin>;c=<return url>`. Click: its pay page with service id,
 * merchant id, amount in so'm, `transaction_param` = order id and the return URL.
 */
export function checkoutLinks(
  config: Config,
  order: { id: string; amount_uzs: number },
): { payme?: string; click?: string } {
  const out: { payme?: string; click?: string } = {};
  const back = returnUrl(config, order.id);
  if (config.payme) {
    const params = `m=${config.payme.merchantId};ac.order_id=${order.id};a=${order.amount_uzs * 100};c=${back}`;
    out.payme = `${config.payme.checkoutUrl.replace(/\/+$/, "")}/${Buffer.from(params).toString("base64")}`;
  }
  if (config.click) {
    const q = new URLSearchParams({
      service_id: config.click.serviceId,
      merchant_id: config.click.merchantId,
      amount: String(order.amount_uzs),
      transaction_param: order.id,
      return_url: back,
    });
    if (config.click.merchantUserId) q.set("merchant_user_id", config.click.merchantUserId);
    out.click = `${config.click.checkoutUrl}?${q.toString()}`;
  }
  return out;
}
