import type { Route } from "./app.tsx";

/** Pages that run on the realtime SDK (exam room, live roster); wired once the SDK lands. */
export const sdkRoutes: Route[] = [];
