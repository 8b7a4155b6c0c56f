import type { AdminExam, AdminProduct, CreateProductBody } from "@imtihon/client-sdk/protocol";
import { useState, type FormEvent } from "react";
import { useApi } from "../../api/use-api.ts";
import { useAuth } from "../../auth/auth-context.tsx";
import { describeError } from "../../components/describe-error.ts";
import { Layout, Status } from "../../components/layout.tsx";
import { useT } from "../../i18n/i18n.tsx";
import { formatUzs, grantsText } from "../payments/format.ts";
import { DataTable } from "../../components/data-table.tsx";

type ExamRow = Omit<AdminExam, "sections">;

const optionalInt = (v: FormDataEntryValue | null) => {
  const s = String(v ?? "").trim();
  return s === "" ? null : Number(s);
};
const optionalText = (v: FormDataEntryValue | null) => {
  const s = String(v ?? "").trim();
  return s === "" ? null : s;
};

/** Products: create, edit (later orders only), retire. A single-exam product takes only fiscal codes. */
export function AdminProductsPage() {
  const t = useT();
  const { auth } = useAuth();
  const products = useApi<{ items: AdminProduct[] }>("/admin/products");
  const exams = useApi<{ items: ExamRow[] }>("/admin/exams");
  const [editing, setEditing] = useState<AdminProduct | null>(null);
  const [allExams, setAllExams] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const paidExams = exams.data?.items.filter((e) => e.status === "published" && e.priceUzs > 0) ?? [];

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setError(null);
    setNotice(null);
    const form = e.currentTarget;
    const f = new FormData(form);
    const fiscal = {
      ikpu: optionalText(f.get("ikpu")),
      packageCode: optionalText(f.get("packageCode")),
      vatPercent: Number(f.get("vat") || 0),
    };
    const body: CreateProductBody = {
      title: String(f.get("title")),
      priceUzs: Number(f.get("price")),
      grants: {
        examIds: allExams ? null : f.getAll("examIds").map(String),
        attempts: optionalInt(f.get("attempts")),
        days: optionalInt(f.get("days")),
      },
      fiscal,
    };
    try {
      if (editing)
        await auth.api(`/admin/products/${editing.id}`, {
          method: "PATCH",
          body: editing.examId ? { fiscal } : body,
        });
      else await auth.api("/admin/products", { method: "POST", body });
      setEditing(null);
      setNotice(t("adminProducts.saved"));
      form.reset();
      products.reload();
    } catch (err) {
      setError(describeError(t, err));
    }
  };
  const retire = async (id: string) => {
    setError(null);
    try {
      await auth.api(`/admin/products/${id}/retire`, { method: "POST" });
      products.reload();
    } catch (err) {
      setError(describeError(t, err));
    }
  };
  const edit = (p: AdminProduct) => {
    setEditing(p);
    setAllExams(p.grants.examIds === null);
  };
  const single = !!editing?.examId;

  return (
    <Layout wide>
      <h1>{t("adminProducts.title")}</h1>
      <Status loading={products.loading && !products.data} error={products.error ?? exams.error} />
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {notice && <p role="status">{notice}</p>}
      <DataTable
        columns={[
          t("adminProducts.name"),
          t("adminProducts.price"),
          t("adminProducts.grants"),
          t("adminProducts.ikpu"),
          t("order.status"),
        ]}
        actions={t("adminExams.actions")}
      >
        {products.data?.items.map((p) => (
          <tr key={p.id} data-product={p.title}>
            <th scope="row">
              {p.title}
              {p.examId && <span className="muted"> · {t("adminProducts.single")}</span>}
            </th>
            <td>{formatUzs(t, p.priceUzs)}</td>
            <td>{grantsText(t, p.grants)}</td>
            <td>{p.fiscal.ikpu ?? "—"}</td>
            <td>{p.retiredAt ? t("adminProducts.retired") : "✓"}</td>
            <td className="actions">
              <button type="button" onClick={() => edit(p)}>
                {t("adminProducts.edit")}
              </button>{" "}
              {!p.retiredAt && (
                <button type="button" className="danger" onClick={() => void retire(p.id)}>
                  {t("adminProducts.retire")}
                </button>
              )}
            </td>
          </tr>
        ))}
      </DataTable>

      <h2>{editing ? editing.title : t("adminProducts.new")}</h2>
      <form key={editing?.id ?? "new"} onSubmit={(e) => void submit(e)} className="stack">
        <div className="card form-grid">
          <label>
            {t("adminProducts.name")}
            <input name="title" required maxLength={200} defaultValue={editing?.title} disabled={single} />
          </label>
          <label>
            {t("adminProducts.price")}
            <input
              name="price"
              type="number"
              min={1}
              step={1}
              required
              defaultValue={editing?.priceUzs}
              disabled={single}
            />
          </label>
          <label>
            {t("adminProducts.attempts")}
            <input
              name="attempts"
              type="number"
              min={1}
              step={1}
              defaultValue={editing?.grants.attempts ?? ""}
              disabled={single}
            />
          </label>
          <label>
            {t("adminProducts.days")}
            <input
              name="days"
              type="number"
              min={1}
              step={1}
              defaultValue={editing?.grants.days ?? ""}
              disabled={single}
            />
          </label>
          <label>
            {t("adminProducts.ikpu")}
            <input
              name="ikpu"
              inputMode="numeric"
              pattern="\d{17}"
              defaultValue={editing?.fiscal.ikpu ?? ""}
            />
          </label>
          <label>
            {t("adminProducts.packageCode")}
            <input name="packageCode" maxLength={32} defaultValue={editing?.fiscal.packageCode ?? ""} />
          </label>
          <label>
            {t("adminProducts.vat")}
            <input
              name="vat"
              type="number"
              min={0}
              max={100}
              step={1}
              defaultValue={editing?.fiscal.vatPercent ?? 0}
            />
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={allExams}
              disabled={single}
              onChange={(e) => setAllExams(e.target.checked)}
            />{" "}
            {t("adminProducts.allExams")}
          </label>
        </div>
        {!allExams && !single && (
          <fieldset className="card">
            <legend>{t("adminProducts.exams")}</legend>
            <ul className="pick-list">
              {paidExams.map((x) => (
                <li key={x.id}>
                  <label className="check">
                    <input
                      type="checkbox"
                      name="examIds"
                      value={x.id}
                      defaultChecked={editing?.grants.examIds?.includes(x.id)}
                    />{" "}
                    {x.title} · {formatUzs(t, x.priceUzs)}
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
        )}
        <div className="row">
          <button type="submit" className="primary">
            {editing ? t("adminProducts.save") : t("adminProducts.create")}
          </button>
          {editing && (
            <button type="button" onClick={() => setEditing(null)}>
              {t("common.cancel")}
            </button>
          )}
        </div>
      </form>
    </Layout>
  );
}
