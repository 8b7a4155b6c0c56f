import { createHash, timingSafeEqual } from "node:crypto";

/**
 * Click's `sign_string`: MD5 (hex) over click_trans_id, service_id, the secret key,
 * merchant_trans_id, merchant_prepare_id (complete only), amount, action and sign_time, exactly as
 * the strings arrived.
 */
export function clickSign(
  p: {
    click_trans_id: string;
    service_id: string;
    merchant_trans_id: string;
    merchant_prepare_id?: string;
    amount: string;
    action: string;
    sign_time: string;
  },
  secretKey: string,
): string {
  const text =
    p.click_trans_id +
    p.service_id +
    secretKey +
    p.merchant_trans_id +
    (p.merchant_prepare_id ?? "") +
    p.amount +
    p.action +
    p.sign_time;
  return createHash("md5").update(text).digest("hex");
}

export function signMatches(given: string, wanted: string): boolean {
  const a = Buffer.from(given.toLowerCase());
  const b = Buffer.from(wanted);
  return a.length === b.length && timingSafeEqual(a, b);
}
