import type { RouteDef } from "./routes.ts";
import { attemptStandingResponse, myProgressResponse } from "./student-insights.ts";

/** Routes of a student's standing and progress, spread into the protocol's route table. */
const route = <const R extends RouteDef>(def: R): R => def;

export const studentInsightRoutes = {
  attemptStanding: route({
    method: "get",
    path: "/attempts/:id/standing",
    tag: "results",
    summary:
      "Rank, percentile and score distribution of a finished attempt among the exam's students (owner, admin); 409 while not finished",
    access: "signed-in",
    status: 200,
    response: attemptStandingResponse,
    errors: [403, 404, 409],
  }),
  myProgress: route({
    method: "get",
    path: "/me/progress",
    tag: "results",
    summary:
      "The caller's score over time and accuracy per subject and topic, weakest areas with practice exams",
    access: "signed-in",
    status: 200,
    response: myProgressResponse,
  }),
};
