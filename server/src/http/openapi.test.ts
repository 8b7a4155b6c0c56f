import { compileErrors, validate } from "@readme/openapi-parser";
import { routes } from "@imtihon/client-sdk/protocol";
import { describe, expect, it } from "vitest";
import { buildOpenApi } from "./openapi.ts";

describe("the OpenAPI document generated from the protocol's route table", () => {
  it("passes a standard OpenAPI 3.1 validator", async () => {
    // validate() dereferences in place: hand it a copy.
    const result = await validate(structuredClone(buildOpenApi()) as never);
    expect(result.valid ? "" : compileErrors(result)).toBe("");
    expect(result.valid).toBe(true);
  });

  it("has one operation per route of the table, each with its schemas", () => {
    const doc = buildOpenApi() as {
      paths: Record<string, Record<string, { operationId: string; responses: Record<string, unknown> }>>;
    };
    const ops = Object.values(doc.paths).flatMap((p) => Object.values(p));
    expect(ops.map((o) => o.operationId).sort()).toEqual(Object.keys(routes).sort());
    const detail = doc.paths["/api/v1/attempts/{id}"]!.get!.responses["200"] as {
      content: { "application/json": { schema: { properties: Record<string, unknown> } } };
    };
    expect(Object.keys(detail.content["application/json"].schema.properties).sort()).toEqual([
      "attempt",
      "result",
      "review",
      "reviewPending",
    ]);
  });

  it("refuses a broken document (the validator is not a rubber stamp)", async () => {
    const doc = structuredClone(buildOpenApi()) as { paths: Record<string, unknown> };
    doc.paths["/api/v1/me"] = { get: { responses: "not an object" } };
    const result = await validate(doc as never);
    expect(result.valid).toBe(false);
  });
});
