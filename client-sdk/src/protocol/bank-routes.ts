import * as p from "./bank.ts";
import type { Role } from "./models.ts";
import type { RouteDef } from "./routes.ts";

/** Routes of the question bank's import and export, spread into the protocol's route table. */
const route = <const R extends RouteDef>(def: R): R => def;
const roles = <const R extends readonly Role[]>(...list: R): R => list;

export const bankRoutes = {
  importQuestions: route({
    method: "post",
    path: "/admin/questions/import",
    tag: "admin",
    summary:
      "Import a question file into a subject: each item stored whole or rejected with its reason (16 MiB at most)",
    access: roles("admin"),
    form: p.importQuestionsForm,
    status: 200,
    response: p.importQuestionsResponse,
    errors: [400, 413],
  }),
  exportQuestions: route({
    method: "get",
    path: "/admin/questions/export",
    tag: "admin",
    summary: "A subject's whole bank as a file of the format, for download",
    access: roles("admin"),
    query: p.exportQuestionsQuery,
    status: 200,
    contentType: Object.values(p.BANK_CONTENT_TYPES),
    errors: [400, 404],
  }),
};
