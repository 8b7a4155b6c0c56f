import type { QuestionView } from "@imtihon/client-sdk/protocol";
import { useT } from "../i18n/i18n.tsx";

/** The grid of question numbers: answered, unanswered, flagged for review; the current one marked. */
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
  return (
    <nav className="card qnav" aria-label={t("room.navigator")}>
      <h2 className="sr-only">{t("room.navigator")}</h2>
      <ol>
        {props.questions.map((q, i) => {
          const answered = props.answered(q.id);
          const flagged = props.flagged(q.id);
          const state = [
            answered ? t("room.answered") : t("room.unanswered"),
            flagged ? t("room.flagged") : null,
          ]
            .filter(Boolean)
            .join(", ");
          return (
            <li key={q.id}>
              <button
                type="button"
                className={`qnav-item${answered ? " answered" : ""}${flagged ? " flagged" : ""}`}
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
