import type { CreateOrderBody, Order } from "@imtihon/client-sdk/protocol";
import { useState } from "react";
import { useAuth } from "../../auth/auth-context.tsx";
import { describeError } from "../../components/describe-error.ts";
import { useT } from "../../i18n/i18n.tsx";
import { navigate } from "../../router.tsx";

/**
 * "Buy": makes a pending order at the current price and opens its page, where the student picks
 * Payme or Click. With no provider configured it says so instead of offering a dead button.
 */
export function BuyButton({
  what,
  title,
  providers,
  label,
}: {
  what: CreateOrderBody;
  title: string;
  /** undefined while still loading (the button waits), [] when none is configured. */
  providers: readonly string[] | undefined;
  label?: string;
}) {
  const t = useT();
  const { auth } = useAuth();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (providers && providers.length === 0) return <p className="muted">{t("pay.unavailable")}</p>;
  const buy = async () => {
    setBusy(true);
    setError(null);
    try {
      const { order } = await auth.api<{ order: Order }>("/orders", { method: "POST", body: what });
      navigate(`/payments/orders/${order.id}`);
    } catch (err) {
      setError(describeError(t, err));
      setBusy(false);
    }
  };
  return (
    <>
      <button
        type="button"
        className="primary"
        disabled={busy || !providers}
        onClick={() => void buy()}
        aria-label={label ? undefined : t("pay.buyAria", { title })}
      >
        {label ?? t("pay.buy")}
      </button>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </>
  );
}
