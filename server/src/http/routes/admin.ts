import {
  adminQuestionsQuery,
  bulkQuestionsBody,
  createTopicBody,
  topicsQuery,
  createDirectionBody,
  createExamBody,
  createQuestionsBody,
  createSubjectBody,
  createUserBody,
  updateQuestionBody,
} from "@imtihon/client-sdk/protocol";
import { Hono } from "hono";
import { disableUser } from "../../auth/accounts.ts";
import { createUser, toUser } from "../../auth/users.ts";
import { invalidateCatalogue } from "../../catalogue/cache.ts";
import { createDirection, createSubject } from "../../catalogue/directions.ts";
import { createExam, publishExam } from "../../catalogue/exam-authoring.ts";
import { keySharingWarnings } from "../../exam/results.ts";
import { getAdminExam, listAllExams } from "../../catalogue/exam-views.ts";
import { bulkQuestions, createQuestions, listQuestions, updateQuestion } from "../../catalogue/questions.ts";
import { createTopic, listTopics } from "../../catalogue/topics.ts";
import type { HttpEnv } from "../env.ts";
import { auth, idParam, jsonBody, parseWith } from "../middleware.ts";

/** Authoring and user administration: admins only. */
export const adminRoutes = new Hono<HttpEnv>()
  .use("/admin/*", auth("admin"))
  .post("/admin/users", async (c) => {
    const body = await jsonBody(c, createUserBody);
    return c.json({ user: toUser(await createUser(c.var.ctx.db, body)) }, 201);
  })
  .post("/admin/users/:id/disable", async (c) => {
    const id = idParam(c, "id", "user");
    return c.json({ user: await disableUser(c.var.ctx, c.var.principal.userId, id) });
  })
  .get("/admin/subjects", async (c) => {
    const items = await c.var.ctx.db
      .selectFrom("subjects")
      .select(["id", "code", "name"])
      .orderBy("code")
      .execute();
    return c.json({ items });
  })
  .post("/admin/subjects", async (c) => {
    const body = await jsonBody(c, createSubjectBody);
    const subject = await createSubject(c.var.ctx.db, body);
    await invalidateCatalogue(c.var.ctx);
    return c.json({ subject }, 201);
  })
  .post("/admin/directions", async (c) => {
    const body = await jsonBody(c, createDirectionBody);
    const direction = await createDirection(c.var.ctx.db, body);
    await invalidateCatalogue(c.var.ctx);
    return c.json({ direction }, 201);
  })
  .get("/admin/questions", async (c) => {
    const query = parseWith(adminQuestionsQuery, c.req.query());
    return c.json({ items: await listQuestions(c.var.ctx.db, query) });
  })
  .post("/admin/questions", async (c) => {
    const body = await jsonBody(c, createQuestionsBody);
    return c.json({ ids: await createQuestions(c.var.ctx.db, body.items, c.var.principal.userId) }, 201);
  })
  .put("/admin/questions/:id", async (c) => {
    const id = idParam(c, "id", "question");
    const body = await jsonBody(c, updateQuestionBody);
    return c.json({ question: await updateQuestion(c.var.ctx.db, id, body) });
  })
  .post("/admin/questions/bulk", async (c) => {
    const body = await jsonBody(c, bulkQuestionsBody);
    return c.json(await bulkQuestions(c.var.ctx.db, body));
  })
  .get("/admin/topics", async (c) => {
    const { subjectId } = parseWith(topicsQuery, c.req.query());
    return c.json({ items: await listTopics(c.var.ctx.db, subjectId) });
  })
  .post("/admin/topics", async (c) => {
    const body = await jsonBody(c, createTopicBody);
    return c.json({ topic: await createTopic(c.var.ctx.db, body) }, 201);
  })
  .get("/admin/exams", async (c) => c.json({ items: await listAllExams(c.var.ctx.db) }))
  .post("/admin/exams", async (c) => {
    const body = await jsonBody(c, createExamBody);
    const exam = await createExam(c.var.ctx.db, body, c.var.principal.userId);
    const warnings = await keySharingWarnings(c.var.ctx, exam.id);
    return c.json({ exam, ...(warnings.length ? { warnings } : {}) }, 201);
  })
  .get("/admin/exams/:id", async (c) => {
    return c.json({ exam: await getAdminExam(c.var.ctx.db, idParam(c, "id", "exam")) });
  })
  .post("/admin/exams/:id/publish", async (c) => {
    const { exam, changed } = await publishExam(c.var.ctx.db, idParam(c, "id", "exam"));
    if (changed) await invalidateCatalogue(c.var.ctx);
    const warnings = await keySharingWarnings(c.var.ctx, exam.id);
    return c.json({ exam, ...(warnings.length ? { warnings } : {}) });
  });
