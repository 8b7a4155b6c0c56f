import { useCallback, useState, useSyncExternalStore } from "react";

/** Questions flagged for review: the student's own notes, kept per attempt in localStorage. */
export function useFlags(attemptId: string | undefined) {
  const key = attemptId ? `imtihon.flags.${attemptId}` : null;
  const [state, setState] = useState<{ key: string | null; flags: Set<string> }>({
    key: null,
    flags: new Set(),
  });
  let flags = state.flags;
  if (state.key !== key) {
    flags = new Set(key ? (JSON.parse(localStorage.getItem(key) ?? "[]") as string[]) : []);
    setState({ key, flags });
  }
  const toggle = useCallback(
    (questionId: string) => {
      if (!key) return;
      setState((s) => {
        const next = new Set(s.flags);
        if (next.has(questionId)) next.delete(questionId);
        else next.add(questionId);
        localStorage.setItem(key, JSON.stringify([...next]));
        return { key, flags: next };
      });
    },
    [key],
  );
  return { flags, toggle };
}

function subscribeOnline(fn: () => void) {
  window.addEventListener("online", fn);
  window.addEventListener("offline", fn);
  return () => {
    window.removeEventListener("online", fn);
    window.removeEventListener("offline", fn);
  };
}

/** navigator.onLine, live: the browser knows it is offline before the socket does. */
export function useBrowserOnline(): boolean {
  return useSyncExternalStore(subscribeOnline, () => navigator.onLine);
}
