import type { ConnectionState } from "@imtihon/client-sdk";
import { useAuth } from "../auth/auth-context.tsx";
import { useT } from "../i18n/i18n.tsx";
import { navigate } from "../router.tsx";

/**
 * Shown while the socket is down: answers keep queueing and go out on return. `failed` is the SDK's
 * terminal state (the server refused the sign-in at every try): nothing will reconnect by itself, so
 * the student is told so and offered a fresh sign-in that brings them back to this page, where the
 * answers kept on this device go out.
 */
export function ConnectionBanner({ state, pending }: { state: ConnectionState; pending: number }) {
  const t = useT();
  const { auth } = useAuth();
  if (state === "connected") return null;
  if (state === "failed") {
    const signInAgain = async () => {
      const here = location.pathname + location.search;
      await auth.logout();
      navigate(`/login?next=${encodeURIComponent(here)}`, { replace: true });
    };
    return (
      <div className="banner warn" role="alert" data-testid="connection-banner" data-state="failed">
        <strong>{t("room.authFailed")}</strong>
        {pending > 0 && <span> {t("room.pending", { n: pending })}</span>}{" "}
        <button type="button" className="link-button" onClick={() => void signInAgain()}>
          {t("room.signInAgain")}
        </button>
      </div>
    );
  }
  const text =
    state === "offline"
      ? t("room.offline")
      : state === "reconnecting"
        ? t("room.reconnecting")
        : t("room.connecting");
  return (
    <div
      className={`banner ${state === "connecting" ? "info" : "warn"}`}
      role="status"
      data-testid="connection-banner"
      data-state={state}
    >
      <strong>{text}</strong>
      {pending > 0 && <span> {t("room.pending", { n: pending })}</span>}
    </div>
  );
}
