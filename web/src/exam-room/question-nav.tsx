import type { QuestionView } from "@imtihon/client-sdk/protocol";
import { uzLetters } from "../i18n/format.ts";
import { useEffect, useRef } from "react";
import { useT } from "../i18n/i18n.tsx";

export interface Block {
  title: string;
  /** Positions in the attempt's question order. */
  indexes: number[];
}

/** Questions grouped by subject block (section), in the order the blocks first appear. */
export function blocksOf(questions: readonly QuestionView[]): Block[] {
  const blocks: Block[] = [];
  const byTitle = new Map<string, Block>();
  questions.forEach((q, i) => {
    let b = byTitle.get(q.section);
    if (!b) {
      b = { title: q.section, indexes: [] };
      byTitle.set(q.section, b);
      blocks.push(b);
    }
    b.indexes.push(i);
  });
  return blocks;
}

/**
 * The question numbers, grouped by subject block with answered/flagged counts per block; the current
 * one marked and kept in view (a 90-question DTM sheet scrolls inside the navigator).
 */
export function QuestionNav(props: {
  questions: QuestionView[];
  current: number;
  answered: (questionId: string) => boolean;
  flagged: (questionId: string) => boolean;
  onGo: (index: number) => void;
}) {
  const t = useT();
  const answeredCount = props.questions.filter((q) => props.answered(q.id)).length;
  const flaggedCount = props.questions.filter((q) => props.flagged(q.id)).length;
  const currentRef = useRef<HTMLButtonElement | null>(null);
  useEffect(() => {
    currentRef.current?.scrollIntoView({ block: "nearest", inline: "nearest" });
  }, [props.current]);
  const blocks = blocksOf(props.questions);
  return (
    <nav className="card qnav" aria-label={t("room.navigator")}>
      <h2 className="sr-only">{t("room.navigator")}</h2>
      {blocks.map((b, bi) => {
        const qs = b.indexes.map((i) => props.questions[i]!);
        const answered = qs.filter((q) => props.answered(q.id)).length;
        const flagged = qs.filter((q) => props.flagged(q.id)).length;
        return (
          <section
            key={b.title}
            className="qnav-block"
            aria-labelledby={`qnav-block-${bi}`}
            data-block={b.title}
          >
            <h3 id={`qnav-block-${bi}`} className="qnav-title">
              <span>{uzLetters(b.title)}</span>{" "}
              <span className="muted qnav-count" data-testid="block-summary">
                {t("room.blockSummary", { answered, total: qs.length, flagged })}
              </span>
            </h3>
            <ol>
              {b.indexes.map((i) => {
                const q = props.questions[i]!;
                const isAnswered = props.answered(q.id);
                const isFlagged = props.flagged(q.id);
                const state = [
                  isAnswered ? t("room.answered") : t("room.unanswered"),
                  isFlagged ? t("room.flagged") : null,
                ]
                  .filter(Boolean)
                  .join(", ");
                return (
                  <li key={q.id}>
                    <button
                      type="button"
                      ref={i === props.current ? currentRef : undefined}
                      className={`qnav-item${isAnswered ? " answered" : ""}${isFlagged ? " flagged" : ""}`}
                      aria-current={i === props.current ? "step" : undefined}
                      aria-label={t("room.navItem", { n: i + 1, state })}
                      onClick={() => props.onGo(i)}
                    >
                      {i + 1}
                    </button>
                  </li>
                );
              })}
            </ol>
          </section>
        );
      })}
      <p className="muted legend" data-testid="nav-legend">
        {t("room.legend", {
          answered: answeredCount,
          unanswered: props.questions.length - answeredCount,
          flagged: flaggedCount,
        })}
      </p>
    </nav>
  );
}
