export * from "./ack.ts";
export * from "./errors.ts";
export * from "./events.ts";
export * from "./http.ts";
export * from "./models.ts";
export * from "./http-responses.ts";
export * from "./console.ts";
