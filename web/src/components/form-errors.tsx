import type { z } from "zod";
import { describeIssue, issueText, type Issue } from "../i18n/errors.ts";
import { useT } from "../i18n/i18n.tsx";

/** Runs a protocol schema in the page: the same rules as the server, before anything is sent. */
export function check<S extends z.ZodType>(
  schema: S,
  value: unknown,
): { ok: true; data: z.output<S> } | { ok: false; issues: Issue[] } {
  const r = schema.safeParse(value);
  return r.success
    ? { ok: true, data: r.data }
    : { ok: false, issues: r.error.issues.map((i) => ({ ...i, path: i.path as (string | number)[] })) };
}

/** The issues of one field (dotted path), under its input; `id` ties it to aria-describedby. */
export function FieldError({ issues, path, id }: { issues: readonly Issue[]; path: string; id: string }) {
  const t = useT();
  const mine = issues.filter((i) => i.path.join(".") === path);
  if (mine.length === 0) return null;
  return (
    <span className="field-error" id={id} data-field={path}>
      {mine.map((i) => issueText(t, i)).join("; ")}
    </span>
  );
}

/** Every issue, with its field, as one alert (for issues that have no input of their own). */
export function IssueList({ issues, title }: { issues: readonly Issue[]; title?: string }) {
  const t = useT();
  if (issues.length === 0) return null;
  return (
    <div role="alert" className="error" data-testid="form-issues">
      {title && <p>{title}</p>}
      <ul className="errors">
        {issues.map((i, n) => (
          <li key={n}>{describeIssue(t, i)}</li>
        ))}
      </ul>
    </div>
  );
}
