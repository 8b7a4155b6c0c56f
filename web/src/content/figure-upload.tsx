import type { Media } from "@imtihon/client-sdk/protocol";
import { useState, type FormEvent } from "react";
import { useAuth } from "../auth/auth-context.tsx";
import { ApiError } from "../api/http.ts";
import { describeError } from "../i18n/errors.ts";
import { useT, type MessageKey, type Translate } from "../i18n/i18n.tsx";

/** The server's `details.reason` for a refused figure (server/src/media/image.ts), in words. */
const REFUSALS: Record<string, MessageKey> = {
  empty: "figure.empty",
  too_large: "figure.tooLarge",
  not_image: "figure.notImage",
  svg: "figure.svg",
  damaged: "figure.damaged",
  too_many_pixels: "figure.tooManyPixels",
  alt_missing: "figure.altRequired",
  alt_too_long: "figure.altTooLong",
};

function uploadError(t: Translate, err: unknown): string {
  if (!(err instanceof ApiError)) return err instanceof Error ? err.message : String(err);
  const reason = (err.details as { reason?: string } | undefined)?.reason;
  if (reason && REFUSALS[reason]) return t(REFUSALS[reason]);
  if (err.code === "payload_too_large") return t("figure.tooLarge");
  return describeError(t, err);
}

/**
 * Uploads a figure (PNG, JPEG or WebP) with its alt text, required, and hands back the markup that
 * shows it, `![alt](url)`, for the author to insert into a stem or an option.
 */
export function FigureUpload(props: { onInsert: (markup: string) => void }) {
  const t = useT();
  const { auth } = useAuth();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [formKey, setFormKey] = useState(0);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const alt = String(form.get("alt") ?? "").trim();
    const file = form.get("file");
    if (!(file instanceof File) || file.size === 0) return setError(new Error(t("figure.fileRequired")));
    if (!alt) return setError(new Error(t("figure.altRequired")));
    setBusy(true);
    setError(null);
    try {
      const { media } = await auth.api<{ media: Media }>("/admin/media", { method: "POST", body: form });
      // Square brackets would end the alt text early in the markup.
      props.onInsert(`![${media.alt.replace(/[[\]]/g, "")}](${media.url})`);
      setFormKey((k) => k + 1);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form key={formKey} className="figure-upload" onSubmit={(e) => void submit(e)} noValidate>
      <label>
        {t("figure.file")}
        <input type="file" name="file" accept="image/png,image/jpeg,image/webp" required />
      </label>
      <label>
        {t("figure.alt")}
        <input type="text" name="alt" maxLength={500} required />
      </label>
      <button type="submit" disabled={busy}>
        {busy ? t("figure.uploading") : t("figure.upload")}
      </button>
      {error !== null && (
        <p role="alert" className="error">
          {uploadError(t, error)}
        </p>
      )}
    </form>
  );
}
