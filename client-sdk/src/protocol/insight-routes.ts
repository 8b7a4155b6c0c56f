import * as p from "./insights.ts";
import type { Role } from "./models.ts";
import type { RouteDef } from "./routes.ts";

/** Passing scores, the admission view and certificate scaling (issue 15), spread into the route table. */
const route = <const R extends RouteDef>(def: R): R => def;
const roles = <const R extends readonly Role[]>(...list: R): R => list;

export const admissionRoutes = {
  importPassingScores: route({
    method: "post",
    path: "/admin/passing-scores/import",
    tag: "insights",
    summary:
      "Import official passing scores from CSV: rows with an error are reported and skipped, the rest stored in one transaction (upsert on year, university, direction, form, language)",
    access: roles("admin"),
    body: p.importPassingScoresBody,
    status: 200,
    response: p.importPassingScoresResponse,
    errors: [400],
  }),
  passingScores: route({
    method: "get",
    path: "/admin/passing-scores",
    tag: "insights",
    summary: "Stored passing scores, optionally of one direction and year",
    access: roles("admin"),
    query: p.passingScoresQuery,
    status: 200,
    response: p.passingScoresResponse,
    errors: [400],
  }),
  deletePassingScore: route({
    method: "delete",
    path: "/admin/passing-scores/:id",
    tag: "insights",
    summary: "Delete one passing score",
    access: roles("admin"),
    status: 204,
    errors: [404],
  }),
  myAdmission: route({
    method: "get",
    path: "/me/admission",
    tag: "insights",
    summary:
      "The caller's estimate (mean of the last three finished attempts in the direction, DTM scale) against each university's grant and contract lines",
    access: "signed-in",
    query: p.admissionQuery,
    status: 200,
    response: p.admissionResponse,
    errors: [400, 404],
  }),
  estimateCertificate: route({
    method: "post",
    path: "/admin/exams/:id/certificate/estimate",
    tag: "insights",
    summary:
      "Rasch (JML) estimation over the finished attempts of a certificate-style exam; the result is stored",
    access: roles("admin"),
    status: 200,
    response: p.certificateEstimateResponse,
    errors: [404, 409],
  }),
  certificate: route({
    method: "get",
    path: "/admin/exams/:id/certificate",
    tag: "insights",
    summary: "The stored Rasch estimate of an exam (404 until estimated)",
    access: roles("admin"),
    status: 200,
    response: p.certificateEstimateResponse,
    errors: [404],
  }),
  attemptCertificate: route({
    method: "get",
    path: "/attempts/:id/certificate",
    tag: "insights",
    summary: "An attempt's scaled certificate score and grade (owner, admin; 404 until estimated)",
    access: "signed-in",
    status: 200,
    response: p.attemptCertificateResponse,
    errors: [403, 404],
  }),
};
