import type { ConnectionState } from "@imtihon/client-sdk";
import { useT } from "../i18n/i18n.tsx";

/** Shown while the socket is down: answers keep queueing and go out on return. */
export function ConnectionBanner({ state, pending }: { state: ConnectionState; pending: number }) {
  const t = useT();
  if (state === "connected") return null;
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
    >
      <strong>{text}</strong>
      {pending > 0 && <span> {t("room.pending", { n: pending })}</span>}
    </div>
  );
}
