import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { createTokenService } from "@imtihon/server/auth";
import { insertUsers } from "../cluster/fixtures.ts";

// Students for k6 (TOKENS_FILE): inserts N students into the cluster's database and writes their
// access tokens as a JSON array. Needs the database and the JWT secret, like the launcher.
//   node load-tests/src/tools/mint-tokens.ts --database-url postgres://… --jwt-secret … --count 5000 --out tokens.json
const { values } = parseArgs({
  options: {
    "database-url": { type: "string" },
    "jwt-secret": { type: "string" },
    count: { type: "string", default: "1000" },
    hours: { type: "string", default: "6" },
    out: { type: "string", default: "tokens.json" },
  },
});
const databaseUrl = values["database-url"] ?? process.env.DATABASE_URL;
const secret = values["jwt-secret"] ?? process.env.JWT_SECRET;
if (!databaseUrl || !secret) {
  console.error(
    "usage: mint-tokens.ts --database-url URL --jwt-secret SECRET [--count N] [--hours H] [--out FILE]",
  );
  process.exit(2);
}
const users = await insertUsers(databaseUrl, Number(values.count));
const tokens = createTokenService(secret, Number(values.hours) * 3600);
const out: string[] = [];
for (const u of users)
  out.push((await tokens.signAccess({ id: u.id, role: "student", tokenVersion: 0 })).token);
await writeFile(values.out, JSON.stringify(out));
console.log(`${out.length} student tokens written to ${values.out}`);
