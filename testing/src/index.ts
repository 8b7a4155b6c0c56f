/**
 * Shared test helpers for every workspace: `import { startTestServer } from "@imtihon/testing"`.
 * For now they live in server/src/testing (many open branches add tests beside them) and are
 * re-exported from here; moving the files here is a follow-up that changes no importer of this module.
 */
export * from "@imtihon/server/testing";
