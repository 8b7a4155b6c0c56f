/**
 * True when any string in the value (keys included) holds U+0000. Postgres text and jsonb cannot
 * store it, so such input is refused as `invalid_payload` at the edge instead of failing in SQL.
 */
export function containsNul(value: unknown, depth = 0): boolean {
  if (typeof value === "string") return value.includes("\u0000");
  if (depth > 32 || value === null || typeof value !== "object") return false;
  if (Array.isArray(value)) return value.some((v) => containsNul(v, depth + 1));
  return Object.entries(value).some(([k, v]) => k.includes("\u0000") || containsNul(v, depth + 1));
}
