/**
 * The web client speaks HTTP through the SDK's typed client (`@imtihon/client-sdk`, built from the
 * protocol's route table): one client for every integrator, with the same refresh, error envelope
 * and response validation. `ApiError` is its error under the name the pages know.
 */
import { HttpError } from "@imtihon/client-sdk";
import type { ErrorCode } from "@imtihon/client-sdk/protocol";

export { HttpError as ApiError } from "@imtihon/client-sdk";

export interface RequestOptions {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  body?: unknown;
}

/** Downloads a file answer (an export) and hands it to the browser under the server's file name. */
export async function downloadFile(path: string, token: string): Promise<void> {
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
  } catch (err) {
    throw new HttpError(0, "network", err instanceof Error ? err.message : String(err));
  }
  if (!res.ok) {
    const err = (
      (await res.json().catch(() => undefined)) as { error?: { code?: ErrorCode; message?: string } }
    )?.error;
    throw new HttpError(res.status, err?.code ?? "unavailable", err?.message ?? `HTTP ${res.status}`);
  }
  const name = /filename="([^"]+)"/.exec(res.headers.get("content-disposition") ?? "")?.[1] ?? "download";
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
