import { Hono } from "hono";
import type { HttpEnv } from "../env.ts";
import { adminCatalogueRoutes } from "./admin-catalogue.ts";
import { adminUserRoutes } from "./admin-users.ts";
import { adminRoutes } from "./admin.ts";
import { attemptRoutes } from "./attempts.ts";
import { authRoutes } from "./auth.ts";
import { bankRoutes } from "./bank.ts";
import { catalogueRoutes } from "./catalogue.ts";
import { mediaRoutes } from "./media.ts";
import { insightRoutes } from "./insights.ts";
import { dashboardRoutes } from "./dashboard.ts";
import { legacyResultRoutes } from "./legacy-results.ts";
import { meRoutes } from "./me.ts";
import { orderRoutes } from "./orders.ts";
import { paymentRoutes } from "./payments.ts";
import { productRoutes } from "./products.ts";
import { progressRoutes } from "./progress.ts";
import { sessionHistoryRoutes } from "./session-history.ts";
import { sessionRoutes } from "./sessions.ts";
import { statsRoutes } from "./stats.ts";

/** Every `/api/v1` resource, one sub-app each. */
export const apiRoutes = new Hono<HttpEnv>()
  .route("/", authRoutes)
  .route("/", meRoutes)
  .route("/", catalogueRoutes)
  .route("/", adminRoutes)
  .route("/", sessionRoutes)
  .route("/", sessionHistoryRoutes)
  .route("/", adminUserRoutes)
  .route("/", adminCatalogueRoutes)
  .route("/", bankRoutes)
  .route("/", attemptRoutes)
  .route("/", statsRoutes)
  .route("/", productRoutes)
  .route("/", orderRoutes)
  .route("/", paymentRoutes)
  .route("/", mediaRoutes)
  .route("/", insightRoutes)
  .route("/", progressRoutes)
  .route("/", dashboardRoutes)
  .route("/", legacyResultRoutes);
