import type { Grants, OrderStatus, PaymentProvider } from "@imtihon/client-sdk/protocol";
import type { Translate } from "../../i18n/i18n.tsx";
import type { MessageKey } from "../../i18n/messages.ts";

/** Whole so'm with thin grouping: 15 000 so'm. */
export function formatUzs(t: Translate, amount: number): string {
  return t("pay.price", { price: amount.toLocaleString("ru-RU") });
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

export function formatTime(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString() : "—";
}
