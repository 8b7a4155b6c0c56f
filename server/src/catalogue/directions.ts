import type { DirectionDto, SubjectDto } from "@imtihon/client-sdk/protocol";
import type { Database } from "@imtihon/db";
import type { Kysely } from "kysely";
import { isUniqueViolation } from "../auth/users.ts";
import { AppError } from "../errors.ts";

/** A reference in a valid body that names nothing: `invalid_payload` with zod-like issues. */
export function unknownReferences(issues: { path: (string | number)[]; message: string }[]): AppError {
  return new AppError(
    "invalid_payload",
    "the payload refers to things that do not exist",
    issues.map((i) => ({ code: "custom", ...i })),
  );
}

export async function listDirections(db: Kysely<Database>): Promise<DirectionDto[]> {
  const [directions, links] = await Promise.all([
    db.selectFrom("directions").select(["id", "code", "name"]).orderBy("code").execute(),
    db
      .selectFrom("direction_subjects as ds")
      .innerJoin("subjects as s", "s.id", "ds.subject_id")
      .select(["ds.direction_id", "s.id", "s.code", "s.name"])
      .orderBy("ds.position")
      .execute(),
  ]);
  return directions.map((d) => ({
    ...d,
    subjects: links.filter((l) => l.direction_id === d.id).map(({ id, code, name }) => ({ id, code, name })),
  }));
}

export async function createSubject(
  db: Kysely<Database>,
  input: { code: string; name: string },
): Promise<SubjectDto> {
  try {
    return await db
      .insertInto("subjects")
      .values(input)
      .returning(["id", "code", "name"])
      .executeTakeFirstOrThrow();
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError("conflict", `a subject with code "${input.code}" exists`);
    throw err;
  }
}

export async function createDirection(
  db: Kysely<Database>,
  input: { code: string; name: string; subjectIds: string[] },
): Promise<DirectionDto> {
  const seen = new Set<string>();
  for (const [i, sid] of input.subjectIds.entries()) {
    if (seen.has(sid))
      throw unknownReferences([{ path: ["subjectIds", i], message: "subject listed twice" }]);
    seen.add(sid);
  }
  return db.transaction().execute(async (trx) => {
    const subjects = input.subjectIds.length
      ? await trx
          .selectFrom("subjects")
          .select(["id", "code", "name"])
          .where("id", "in", input.subjectIds)
          .execute()
      : [];
    const byId = new Map(subjects.map((s) => [s.id, s]));
    const missing = input.subjectIds
      .map((sid, i) => ({ sid, i }))
      .filter(({ sid }) => !byId.has(sid))
      .map(({ sid, i }) => ({ path: ["subjectIds", i], message: `no subject ${sid}` }));
    if (missing.length) throw unknownReferences(missing);
    let direction;
    try {
      direction = await trx
        .insertInto("directions")
        .values({ code: input.code, name: input.name })
        .returning(["id", "code", "name"])
        .executeTakeFirstOrThrow();
    } catch (err) {
      if (isUniqueViolation(err))
        throw new AppError("conflict", `a direction with code "${input.code}" exists`);
      throw err;
    }
    if (input.subjectIds.length) {
      await trx
        .insertInto("direction_subjects")
        .values(
          input.subjectIds.map((subject_id, position) => ({
            direction_id: direction.id,
            subject_id,
            position,
          })),
        )
        .execute();
    }
    return { ...direction, subjects: input.subjectIds.map((sid) => byId.get(sid)!) };
  });
}
