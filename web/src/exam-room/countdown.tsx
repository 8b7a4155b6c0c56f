import { useEffect, useState } from "react";
import { formatDuration, useT } from "../i18n/i18n.tsx";

const FIVE_MIN = 5 * 60_000;
const ONE_MIN = 60_000;

/**
 * Time left by the server's clock. Crossing 5 and 1 minutes raises a one-time alert (announced
 * by screen readers); under 5 minutes the clock turns amber, under 1 red.
 */
export function Countdown({ msLeft, paused }: { msLeft: number | null; paused: boolean }) {
  const t = useT();
  const [warned, setWarned] = useState<0 | 5 | 1>(0);
  const [dismissed, setDismissed] = useState(false);
  useEffect(() => {
    if (msLeft === null || msLeft <= 0) return;
    if (msLeft <= ONE_MIN && warned !== 1) {
      setWarned(1);
      setDismissed(false);
    } else if (msLeft <= FIVE_MIN && msLeft > ONE_MIN && warned === 0) {
      setWarned(5);
      setDismissed(false);
    }
  }, [msLeft, warned]);
  if (msLeft === null) return null;
  const level = msLeft <= ONE_MIN ? "danger" : msLeft <= FIVE_MIN ? "warn" : "";
  return (
    <>
      <div
        className={`countdown ${level}${paused ? " paused" : ""}`}
        role="timer"
        aria-label={t("room.timeLeft")}
      >
        <span className="countdown-label">{t("room.timeLeft")}</span>
        <span className="countdown-value" data-testid="time-left">
          {formatDuration(msLeft)}
        </span>
      </div>
      {warned !== 0 && !dismissed && (
        <div className={`toast ${warned === 1 ? "danger" : "warn"}`} role="alert">
          {warned === 1 ? t("room.warn1") : t("room.warn5")}
          <button type="button" className="link-button" onClick={() => setDismissed(true)}>
            {t("common.close")}
          </button>
        </div>
      )}
    </>
  );
}
