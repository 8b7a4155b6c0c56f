import { migrateToLatest } from "./migrate.ts";

const [command] = process.argv.slice(2);
const url = process.env.DATABASE_URL;

if (command !== "migrate") {
  console.error("usage: db migrate   (needs DATABASE_URL)");
  process.exit(2);
}
if (!url) {
  console.error("DATABASE_URL is not set. (npm start migrates the embedded Postgres by itself.)");
  process.exit(2);
}
const result = await migrateToLatest(url);
for (const r of result.results ?? []) console.log(`${r.status.toLowerCase()}: ${r.migrationName}`);
if (!result.results?.length) console.log("already up to date");
