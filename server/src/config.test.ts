import { describe, expect, test } from "vitest";
import { ConfigError, ENV_NAMES, loadConfig } from "./config.ts";

// The environment as the server reads it: an empty value is the same as no value.

describe("loadConfig", () => {
  test("every variable set but empty (or blank) gives the defaults, as if unset", () => {
    const defaults = loadConfig({});
    expect(defaults.databaseUrl).toBeUndefined(); // the embedded Postgres
    expect(defaults.redisUrl).toBeUndefined(); // a single node
    expect(defaults.port).toBe(3000);
    const empty = Object.fromEntries(ENV_NAMES.map((name) => [name, ""]));
    expect(loadConfig(empty)).toEqual(defaults);
    const blank = Object.fromEntries(ENV_NAMES.map((name) => [name, "  "]));
    expect(loadConfig(blank)).toEqual(defaults);
  });

  test("DATABASE_URL= means the embedded default, and so the demo data", () => {
    const config = loadConfig({ DATABASE_URL: "", REDIS_URL: "", PORT: "" });
    expect(config.databaseUrl).toBeUndefined();
    expect(config.redisUrl).toBeUndefined();
    expect(config.seedDemo).toBe(true);
    expect(config.port).toBe(3000);
  });

  test("values that are set are still validated, with the variable named", () => {
    expect(() => loadConfig({ DATABASE_URL: "not a url" })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ PORT: "70000" })).toThrow(/PORT/);
    expect(() => loadConfig({ JWT_SECRET: "short" })).toThrow(ConfigError);
    const set = loadConfig({ DATABASE_URL: "postgres://u@127.0.0.1:5432/x", PORT: "0", SEED_DEMO: "0" });
    expect(set.databaseUrl).toBe("postgres://u@127.0.0.1:5432/x");
    expect(set.port).toBe(0);
    expect(set.seedDemo).toBe(false);
  });

  test("in production an empty DATABASE_URL or JWT_SECRET is missing, not accepted", () => {
    const secret = "x".repeat(32);
    expect(() => loadConfig({ NODE_ENV: "production", JWT_SECRET: secret, DATABASE_URL: "" })).toThrow(
      "DATABASE_URL is required when NODE_ENV=production",
    );
    expect(() =>
      loadConfig({ NODE_ENV: "production", JWT_SECRET: "", DATABASE_URL: "postgres://u@127.0.0.1/x" }),
    ).toThrow("JWT_SECRET is required when NODE_ENV=production");
  });
});
