import { BankFileError, type BankItem, type BankLimits, type ReadResult } from "../types.ts";
import { readCsv, writeCsv } from "./csv.ts";
import { readJson, writeJson } from "./json.ts";
import { readMoodleXml, writeMoodleXml } from "./moodle-xml.ts";
import { readQtiPackage, writeQtiPackage } from "./qti.ts";

/** The four file formats of the bank, as the protocol names them. */
export type BankFormat = "moodle-xml" | "qti" | "csv" | "json";

/** Text formats must be UTF-8: a file in another encoding is refused rather than read as mojibake. */
function utf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new BankFileError("not_utf8", "the file is not UTF-8 text");
  }
}

/** A file as items and rejections; `BankFileError` when the file as a whole cannot be read. */
export function readBank(format: BankFormat, bytes: Uint8Array, limits: BankLimits): ReadResult {
  switch (format) {
    case "moodle-xml":
      return readMoodleXml(utf8(bytes), limits);
    case "qti":
      return readQtiPackage(bytes, limits);
    case "csv":
      return readCsv(utf8(bytes), limits);
    case "json":
      return readJson(utf8(bytes), limits);
  }
}

export interface BankFile {
  body: Uint8Array<ArrayBuffer>;
  contentType: string;
  extension: string;
}

/** Items as a file of the format (CSV cannot carry embedded images: give it stored media URLs). */
export function writeBank(format: BankFormat, items: readonly BankItem[]): BankFile {
  const text = (s: string) => new TextEncoder().encode(s);
  switch (format) {
    case "moodle-xml":
      return {
        body: text(writeMoodleXml(items)),
        contentType: "application/xml; charset=utf-8",
        extension: "xml",
      };
    case "qti":
      return { body: writeQtiPackage(items), contentType: "application/zip", extension: "zip" };
    case "csv":
      return { body: text(writeCsv(items)), contentType: "text/csv; charset=utf-8", extension: "csv" };
    case "json":
      return {
        body: text(writeJson(items)),
        contentType: "application/json; charset=utf-8",
        extension: "json",
      };
  }
}
