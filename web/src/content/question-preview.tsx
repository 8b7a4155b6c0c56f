import type { QuestionView } from "@imtihon/client-sdk/protocol";
import { useState } from "react";
import { QuestionCard } from "../exam-room/question-card.tsx";
import { useT } from "../i18n/i18n.tsx";
import { RichText } from "./rich-text.tsx";

/**
 * A question as the student will see it: the exam room's own card (same markup, formulas and
 * figures), once at desktop width and once at a phone's 360 px, live as the author types. Picking
 * an option works here too, so the author sees the chosen state; nothing is sent anywhere.
 */
export function QuestionPreview(props: { question: QuestionView; explanation?: string }) {
  const t = useT();
  const [picked, setPicked] = useState<string[]>([]);
  const pick = (id: string) =>
    setPicked((now) =>
      props.question.kind === "single" ? [id] : now.includes(id) ? now.filter((x) => x !== id) : [...now, id],
    );
  const response =
    picked.length === 0
      ? undefined
      : props.question.kind === "single"
        ? { choice: picked[0]! }
        : { choices: picked };
  // Each frame its own ids, so the two cards' radio groups and headings do not collide.
  const card = (frame: string) => (
    <QuestionCard
      question={{ ...props.question, id: `${props.question.id}-${frame}` }}
      index={0}
      total={1}
      response={response}
      saveState="idle"
      flagged={false}
      disabled={false}
      connected
      onPick={pick}
      onAnswer={() => {}}
      onToggleFlag={() => {}}
    />
  );
  return (
    <div className="question-preview" data-testid="question-preview">
      {(["desktop", "phone"] as const).map((width) => (
        <figure key={width} className={`preview-frame preview-${width}`}>
          <figcaption className="muted">
            {width === "desktop" ? t("preview.desktop") : t("preview.phone")}
          </figcaption>
          {card(width)}
          {props.explanation && (
            <div className="card preview-explanation">
              <strong>{t("preview.explanation")}</strong>
              <RichText text={props.explanation} />
            </div>
          )}
        </figure>
      ))}
    </div>
  );
}
