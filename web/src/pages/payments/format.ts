import type { Grants, OrderStatus, PaymentProvider } from "@imtihon/client-sdk/protocol";
import { formatDateTime } from "../../i18n/format.ts";
import type { Translate } from "../../i18n/i18n.tsx";
import type { Lang, MessageKey } from "../../i18n/messages.ts";

/** Whole so'm grouped the user's way (the number goes through `t`): "15 000 soʻm", "15,000 UZS". */
export function formatUzs(t: Translate, amount: number): string {
  return t("pay.price", { price: amount });
}

export function statusText(t: Translate, status: OrderStatus): string {
  return t(`order.status.${status}` as MessageKey);
}

export const PROVIDER_NAMES: Record<PaymentProvider, string> = { payme: "Payme", click: "Click" };

/** "Every paid exam · Unlimited attempts · 30 days". */
export function grantsText(t: Translate, g: Grants): string {
  const parts = [
    g.examIds === null ? t("pay.grantAllExams") : t("pay.grantExams", { n: g.examIds.length }),
    g.attempts === null ? t("pay.grantUnlimited") : t("pay.grantAttempts", { n: g.attempts }),
  ];
  if (g.days !== null) parts.push(t("pay.grantDays", { n: g.days }));
  return parts.join(" · ");
}

/** An order's time in the user's language and time zone (Tashkent when the browser says none). */
export function formatTime(lang: Lang, iso: string | null): string {
  return iso ? formatDateTime(lang, iso) : "—";
}
