import { clickSign } from "./click/sign.ts";

/**
 * The providers' side of the wire: exactly the HTTP calls Payme and Click make to a merchant.
 * Used by the sandbox script (a person completing a purchase without a merchant account) and by
 * the tests.
 */
export function paymeAuth(key: string): string {
  return `Basic ${Buffer.from(`Paycom:${key}`).toString("base64")}`;
}

let rpcSeq = 0;

export async function paymeCall(
  baseUrl: string,
  key: string,
  method: string,
  params: Record<string, unknown>,
  opts: { authorization?: string; rawBody?: string } = {},
): Promise<any> {
  const res = await fetch(`${baseUrl}/api/v1/payments/payme`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: opts.authorization ?? paymeAuth(key) },
    body: opts.rawBody ?? JSON.stringify({ jsonrpc: "2.0", id: ++rpcSeq, method, params }),
  });
  if (res.status !== 200) throw new Error(`Payme endpoint answered HTTP ${res.status}`);
  return res.json();
}

export interface ClickFields {
  click_trans_id: string;
  service_id: string;
  click_paydoc_id: string;
  merchant_trans_id: string;
  merchant_prepare_id?: string;
  amount: string;
  action: "0" | "1";
  error: string;
  error_note: string;
  sign_time: string;
}

/** "YYYY-MM-DD HH:mm:ss", Click's sign_time. */
export function clickTime(d = new Date()): string {
  return d.toISOString().replace("T", " ").slice(0, 19);
}

export async function clickCall(
  baseUrl: string,
  secretKey: string,
  fields: ClickFields,
  opts: { signString?: string } = {},
): Promise<any> {
  const kind = fields.action === "0" ? "prepare" : "complete";
  const sign_string = opts.signString ?? clickSign(fields, secretKey);
  const entries = Object.entries(fields).filter((e): e is [string, string] => typeof e[1] === "string");
  const body = new URLSearchParams([...entries, ["sign_string", sign_string]]);
  const res = await fetch(`${baseUrl}/api/v1/payments/click/${kind}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body,
  });
  if (res.status !== 200) throw new Error(`Click endpoint answered HTTP ${res.status}`);
  return res.json();
}
