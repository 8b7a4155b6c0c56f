import { migrateToLatest } from "@imtihon/db";
import { randomBytes } from "node:crypto";
import postgres from "postgres";

export interface LoadDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A fresh, migrated database of the load run's own on the given Postgres server. */
export async function createLoadDatabase(serverUrl: string): Promise<LoadDatabase> {
  const name = `imtihon_load_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  await migrateToLatest(url);
  return {
    url,
    name,
    async drop() {
      const a = postgres(serverUrl, { max: 1, onnotice: () => {} });
      try {
        await a.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await a.end();
      }
    },
  };
}
