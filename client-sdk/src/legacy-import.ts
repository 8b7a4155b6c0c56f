import type { LegacyImportResult, LegacyResultItem, LegacyResultsBody } from "./protocol/legacy.ts";
import type { OutboxStorage } from "./storage.ts";

/** The fields of a legacy result as the server takes them (`POST /me/legacy-results`). */
export type LegacyField = keyof LegacyResultItem;

/** `localStorage` in a browser; anything with the same three methods elsewhere. */
export type LegacyStorage = OutboxStorage;

export interface LegacyImportConfig {
  /** The old site's LocalStorage keys: each holds a JSON array of results (or `{ results: [...] }`). */
  keys: string[];
  /** For each field, the property names tried in order on a stored entry (`a.b` reaches inside). */
  fields: Record<LegacyField, string[]>;
  /** Items per upload; the server takes at most 200. */
  chunkSize: number;
  /** Where the import keeps its progress and the student's "never". */
  stateKey: string;
  /** Once every chunk is confirmed: keep the old keys (the state marks them imported) or remove them. */
  afterImport: "keep" | "remove";
}

/**
 * A realistic guess at the old site's format (docs/migration.md): `dtm_results` holding
 * `[{ date, subject, direction, score, maxScore, correct, total, testName }]`, with the Uzbek and
 * Russian names such sites also use. Sites differ: pass your own to `legacyConfig`.
 */
export const defaultLegacyConfig: LegacyImportConfig = {
  keys: ["dtm_results"],
  fields: {
    takenAt: ["date", "takenAt", "timestamp", "time", "sana"],
    subject: ["subject", "fan", "predmet"],
    direction: ["direction", "yonalish", "napravlenie"],
    testName: ["testName", "test", "name", "title"],
    score: ["score", "ball", "points"],
    maxScore: ["maxScore", "max", "maxBall", "max_score"],
    correct: ["correct", "togri", "right"],
    total: ["total", "questions", "jami"],
  },
  chunkSize: 100,
  stateKey: "imtihon.legacyImport",
  afterImport: "keep",
};

/** The defaults with some fields replaced; `fields` merges per field. */
export function legacyConfig(
  overrides: Partial<Omit<LegacyImportConfig, "fields">> & { fields?: Partial<LegacyImportConfig["fields"]> },
): LegacyImportConfig {
  return {
    ...defaultLegacyConfig,
    ...overrides,
    fields: { ...defaultLegacyConfig.fields, ...overrides.fields },
  };
}

export interface LegacySource {
  /** Every entry found, mapped to the server's field names (the server judges each one). */
  items: unknown[];
  /** Keys present but not JSON holding a list: left alone, never marked imported. */
  unreadable: string[];
  /** Changes whenever the stored data does: progress belongs to one version of it. */
  fingerprint: string;
}

interface LegacyState {
  fingerprint: string;
  /** Chunks the server confirmed (by index), and what it said about them. */
  confirmed: number[];
  totals: LegacyImportResult;
  doneAt?: string;
  never?: boolean;
}

export interface LegacyImportSummary extends LegacyImportResult {
  /** Entries found in the stored keys. */
  found: number;
  unreadable: string[];
}

const TEXT: LegacyField[] = ["subject", "direction", "testName"];
const NUMBERS: LegacyField[] = ["score", "maxScore", "correct", "total"];

function pick(entry: Record<string, unknown>, paths: string[]): unknown {
  for (const path of paths) {
    let v: unknown = entry;
    for (const part of path.split("."))
      v = v && typeof v === "object" ? (v as Record<string, unknown>)[part] : undefined;
    if (v !== undefined && v !== null && v !== "") return v;
  }
  return undefined;
}

const pad = (n: string) => n.padStart(2, "0");

/**
 * Old sites store dates as epoch milliseconds or seconds, ISO strings, or `dd.mm.yyyy [hh:mm]`.
 * A time without a zone is Tashkent's (UTC+5). Anything else goes as it is, for the server to refuse.
 */
export function legacyDate(value: unknown): unknown {
  if (typeof value === "number" && Number.isFinite(value))
    return new Date(value > 1e11 ? value : value * 1000).toISOString();
  if (typeof value !== "string") return value;
  const s = value.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return s;
  const dmy = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})(?:[ ,T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(s);
  if (dmy) {
    const [, d, m, y, hh, mm, ss] = dmy;
    const date = `${y}-${pad(m!)}-${pad(d!)}`;
    return hh ? `${date}T${pad(hh)}:${mm}:${ss ?? "00"}+05:00` : date;
  }
  if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(s)) return `${s.replace(" ", "T")}+05:00`;
  const parsed = Date.parse(s);
  return /[zZ]|[+-]\d{2}:?\d{2}$/.test(s) && Number.isFinite(parsed) ? new Date(parsed).toISOString() : s;
}

/** "143,6" and "143.6" are numbers; anything else stays as it is. */
function legacyNumber(value: unknown): unknown {
  if (typeof value !== "string") return value;
  const n = Number(value.trim().replace(",", "."));
  return value.trim() !== "" && Number.isFinite(n) ? n : value;
}

/** One stored entry in the server's field names; a non-object is passed on for the server to refuse. */
export function mapLegacyEntry(entry: unknown, fields: LegacyImportConfig["fields"]): unknown {
  if (!entry || typeof entry !== "object" || Array.isArray(entry)) return entry;
  const e = entry as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const takenAt = pick(e, fields.takenAt);
  if (takenAt !== undefined) out.takenAt = legacyDate(takenAt);
  for (const f of TEXT) {
    const v = pick(e, fields[f]);
    if (v !== undefined) out[f] = typeof v === "string" ? v : String(v);
  }
  for (const f of NUMBERS) {
    const v = pick(e, fields[f]);
    if (v !== undefined) out[f] = legacyNumber(v);
  }
  return out;
}

// cyrb53: a fast 53-bit string hash, enough to tell one version of the stored data from another.
function fingerprint(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/** Reads and maps the configured keys; nothing is changed in `storage`. */
export function readLegacyResults(storage: LegacyStorage, config = defaultLegacyConfig): LegacySource {
  const items: unknown[] = [];
  const unreadable: string[] = [];
  const raw: string[] = [];
  for (const key of config.keys) {
    const text = storage.getItem(key);
    if (text === null) continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      unreadable.push(key);
      continue;
    }
    const list = Array.isArray(value)
      ? value
      : value && typeof value === "object"
        ? ((value as { results?: unknown }).results ?? (value as { items?: unknown }).items)
        : undefined;
    if (!Array.isArray(list)) {
      unreadable.push(key);
      continue;
    }
    raw.push(key, text);
    for (const entry of list) items.push(mapLegacyEntry(entry, config.fields));
  }
  return { items, unreadable, fingerprint: fingerprint(JSON.stringify(raw)) };
}

function loadState(storage: LegacyStorage, config: LegacyImportConfig): LegacyState | null {
  try {
    const s = JSON.parse(storage.getItem(config.stateKey) ?? "null") as LegacyState | null;
    return s && typeof s.fingerprint === "string" && Array.isArray(s.confirmed) ? s : null;
  } catch {
    return null;
  }
}

const saveState = (storage: LegacyStorage, config: LegacyImportConfig, state: LegacyState) =>
  storage.setItem(config.stateKey, JSON.stringify(state));

/**
 * What to offer after sign-in: `pending` when the old site's results are here and neither imported
 * nor refused for good; `done` once every chunk was confirmed; `never` after the student said so.
 */
export function legacyImportStatus(
  storage: LegacyStorage,
  config = defaultLegacyConfig,
): "none" | "pending" | "done" | "never" {
  const state = loadState(storage, config);
  if (state?.never) return "never";
  const source = readLegacyResults(storage, config);
  if (!source.items.length) return state?.doneAt ? "done" : "none";
  return state?.doneAt && state.fingerprint === source.fingerprint ? "done" : "pending";
}

/** The student's "never": the offer is not made again in this browser. */
export function declineLegacyImport(storage: LegacyStorage, config = defaultLegacyConfig): void {
  const state = loadState(storage, config);
  saveState(storage, config, {
    ...(state ?? { fingerprint: "", confirmed: [], totals: { imported: 0, duplicates: 0, rejected: [] } }),
    never: true,
  });
}

/**
 * Uploads the old site's results in chunks through `send` (e.g.
 * `body => http.importLegacyResults(body)`). Each chunk is idempotent on the server, and each
 * confirmed chunk is recorded in `storage` before the next is sent: if a chunk fails, the error is
 * thrown, nothing is marked imported, and calling again resumes with the first unconfirmed chunk.
 * The old keys are marked (or removed, `afterImport: "remove"`) only after every chunk is confirmed.
 *
 * @example
 * const summary = await importLegacyResults(localStorage, (body) => http.importLegacyResults(body));
 * console.log(`${summary.imported} imported, ${summary.duplicates} already there`);
 */
export async function importLegacyResults(
  storage: LegacyStorage,
  send: (body: LegacyResultsBody) => Promise<LegacyImportResult>,
  config = defaultLegacyConfig,
): Promise<LegacyImportSummary> {
  const source = readLegacyResults(storage, config);
  const saved = loadState(storage, config);
  const state: LegacyState =
    saved && saved.fingerprint === source.fingerprint && !saved.doneAt
      ? saved
      : {
          fingerprint: source.fingerprint,
          confirmed: [],
          totals: { imported: 0, duplicates: 0, rejected: [] },
        };
  const size = Math.max(1, Math.min(200, config.chunkSize));
  for (let i = 0, chunk = 0; i < source.items.length; i += size, chunk++) {
    if (state.confirmed.includes(chunk)) continue;
    const result = await send({ items: source.items.slice(i, i + size) });
    state.totals = {
      imported: state.totals.imported + result.imported,
      duplicates: state.totals.duplicates + result.duplicates,
      rejected: [...state.totals.rejected, ...result.rejected.map((r) => ({ ...r, index: r.index + i }))],
    };
    state.confirmed.push(chunk);
    saveState(storage, config, state);
  }
  if (source.items.length) {
    state.doneAt = new Date().toISOString();
    saveState(storage, config, state);
    if (config.afterImport === "remove")
      for (const key of config.keys) if (!source.unreadable.includes(key)) storage.removeItem(key);
  }
  return { ...state.totals, found: source.items.length, unreadable: source.unreadable };
}
