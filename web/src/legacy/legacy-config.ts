import { legacyConfig } from "@imtihon/client-sdk/legacy";

/**
 * Where the old site kept its results in this browser, and under which names (docs/migration.md).
 * A site that stored them differently changes the keys and field names here and rebuilds.
 */
export const LEGACY_CONFIG = legacyConfig({
  keys: ["dtm_results"],
  afterImport: "keep",
});

/** "Not now" lasts for this browser session only. */
export const LATER_KEY = "imtihon.legacyImport.later";

/** Dispatched on `window` when an import finished, so a shown history reloads. */
export const LEGACY_IMPORTED = "imtihon:legacy-imported";
