import { errorResponse, routePath, routes, type RouteDef } from "@imtihon/client-sdk/protocol";
import { z } from "zod";

/**
 * The OpenAPI 3.1 document, generated from the protocol's route table (`client-sdk/src/protocol/
 * routes.ts`): every route with its zod request and response schemas, declared once there and used
 * by the SDK's HTTP client too. `app.test.ts` checks that every route the app serves is in the table
 * and `openapi.test.ts` validates the document with a standard OpenAPI validator.
 */
export type RouteDoc = RouteDef;
export const ROUTES: readonly RouteDef[] = Object.values(routes);
export const fullPath = routePath;

const ERROR_TEXT: Record<number, string> = {
  400: "invalid_payload: zod issues in `details`",
  401: "unauthorized (missing, invalid or expired token) or invalid_credentials",
  403: "forbidden",
  404: "not_found",
  409: "conflict",
  413: "payload_too_large (body over 1 MiB; an upload over its own limit)",
  429: "rate_limited, with Retry-After",
  503: "unavailable",
};

const schema = (s: z.ZodType, io: "input" | "output") =>
  z.toJSONSchema(s, { io, unrepresentable: "any", target: "draft-2020-12" }) as Record<string, unknown>;

function queryParameters(query: z.ZodType) {
  const json = schema(query, "input") as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({
    name,
    in: "query",
    required: json.required?.includes(name) ?? false,
    schema: s,
  }));
}

function operation(r: RouteDef) {
  const params = [...r.path.matchAll(/:(\w+)/g)].map((m) => {
    const given = r.params?.[m[1]!];
    return {
      name: m[1],
      in: "path",
      required: true,
      schema: given ? schema(given, "input") : { type: "string", format: "uuid" },
    };
  });
  const errors = new Set(r.errors ?? []);
  if (r.access !== "public") errors.add(401);
  if (Array.isArray(r.access)) errors.add(403);
  if (r.body || r.form) errors.add(413);
  const types =
    r.contentType === undefined ? [] : typeof r.contentType === "string" ? [r.contentType] : r.contentType;
  const responses: Record<string, unknown> = {
    [r.status]: {
      description: "success",
      ...(r.response
        ? { content: { "application/json": { schema: schema(r.response, "output") } } }
        : types.length
          ? { content: Object.fromEntries(types.map((t) => [t, {}])) }
          : {}),
    },
  };
  for (const status of [...errors].sort()) {
    responses[status] = {
      description: ERROR_TEXT[status] ?? "error",
      content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
    };
  }
  const access =
    r.access === "public"
      ? "no token"
      : r.access === "signed-in"
        ? "any signed-in user"
        : `role: ${r.access.join(" or ")}`;
  return {
    tags: [r.tag],
    summary: r.summary,
    description: `Access: ${access}.`,
    ...(r.access === "public" ? { security: [] } : {}),
    parameters: [...params, ...(r.query ? queryParameters(r.query) : [])],
    ...(r.body || r.form
      ? {
          requestBody: {
            required: true,
            content: r.form
              ? { "multipart/form-data": { schema: schema(r.form, "input") } }
              : { [r.bodyType ?? "application/json"]: { schema: schema(r.body!, "input") } },
          },
        }
      : {}),
    responses,
  };
}

export function buildOpenApi(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [name, r] of Object.entries(routes) as [string, RouteDef][]) {
    const path = routePath(r).replace(/:(\w+)/g, "{$1}");
    (paths[path] ??= {})[r.method] = { operationId: name, ...operation(r) };
  }
  const tags = [...new Set(ROUTES.map((r) => r.tag))];
  return {
    openapi: "3.1.0",
    info: {
      title: "Imtihon API",
      version: "1.0.0",
      description:
        "Real-time exam platform. HTTP for auth, catalogue and authoring; the exam itself runs over Socket.IO " +
        "(see docs/protocol.md). Errors are `{ error: { code, message, details? } }`.",
    },
    servers: [{ url: "/" }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
      schemas: { Error: schema(errorResponse, "output") },
    },
    tags: tags.map((name) => ({ name })),
    paths,
  };
}
