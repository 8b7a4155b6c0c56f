import type { Topic } from "@imtihon/client-sdk/protocol";
import type { Database } from "@imtihon/db";
import { sql, type Kysely } from "kysely";
import { isUniqueViolation } from "../auth/users.ts";
import { AppError, notFound } from "../errors.ts";
import { unknownReferences } from "./directions.ts";

type TopicRow = { id: string; subject_id: string; parent_id: string | null; name: string };

/** Each topic with its path of names from the root; a subject's tree is small (tens to hundreds). */
function withPaths(rows: TopicRow[]): Topic[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const paths = new Map<string, string[]>();
  const pathOf = (r: TopicRow, depth = 0): string[] => {
    const known = paths.get(r.id);
    if (known) return known;
    const parent = r.parent_id ? byId.get(r.parent_id) : undefined;
    // The tree is acyclic by construction (a parent exists before its child); the depth bound is a guard.
    const path = [...(parent && depth < 64 ? pathOf(parent, depth + 1) : []), r.name];
    paths.set(r.id, path);
    return path;
  };
  return rows
    .map((r) => ({ id: r.id, subjectId: r.subject_id, parentId: r.parent_id, name: r.name, path: pathOf(r) }))
    .sort((a, b) => a.path.join("\u0000").localeCompare(b.path.join("\u0000")));
}

/** A subject's topic tree, flat, in path order. */
export async function listTopics(db: Kysely<Database>, subjectId: string): Promise<Topic[]> {
  const rows = await db
    .selectFrom("topics")
    .select(["id", "subject_id", "parent_id", "name"])
    .where("subject_id", "=", subjectId)
    .execute();
  return withPaths(rows);
}

/** The topics of the given ids (and their ancestors, for the paths), by id. */
export async function topicsById(db: Kysely<Database>, ids: string[]): Promise<Map<string, Topic>> {
  if (!ids.length) return new Map();
  const { rows } = await sql<TopicRow>`
    with recursive up as (
      select id, subject_id, parent_id, name from topics where id = any(${ids}::uuid[])
      union
      select t.id, t.subject_id, t.parent_id, t.name from topics t join up on t.id = up.parent_id
    )
    select * from up`.execute(db);
  return new Map(withPaths(rows).map((t) => [t.id, t]));
}

/** A topic under a parent of the same subject, or at the subject's root; a sibling's name is `conflict`. */
export async function createTopic(
  db: Kysely<Database>,
  input: { subjectId: string; parentId?: string | undefined; name: string },
): Promise<Topic> {
  const subject = await db
    .selectFrom("subjects")
    .select("id")
    .where("id", "=", input.subjectId)
    .executeTakeFirst();
  if (!subject) throw unknownReferences([{ path: ["subjectId"], message: `no subject ${input.subjectId}` }]);
  if (input.parentId) {
    const parent = await db
      .selectFrom("topics")
      .select("subject_id")
      .where("id", "=", input.parentId)
      .executeTakeFirst();
    if (!parent) throw unknownReferences([{ path: ["parentId"], message: `no topic ${input.parentId}` }]);
    if (parent.subject_id !== input.subjectId)
      throw unknownReferences([
        { path: ["parentId"], message: "the parent topic belongs to another subject" },
      ]);
  }
  try {
    const row = await db
      .insertInto("topics")
      .values({ subject_id: input.subjectId, parent_id: input.parentId ?? null, name: input.name })
      .returning("id")
      .executeTakeFirstOrThrow();
    const topic = (await topicsById(db, [row.id])).get(row.id);
    if (!topic) throw notFound("topic");
    return topic;
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError("conflict", "a topic with this name is already there");
    throw err;
  }
}

/**
 * The leaf id of a topic path (`["Algebra", "Kvadrat tenglamalar"]`) in a subject, creating the
 * levels that are missing; names match case-insensitively. Safe to run concurrently (the unique
 * sibling index decides, the loser reads the winner's row). The importer tags questions with it.
 */
export async function ensureTopicPath(
  db: Kysely<Database>,
  subjectId: string,
  path: string[],
): Promise<string> {
  const names = path.map((n) => n.trim()).filter(Boolean);
  if (!names.length) throw new AppError("invalid_payload", "a topic path needs at least one name");
  let parent: string | null = null;
  for (const name of names) {
    const { rows }: { rows: { id: string }[] } = await sql<{ id: string }>`
      with ins as (
        insert into topics (subject_id, parent_id, name) values (${subjectId}, ${parent}, ${name})
        on conflict do nothing
        returning id
      )
      select id from ins
      union all
      select id from topics
      where subject_id = ${subjectId} and parent_id is not distinct from ${parent}::uuid
        and lower(name) = lower(${name})
      limit 1`.execute(db);
    let id: string | undefined = rows[0]?.id;
    // Inserted concurrently and not visible in this statement's snapshot: read it again.
    id ??= (
      await db
        .selectFrom("topics")
        .select("id")
        .where("subject_id", "=", subjectId)
        .where(sql<boolean>`parent_id is not distinct from ${parent}::uuid`)
        .where(sql<boolean>`lower(name) = lower(${name})`)
        .executeTakeFirst()
    )?.id;
    if (!id) throw new AppError("unavailable", "could not create the topic, retry");
    parent = id;
  }
  return parent!;
}

/** Ids of a topic and every topic below it, as a SQL subquery. */
export function topicAndDescendants(topicId: string) {
  return sql<string>`(
    with recursive down as (
      select id from topics where id = ${topicId}
      union
      select t.id from topics t join down on t.parent_id = down.id
    )
    select id from down
  )`;
}

/** Checks that every topic exists and belongs to the subject; issues at `path`. */
export async function checkTopics(
  db: Kysely<Database>,
  items: { subjectId: string; topicIds?: string[] | undefined; path: (string | number)[] }[],
): Promise<{ path: (string | number)[]; message: string }[]> {
  const ids = [...new Set(items.flatMap((i) => i.topicIds ?? []))];
  if (!ids.length) return [];
  const rows = await db.selectFrom("topics").select(["id", "subject_id"]).where("id", "in", ids).execute();
  const subjectOf = new Map(rows.map((r) => [r.id, r.subject_id]));
  const issues: { path: (string | number)[]; message: string }[] = [];
  for (const item of items) {
    for (const [k, t] of (item.topicIds ?? []).entries()) {
      const s = subjectOf.get(t);
      if (s === undefined) issues.push({ path: [...item.path, "topicIds", k], message: `no topic ${t}` });
      else if (s !== item.subjectId)
        issues.push({ path: [...item.path, "topicIds", k], message: "the topic belongs to another subject" });
    }
  }
  return issues;
}
