import type { ProctorMessageEvent } from "@imtihon/client-sdk/protocol";
import { useCallback, useState } from "react";

/**
 * One proctor message, whether it arrived live or was read back after a reload: the server gives
 * both copies the time it stored the message at.
 */
export function messageKey(m: ProctorMessageEvent): string {
  return `${Date.parse(m.at)}|${m.text}`;
}

/**
 * Proctor messages the student closed, kept per attempt in localStorage: a reload (or the room
 * opened again in another tab) loads the messages from the server and must not show these again.
 */
export function useDismissed(attemptId: string) {
  const storageKey = `imtihon.dismissed.${attemptId}`;
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(() => read(storageKey));
  const dismiss = useCallback(
    (m: ProctorMessageEvent) =>
      setDismissed((old) => {
        const next = new Set(old).add(messageKey(m));
        try {
          localStorage.setItem(storageKey, JSON.stringify([...next]));
        } catch {
          // Storage full or refused: the message stays closed on this page, which is what matters most.
        }
        return next;
      }),
    [storageKey],
  );
  return { isDismissed: (m: ProctorMessageEvent) => dismissed.has(messageKey(m)), dismiss };
}

function read(key: string): Set<string> {
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(key) ?? "[]");
    return new Set(Array.isArray(stored) ? stored.filter((k): k is string => typeof k === "string") : []);
  } catch {
    return new Set();
  }
}
