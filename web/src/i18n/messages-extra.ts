import { adminMessages } from "./messages-admin.ts";
import { contentMessages } from "./messages-content.ts";
import { bankMessages } from "./messages-bank.ts";
import { dashboardMessages } from "./messages-dashboard.ts";
import { errorMessages, type Entry } from "./messages-errors.ts";
import { insightMessages } from "./messages-insights.ts";
import { progressMessages } from "./messages-progress.ts";
import { itemMessages } from "./messages-items.ts";
import { roomMessages } from "./messages-room.ts";

export type { Plural } from "./messages-errors.ts";

/** The tables added beside messages.ts (one per area); a key missing a language is a type error. */
export const EXTRA = {
  ...errorMessages,
  ...roomMessages,
  ...adminMessages,
  ...itemMessages,
  ...contentMessages,
  ...bankMessages,
  ...insightMessages,
  ...progressMessages,
  ...dashboardMessages,
};
export type ExtraKey = keyof typeof EXTRA;
export const ALL_EXTRA: Partial<Record<string, Entry>> = EXTRA;
