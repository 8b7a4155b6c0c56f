import type { ErrorCode } from "@imtihon/client-sdk/protocol";

/** An HTTP error answered in the contract's `{ error: { code, message, details? } }` shape. */
export class ApiError extends Error {
  override name = "ApiError";
  status: number;
  code: ErrorCode | "network";
  details: unknown;
  /** From a 429's Retry-After header: how long to wait, said to the user in their language. */
  retryAfterSeconds: number | undefined;
  constructor(
    status: number,
    code: ErrorCode | "network",
    message: string,
    details?: unknown,
    retryAfterSeconds?: number,
  ) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export interface RequestOptions {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  body?: unknown;
  /** A multipart form instead of a JSON body (an upload). */
  form?: FormData;
  token?: string | null;
}

/** One JSON call to `/api/v1`; throws ApiError on a non-2xx answer or a network failure. */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = {};
  if (options.body !== undefined) headers["content-type"] = "application/json";
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, {
      method: options.method ?? "GET",
      headers,
      body: options.form ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
    });
  } catch (err) {
    throw new ApiError(0, "network", err instanceof Error ? err.message : String(err));
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    // A non-JSON body (a proxy's error page): fall through with the status alone.
  }
  if (!res.ok) {
    const err = json?.error;
    const retryAfter = Number(res.headers.get("retry-after"));
    throw new ApiError(
      res.status,
      err?.code ?? "unavailable",
      err?.message ?? `HTTP ${res.status}`,
      err?.details,
      Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
    );
  }
  return json as T;
}

/** Downloads a file answer (an export) and hands it to the browser under the server's file name. */
export async function downloadFile(path: string, token: string): Promise<void> {
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
  } catch (err) {
    throw new ApiError(0, "network", err instanceof Error ? err.message : String(err));
  }
  if (!res.ok) {
    const err = (
      (await res.json().catch(() => undefined)) as { error?: { code?: ErrorCode; message?: string } }
    )?.error;
    throw new ApiError(res.status, err?.code ?? "unavailable", err?.message ?? `HTTP ${res.status}`);
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
