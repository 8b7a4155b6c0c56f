import { createDirectionBody, createSubjectBody, type DirectionDto } from "@imtihon/client-sdk/protocol";
import { useState, type FormEvent } from "react";
import { useApi } from "../../api/use-api.ts";
import { useAuth } from "../../auth/auth-context.tsx";
import { check, FieldError } from "../../components/form-errors.tsx";
import { Layout, Status } from "../../components/layout.tsx";
import { describeError, type Issue } from "../../i18n/errors.ts";
import { uzLetters } from "../../i18n/format.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { useSubjects } from "./subjects.ts";

/** Subjects and study directions: list and add, validated in the page with the protocol's schemas. */
export function CatalogueAdminPage() {
  const { t } = useI18n();
  const { subjects, error, reload } = useSubjects();
  const directions = useApi<{ items: DirectionDto[] }>("/directions");
  return (
    <Layout wide>
      <h1>{t("cat.title")}</h1>
      <Status error={error ?? directions.error} />
      <div className="dashboard">
        <section className="card" aria-labelledby="cat-subjects">
          <h2 id="cat-subjects">{t("cat.subjects")}</h2>
          <ul className="list" data-testid="subject-list">
            {subjects.map((s) => (
              <li key={s.id}>
                {uzLetters(s.name)} <code className="muted">{s.code}</code>
              </li>
            ))}
          </ul>
          <CodeNameForm kind="subject" onDone={reload} />
        </section>
        <section className="card" aria-labelledby="cat-directions">
          <h2 id="cat-directions">{t("cat.directions")}</h2>
          <ul className="list" data-testid="direction-list">
            {directions.data?.items.map((d) => (
              <li key={d.id}>
                <strong>{uzLetters(d.name)}</strong> <code className="muted">{d.code}</code>
                <div className="muted">{d.subjects.map((s) => uzLetters(s.name)).join(", ") || "—"}</div>
              </li>
            ))}
          </ul>
          <CodeNameForm kind="direction" subjects={subjects} onDone={directions.reload} />
        </section>
      </div>
    </Layout>
  );
}

function CodeNameForm(props: {
  kind: "subject" | "direction";
  subjects?: { id: string; name: string }[];
  onDone: () => void;
}) {
  const { t } = useI18n();
  const { auth } = useAuth();
  const [issues, setIssues] = useState<Issue[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const id = `cat-${props.kind}`;
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const base = { code: String(f.get("code") ?? ""), name: String(f.get("name") ?? "") };
    const parsed =
      props.kind === "subject"
        ? check(createSubjectBody, base)
        : check(createDirectionBody, { ...base, subjectIds: f.getAll("subjectIds").map(String) });
    setIssues(parsed.ok ? [] : parsed.issues);
    setError(null);
    setDone(null);
    if (!parsed.ok) return;
    try {
      await auth.api(props.kind === "subject" ? "/admin/subjects" : "/admin/directions", {
        method: "POST",
        body: parsed.data,
      });
      setDone(base.name.trim());
      form.reset();
      props.onDone();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form className="stack" onSubmit={(e) => void submit(e)} noValidate>
      <h3>{props.kind === "subject" ? t("cat.addSubject") : t("cat.addDirection")}</h3>
      <label>
        {t("field.name")}
        <input name="name" />
        <FieldError issues={issues} path="name" id={`${id}-name`} />
      </label>
      <label>
        {t("field.code")}
        <input name="code" aria-describedby={`${id}-code-hint`} />
        <FieldError issues={issues} path="code" id={`${id}-code`} />
        <span className="hint-text" id={`${id}-code-hint`}>
          {t("cat.codeHint")}
        </span>
      </label>
      {props.subjects && (
        <fieldset>
          <legend>{t("field.subjectIds")}</legend>
          {props.subjects.map((s) => (
            <label key={s.id} className="check">
              <input type="checkbox" name="subjectIds" value={s.id} /> {uzLetters(s.name)}
            </label>
          ))}
        </fieldset>
      )}
      <button type="submit" className="primary">
        {props.kind === "subject" ? t("cat.addSubject") : t("cat.addDirection")}
      </button>
      {done && (
        <p role="status" className="ok">
          {t("cat.added", { name: done })}
        </p>
      )}
      {error !== null && (
        <p role="alert" className="error">
          {(error as { code?: string }).code === "conflict" ? t("cat.codeTaken") : describeError(t, error)}
        </p>
      )}
    </form>
  );
}
