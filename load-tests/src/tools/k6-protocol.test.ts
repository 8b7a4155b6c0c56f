import { readFile } from "node:fs/promises";
import { expect, test } from "vitest";
import { K6_PROTOCOL_FILE, renderK6Protocol } from "./k6-protocol.ts";

test("k6/lib/protocol.gen.ts is what the route table and events make today (run: npm run k6:protocol)", async () => {
  const committed = await readFile(K6_PROTOCOL_FILE, "utf8");
  const fresh = renderK6Protocol();
  expect(committed).toBe(fresh);
  // Not vacuous: the routes k6 calls are in it.
  for (const name of ["login", "register", "createSubject", "createQuestions", "createExam", "publishExam"])
    expect(committed).toContain(`  ${name}: {`);
});
