import * as p from "./items.ts";
import type { Role } from "./models.ts";
import type { RouteDef } from "./routes.ts";

/** Topics and the bank's bulk actions (issue 12), spread into the protocol's route table. */
const route = <const R extends RouteDef>(def: R): R => def;
const roles = <const R extends readonly Role[]>(...list: R): R => list;

export const itemRoutes = {
  topics: route({
    method: "get",
    path: "/admin/topics",
    tag: "admin",
    summary: "A subject's topic tree, flat, each with its path from the root",
    access: roles("admin"),
    query: p.topicsQuery,
    status: 200,
    response: p.topicListResponse,
    errors: [400],
  }),
  createTopic: route({
    method: "post",
    path: "/admin/topics",
    tag: "admin",
    summary: "Create a topic under a parent of the same subject (or at the root)",
    access: roles("admin"),
    body: p.createTopicBody,
    status: 201,
    response: p.topicResponse,
    errors: [400, 409],
  }),
  bulkQuestions: route({
    method: "post",
    path: "/admin/questions/bulk",
    tag: "admin",
    summary: "Set difficulty, add or remove a topic, or delete the unused ones, for many questions at once",
    access: roles("admin"),
    body: p.bulkQuestionsBody,
    status: 200,
    response: p.bulkQuestionsResponse,
    errors: [400, 404],
  }),
} as const satisfies Record<string, RouteDef>;
