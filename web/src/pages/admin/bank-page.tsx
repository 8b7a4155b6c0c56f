import {
  DIFFICULTIES,
  QUESTION_KINDS,
  type AdminQuestion,
  type Difficulty,
  type Topic,
} from "@imtihon/client-sdk/protocol";
import { useState } from "react";
import { useApi } from "../../api/use-api.ts";
import { useAuth } from "../../auth/auth-context.tsx";
import { ConfirmDialog } from "../../components/confirm-dialog.tsx";
import { Layout, Status } from "../../components/layout.tsx";
import { describeError } from "../../i18n/errors.ts";
import { useT, type MessageKey } from "../../i18n/i18n.tsx";
import { QuestionEditor } from "./question-editor.tsx";
import { useSubjects } from "./subjects.ts";

export interface BankFilter {
  subjectId: string;
  topicId: string;
  kind: string;
  difficulty: string;
  q: string;
}

/** The query string of `GET /admin/questions` for a filter (empty fields left out). */
export function bankQuery(f: Partial<BankFilter>, limit = 200): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v) p.set(k, v);
  p.set("limit", String(limit));
  return `/admin/questions?${p}`;
}

/** A subject's topics (GET /admin/topics), in path order. */
export function useTopics(subjectId: string) {
  const topics = useApi<{ items: Topic[] }>(
    subjectId ? `/admin/topics?subjectId=${encodeURIComponent(subjectId)}` : null,
  );
  return { topics: subjectId ? (topics.data?.items ?? []) : [], reload: topics.reload, error: topics.error };
}

/** The filters of the bank (subject, topic, kind, difficulty, text), shared with the exam builder. */
export function BankFilters(props: {
  filter: BankFilter;
  topics: Topic[];
  subjects?: { id: string; name: string }[];
  onChange: (patch: Partial<BankFilter>) => void;
}) {
  const t = useT();
  const f = props.filter;
  return (
    <div className="form-grid bank-filters">
      {props.subjects && (
        <label>
          {t("bank.subject")}
          <select
            value={f.subjectId}
            onChange={(e) => props.onChange({ subjectId: e.target.value, topicId: "" })}
          >
            <option value="">{t("bank.any")}</option>
            {props.subjects.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        {t("bank.topic")}
        <select
          value={f.topicId}
          disabled={!props.topics.length}
          onChange={(e) => props.onChange({ topicId: e.target.value })}
        >
          <option value="">{t("bank.any")}</option>
          {props.topics.map((x) => (
            <option key={x.id} value={x.id}>
              {"\u00a0\u00a0".repeat(x.path.length - 1)}
              {x.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("bank.kind")}
        <select value={f.kind} onChange={(e) => props.onChange({ kind: e.target.value })}>
          <option value="">{t("bank.any")}</option>
          {QUESTION_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`kind.${k}` as MessageKey)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("bank.difficulty")}
        <select value={f.difficulty} onChange={(e) => props.onChange({ difficulty: e.target.value })}>
          <option value="">{t("bank.any")}</option>
          {DIFFICULTIES.map((x) => (
            <option key={x} value={x}>
              {t(`difficulty.${x}` as MessageKey)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("bank.search")}
        <input
          type="search"
          value={f.q}
          maxLength={200}
          onChange={(e) => props.onChange({ q: e.target.value })}
        />
      </label>
    </div>
  );
}

type Bulk = "set_difficulty" | "add_topic" | "remove_topic" | "delete_unused";

/**
 * The question bank: filter by subject, topic (with its subtopics), kind, difficulty and text; create
 * and edit questions of every kind; tag many at once (difficulty, topic) or delete those no exam uses.
 */
export function BankPage() {
  const t = useT();
  const { auth } = useAuth();
  const { subjects } = useSubjects();
  const [filter, setFilter] = useState<BankFilter>({
    subjectId: "",
    topicId: "",
    kind: "",
    difficulty: "",
    q: "",
  });
  const { topics, reload: reloadTopics } = useTopics(filter.subjectId);
  const list = useApi<{ items: AdminQuestion[] }>(bankQuery({ ...filter, q: filter.q.trim() }));
  const items = list.data?.items ?? [];
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [editing, setEditing] = useState<AdminQuestion | "new" | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [bulk, setBulk] = useState<Bulk>("set_difficulty");
  const [bulkDifficulty, setBulkDifficulty] = useState<Difficulty | "">("easy");
  const [bulkTopic, setBulkTopic] = useState("");
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [topicName, setTopicName] = useState("");
  const [topicParent, setTopicParent] = useState("");

  const change = (patch: Partial<BankFilter>) => {
    setFilter((f) => ({ ...f, ...patch }));
    setSelected(new Set());
  };
  const toggle = (id: string) =>
    setSelected((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });

  const runBulk = async () => {
    const ids = [...selected];
    const body =
      bulk === "set_difficulty"
        ? { action: bulk, ids, difficulty: bulkDifficulty || null }
        : bulk === "delete_unused"
          ? { action: bulk, ids }
          : { action: bulk, ids, topicId: bulkTopic };
    const res = await auth.api<{ updated: number; skipped: string[] }>("/admin/questions/bulk", {
      method: "POST",
      body,
    });
    setNotice(t("bank.bulkDone", { updated: res.updated, skipped: res.skipped.length }));
    setSelected(new Set());
    list.reload();
  };

  const addTopic = async () => {
    setError(null);
    try {
      const res = await auth.api<{ topic: Topic }>("/admin/topics", {
        method: "POST",
        body: {
          subjectId: filter.subjectId,
          name: topicName,
          ...(topicParent ? { parentId: topicParent } : {}),
        },
      });
      setNotice(t("bank.topicAdded", { path: res.topic.path.join(" › ") }));
      setTopicName("");
      reloadTopics();
    } catch (err) {
      setError(err);
    }
  };

  const subjectOf = (q: AdminQuestion) => subjects.find((s) => s.id === q.subjectId)?.name ?? "";
  const topicLabel = (id: string) => topics.find((x) => x.id === id)?.path.join(" › ");

  return (
    <Layout wide>
      <h1>{t("bank.title")}</h1>
      <div className="card stack">
        <BankFilters filter={filter} topics={topics} subjects={subjects} onChange={change} />
        {!filter.subjectId && <p className="hint-text">{t("bank.pickSubject")}</p>}
        {filter.subjectId && (
          <div className="row">
            <button type="button" className="primary" onClick={() => setEditing("new")}>
              {t("bank.new")}
            </button>
            <label>
              {t("bank.newTopic")}
              <input value={topicName} maxLength={200} onChange={(e) => setTopicName(e.target.value)} />
            </label>
            <label>
              {t("bank.topicParent")}
              <select value={topicParent} onChange={(e) => setTopicParent(e.target.value)}>
                <option value="">{t("bank.topicRoot")}</option>
                {topics.map((x) => (
                  <option key={x.id} value={x.id}>
                    {x.path.join(" › ")}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" disabled={!topicName.trim()} onClick={() => void addTopic()}>
              {t("bank.addTopic")}
            </button>
          </div>
        )}
      </div>

      {editing && filter.subjectId && (
        <QuestionEditor
          key={editing === "new" ? "new" : editing.id}
          subjectId={editing === "new" ? filter.subjectId : editing.subjectId}
          topics={topics}
          {...(editing === "new" ? {} : { question: editing })}
          onSaved={(r) => {
            setEditing(null);
            setNotice(r.newVersion ? t("editor.savedVersion", { n: r.version ?? 2 }) : t("editor.saved"));
            list.reload();
          }}
          onCancel={() => setEditing(null)}
        />
      )}
      {notice && (
        <p role="status" className="ok" data-testid="bank-notice">
          {notice}
        </p>
      )}
      {error !== null && (
        <p role="alert" className="error">
          {describeError(t, error)}
        </p>
      )}

      <div className="card stack">
        <div className="row">
          <span>{t("bank.count", { count: items.length })}</span>
          {selected.size > 0 && <strong>{t("bank.selected", { count: selected.size })}</strong>}
        </div>
        {selected.size > 0 && (
          <div className="row bulk-bar" role="group" aria-label={t("bank.bulkAction")}>
            <select
              value={bulk}
              onChange={(e) => setBulk(e.target.value as Bulk)}
              aria-label={t("bank.bulkAction")}
            >
              <option value="set_difficulty">{t("bank.bulkSetDifficulty")}</option>
              {topics.length > 0 && <option value="add_topic">{t("bank.bulkAddTopic")}</option>}
              {topics.length > 0 && <option value="remove_topic">{t("bank.bulkRemoveTopic")}</option>}
              <option value="delete_unused">{t("bank.bulkDelete")}</option>
            </select>
            {bulk === "set_difficulty" && (
              <select
                value={bulkDifficulty}
                aria-label={t("bank.difficulty")}
                onChange={(e) => setBulkDifficulty(e.target.value as Difficulty | "")}
              >
                {DIFFICULTIES.map((x) => (
                  <option key={x} value={x}>
                    {t(`difficulty.${x}` as MessageKey)}
                  </option>
                ))}
                <option value="">{t("bank.none")}</option>
              </select>
            )}
            {(bulk === "add_topic" || bulk === "remove_topic") && (
              <select
                value={bulkTopic}
                aria-label={t("bank.topic")}
                onChange={(e) => setBulkTopic(e.target.value)}
              >
                <option value="">—</option>
                {topics.map((x) => (
                  <option key={x.id} value={x.id}>
                    {x.path.join(" › ")}
                  </option>
                ))}
              </select>
            )}
            <button
              type="button"
              className={bulk === "delete_unused" ? "danger" : "primary"}
              disabled={(bulk === "add_topic" || bulk === "remove_topic") && !bulkTopic}
              onClick={() => {
                setError(null);
                if (bulk === "delete_unused") setConfirmDelete(true);
                else runBulk().catch(setError);
              }}
            >
              {t("bank.bulkApply")}
            </button>
          </div>
        )}
        <Status loading={list.loading} error={list.error} />
        {!list.loading && items.length === 0 && <p className="muted">{t("bank.empty")}</p>}
        {items.length > 0 && (
          <label className="check">
            <input
              type="checkbox"
              checked={selected.size === items.length}
              onChange={() =>
                setSelected(selected.size === items.length ? new Set() : new Set(items.map((q) => q.id)))
              }
            />{" "}
            {t("bank.selectAll")}
          </label>
        )}
        <ul className="bank-list">
          {items.map((q, i) => (
            <li key={q.id} className="bank-item" data-question-id={q.id}>
              <input
                type="checkbox"
                checked={selected.has(q.id)}
                aria-label={t("bank.selectAria", { n: i + 1 })}
                onChange={() => toggle(q.id)}
              />
              <div className="grow">
                <p className="clip">{q.stem}</p>
                <p className="muted hint-text">
                  {[
                    subjectOf(q),
                    t(`kind.${q.kind}` as MessageKey),
                    q.difficulty ? t(`difficulty.${q.difficulty}` as MessageKey) : null,
                    ...q.topicIds.map(topicLabel),
                    q.version > 1 ? t("bank.version", { n: q.version }) : null,
                    q.frozen ? t("bank.frozen") : null,
                  ]
                    .filter(Boolean)
                    .join(" · ")}
                </p>
              </div>
              <button
                type="button"
                aria-label={t("bank.editAria", { n: i + 1 })}
                onClick={() => {
                  if (filter.subjectId !== q.subjectId) change({ subjectId: q.subjectId });
                  setEditing(q);
                }}
              >
                {t("bank.edit")}
              </button>
            </li>
          ))}
        </ul>
      </div>
      {confirmDelete && (
        <ConfirmDialog
          title={t("bank.bulkConfirmDelete")}
          confirmLabel={t("bank.bulkDelete")}
          danger
          onConfirm={runBulk}
          onClose={() => setConfirmDelete(false)}
        />
      )}
    </Layout>
  );
}
