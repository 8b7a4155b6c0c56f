import { expect, test } from "vitest";
import {
  declineLegacyImport,
  defaultLegacyConfig,
  legacyConfig,
  legacyDate,
  legacyImportStatus,
  mapLegacyEntry,
  readLegacyResults,
} from "./legacy-import.ts";
import { memoryStorage } from "./storage.ts";

test("dates the way old sites store them become ISO times (Tashkent when no zone is given)", () => {
  expect(legacyDate(Date.UTC(2025, 2, 1, 5))).toBe("2025-03-01T05:00:00.000Z");
  expect(legacyDate(Date.UTC(2025, 2, 1, 5) / 1000)).toBe("2025-03-01T05:00:00.000Z");
  expect(legacyDate("2025-03-01")).toBe("2025-03-01");
  expect(legacyDate("1.3.2025")).toBe("2025-03-01");
  expect(legacyDate("01/03/2025 10:05")).toBe("2025-03-01T10:05:00+05:00");
  expect(legacyDate("2025-03-01 10:05:30")).toBe("2025-03-01T10:05:30+05:00");
  expect(legacyDate("2025-03-01T10:05:00+05:00")).toBe("2025-03-01T05:05:00.000Z");
  expect(legacyDate("2025-03-01T05:05:00Z")).toBe("2025-03-01T05:05:00.000Z");
  // Not a date: passed on for the server to refuse with a reason.
  expect(legacyDate("kecha")).toBe("kecha");
  expect(legacyDate(null)).toBe(null);
});

test("fields are found by their configured names, nested ones too; numbers with a decimal comma", () => {
  const fields = legacyConfig({ fields: { score: ["result.ball"], testName: ["meta.title"] } }).fields;
  expect(
    mapLegacyEntry(
      {
        sana: "02.03.2025",
        fan: "Kimyo",
        result: { ball: "143,6" },
        max: "189",
        meta: { title: 7 },
        togri: 40,
        jami: 90,
      },
      fields,
    ),
  ).toEqual({
    takenAt: "2025-03-02",
    subject: "Kimyo",
    testName: "7",
    score: 143.6,
    maxScore: 189,
    correct: 40,
    total: 90,
  });
  // Empty values fall through to the next name; unknown shapes go on unchanged.
  expect(mapLegacyEntry({ score: "", ball: 5, maxScore: 10, date: 0 }, fields)).toEqual({
    takenAt: "1970-01-01T00:00:00.000Z",
    maxScore: 10,
  });
  expect(mapLegacyEntry("x", fields)).toBe("x");
  expect(mapLegacyEntry([1], fields)).toEqual([1]);
});

test("keys: an array, an object with results, a broken key; the fingerprint follows the data", () => {
  const storage = memoryStorage();
  const config = legacyConfig({ keys: ["a", "b", "c", "missing"] });
  storage.setItem("a", JSON.stringify([{ date: "2025-01-01", subject: "Fizika", score: 1, maxScore: 2 }]));
  storage.setItem(
    "b",
    JSON.stringify({ results: [{ date: "2025-01-02", subject: "Tarix", score: 1, maxScore: 2 }] }),
  );
  storage.setItem("c", "{oops");
  const first = readLegacyResults(storage, config);
  expect(first.items).toHaveLength(2);
  expect(first.unreadable).toEqual(["c"]);
  expect(readLegacyResults(storage, config).fingerprint).toBe(first.fingerprint);
  storage.setItem("b", JSON.stringify({ results: [] }));
  expect(readLegacyResults(storage, config).fingerprint).not.toBe(first.fingerprint);
});

test("the offer: none without the keys, pending with them, never after the student says so", () => {
  const storage = memoryStorage();
  expect(legacyImportStatus(storage)).toBe("none");
  storage.setItem("dtm_results", "[]");
  expect(legacyImportStatus(storage)).toBe("none");
  storage.setItem(
    "dtm_results",
    JSON.stringify([{ date: "2025-01-01", subject: "x", score: 1, maxScore: 2 }]),
  );
  expect(legacyImportStatus(storage)).toBe("pending");
  declineLegacyImport(storage);
  expect(legacyImportStatus(storage)).toBe("never");
  expect(storage.getItem("dtm_results")).not.toBeNull();
  expect(JSON.parse(storage.getItem(defaultLegacyConfig.stateKey)!)).toMatchObject({ never: true });
});
