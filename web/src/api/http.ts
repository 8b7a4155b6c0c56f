/**
 * The web client speaks HTTP through the SDK's typed client (`@imtihon/client-sdk`, built from the
 * protocol's route table): one client for every integrator, with the same refresh, error envelope
 * and response validation. `ApiError` is its error under the name the pages know.
 */
export { HttpError as ApiError } from "@imtihon/client-sdk";

export interface RequestOptions {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  body?: unknown;
}
