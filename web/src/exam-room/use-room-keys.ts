import type { QuestionView } from "@imtihon/client-sdk/protocol";
import { useLayoutEffect, useRef } from "react";

const DIGITS = "1234567890";
const LETTERS = "abcdefghij";

/** 1–4 or A–D pick an option of the current question; ← → move between questions. */
export function useRoomKeys(options: {
  enabled: boolean;
  question: QuestionView | undefined;
  canAnswer: boolean;
  pick: (optionId: string) => void;
  prev: () => void;
  next: () => void;
}) {
  const latest = useRef(options);
  latest.current = options;
  // A layout effect: the keys work from the first frame the question is on screen.
  useLayoutEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const o = latest.current;
      if (!o.enabled || e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
      const el = e.target as HTMLElement | null;
      if (el?.closest("textarea, select, [contenteditable], input:not([type=radio]):not([type=checkbox])"))
        return;
      // preventDefault also stops a focused radio group from moving its own selection.
      if (e.key === "ArrowRight") {
        e.preventDefault();
        o.next();
        return;
      }
      if (e.key === "ArrowLeft") {
        e.preventDefault();
        o.prev();
        return;
      }
      const i =
        e.key.length === 1 ? Math.max(DIGITS.indexOf(e.key), LETTERS.indexOf(e.key.toLowerCase())) : -1;
      const option = i >= 0 ? o.question?.options[i] : undefined;
      if (option && o.canAnswer) {
        e.preventDefault();
        o.pick(option.id);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}
