import {
  BankFileError,
  checkItem,
  EMBEDDED,
  rejection,
  type BankItem,
  type BankLimits,
  type ReadResult,
} from "../types.ts";
import { exportNames, fromBase64, ItemImages, toBase64 } from "./images.ts";
import {
  htmlToMarkup,
  ItemError,
  markupToHtml,
  markupToPlain,
  plainToMarkup,
  storedMedia,
  textToMarkup,
} from "./markup.ts";
import { cdata, esc, kid, kids, parseXml, textOf, type XElement } from "./xml.ts";

/**
 * Moodle XML (https://docs.moodle.org/en/Moodle_XML_format) ⇄ bank items.
 * Read: multichoice (single and multiple), truefalse, numerical, shortanswer, matching; `category`
 * pseudo-questions set the topic path of the questions after them. Any other type is refused by name.
 */

const SUPPORTED = ["multichoice", "truefalse", "numerical", "shortanswer", "matching"];
const LETTERS = "abcdefghijklmnopqrstuvwxyz";

/** `$course$/top/Default for X/Algebra/Kvadrat` → `["Algebra", "Kvadrat"]` (`//` is a literal `/`). */
export function categoryPath(raw: string): string[] {
  const parts = raw
    .replaceAll("//", "\u0000")
    .split("/")
    .map((p) => p.replaceAll("\u0000", "/").trim())
    .filter(Boolean);
  if (parts[0]?.startsWith("$") && parts[0].endsWith("$")) parts.shift();
  if (parts[0] === "top") parts.shift();
  if (parts[0] && /^Default for /i.test(parts[0])) parts.shift();
  return parts;
}

const fraction = (el: XElement) => Number.parseFloat(el.attrs.fraction ?? "0");

class MoodleQuestion {
  images = new ItemImages();
  q: XElement;
  constructor(q: XElement) {
    this.q = q;
  }

  /** A Moodle text field (`questiontext`, `answer`, …) as markup; its `<file>`s are its images. */
  rich(el: XElement | undefined): string {
    if (!el) return "";
    const raw = textOf(kid(el, "text"));
    const format = el.attrs.format ?? "html";
    const files = [...kids(el, "file"), ...kids(this.q, "questiontext").flatMap((t) => kids(t, "file"))];
    const image = (src: string, alt: string) => {
      const stored = storedMedia(src, alt);
      if (stored) return stored;
      const plugin = /^@@PLUGINFILE@@(\/.*)$/.exec(src);
      if (plugin) {
        const full = decodeURIComponent(plugin[1]!);
        return this.images.ref(
          full,
          () => {
            const file = files.find((f) => `${f.attrs.path ?? "/"}${f.attrs.name ?? ""}` === full);
            if (!file) return undefined;
            const name = file.attrs.name ?? "image";
            return { bytes: fromBase64(textOf(file), name), alt: "", filename: name };
          },
          alt ||
            full
              .split("/")
              .pop()!
              .replace(/\.[a-z0-9]+$/i, ""),
        );
      }
      return this.images.ref(src.slice(0, 80), () => ItemImages.fromDataUri(src), alt || "image");
    };
    if (format === "html") return htmlToMarkup(raw, { image });
    if (format === "markdown")
      return raw
        .replace(/!\[([^\]]*)\]\(([^)\s]+)\)/g, (_, alt: string, src: string) => image(src, alt))
        .trim();
    return plainToMarkup(raw);
  }

  answers(): XElement[] {
    return kids(this.q, "answer");
  }

  /** The item as the file says it, checked by the caller with the bank schema. */
  convert(type: string): Record<string, unknown> {
    const stem = this.rich(kid(this.q, "questiontext"));
    const explanation = this.rich(kid(this.q, "generalfeedback")) || undefined;
    const difficulty = kids(kid(this.q, "tags"), "tag")
      .map((t) => /^difficulty:(easy|medium|hard)$/.exec(textOf(kid(t, "text")).trim())?.[1])
      .find(Boolean) as BankItem["difficulty"];
    const common = { stem, ...(explanation ? { explanation } : {}), ...(difficulty ? { difficulty } : {}) };
    switch (type) {
      case "multichoice":
      case "truefalse": {
        const answers = this.answers();
        const options = answers.map((a, i) => ({
          id: LETTERS[i] ?? `o${i + 1}`,
          text: type === "truefalse" ? textOf(kid(a, "text")).trim() : this.rich(a),
        }));
        const single = type === "truefalse" || !/^(false|0)$/i.test(textOf(kid(this.q, "single")).trim());
        if (single) {
          const full = answers.flatMap((a, i) => (fraction(a) >= 100 ? [options[i]!.id] : []));
          if (full.length === 0) throw new ItemError("no_correct", "no answer has a fraction of 100 %");
          if (full.length > 1)
            throw new ItemError(
              "several_correct",
              `${full.length} answers are worth 100 %; a single-choice question has one`,
              { count: String(full.length) },
            );
          return { kind: "single", ...common, options, correct: full };
        }
        const correct = answers.flatMap((a, i) => (fraction(a) > 0 ? [options[i]!.id] : []));
        if (correct.length === 0) throw new ItemError("no_correct", "no answer has a positive fraction");
        return { kind: "multiple", ...common, options, correct };
      }
      case "numerical": {
        const best = this.answers().find((a) => fraction(a) >= 100 && textOf(kid(a, "text")).trim() !== "*");
        if (!best) throw new ItemError("no_correct", "no numeric answer has a fraction of 100 %");
        const raw = textOf(kid(best, "text")).trim();
        const value = Number(raw.replace(",", "."));
        if (!Number.isFinite(value))
          throw new ItemError("not_a_number", `the answer "${raw}" is not a number`, { value: raw });
        const rawTolerance = textOf(kid(best, "tolerance")).trim();
        const tolerance = Math.abs(Number(rawTolerance.replace(",", ".") || "0"));
        if (!Number.isFinite(tolerance))
          throw new ItemError("not_a_number", `the tolerance "${rawTolerance}" is not a number`, {
            value: rawTolerance,
          });
        return { kind: "numeric", ...common, answer: tolerance ? { value, tolerance } : { value } };
      }
      case "shortanswer": {
        const accepted = this.answers()
          .filter((a) => fraction(a) >= 100)
          .map((a) => textOf(kid(a, "text")).trim());
        if (accepted.some((a) => /(?<!\\)\*/.test(a)))
          throw new ItemError(
            "wildcard",
            "answers with the wildcard * are not supported; list each accepted answer",
          );
        if (accepted.length === 0) throw new ItemError("no_correct", "no answer has a fraction of 100 %");
        return { kind: "short_text", ...common, accepted: accepted.map((a) => a.replaceAll("\\*", "*")) };
      }
      case "matching": {
        const left: { id: string; text: string }[] = [];
        const right: { id: string; text: string }[] = [];
        const pairs: [string, string][] = [];
        for (const sub of kids(this.q, "subquestion")) {
          const answer = textToMarkup(textOf(kid(kid(sub, "answer"), "text")).trim());
          let r = right.find((x) => x.text === answer);
          if (!r && answer) right.push((r = { id: `r${right.length + 1}`, text: answer }));
          const text = this.rich(sub);
          if (!text) continue;
          if (!r) throw new ItemError("no_pairs", `"${text}" has no answer to match`);
          const id = `l${left.length + 1}`;
          left.push({ id, text });
          pairs.push([id, r.id]);
        }
        if (left.length === 0) throw new ItemError("no_pairs", "no subquestion to match");
        return { kind: "matching", ...common, left, right, pairs };
      }
    }
    throw unsupported(type);
  }
}

const unsupported = (type: string) =>
  new ItemError(
    "unsupported_type",
    `"${type}" questions are not supported (supported: ${SUPPORTED.join(", ")})`,
    {
      type,
    },
  );

/** Reads a Moodle XML export: every question becomes an item or a rejection with its reason. */
export function readMoodleXml(text: string, limits: BankLimits): ReadResult {
  const root = parseXml(text, "the file");
  if (root.name !== "quiz")
    throw new BankFileError(
      "wrong_root",
      `not a Moodle XML file: the root element is <${root.name}>, not <quiz>`,
      {
        root: root.name,
      },
    );
  const result: ReadResult = { items: [], rejected: [] };
  let topicPath: string[] = [];
  let index = 0;
  const questions = kids(root, "question");
  if (questions.filter((q) => q.attrs.type !== "category").length > limits.maxItems)
    throw new BankFileError("too_many_items", `the file has more than ${limits.maxItems} questions`, {
      max: String(limits.maxItems),
    });
  for (const q of questions) {
    const type = q.attrs.type ?? "";
    if (type === "category") {
      topicPath = categoryPath(textOf(kid(kid(q, "category"), "text")));
      continue;
    }
    const i = index++;
    const name =
      textOf(kid(kid(q, "name"), "text"))
        .trim()
        .slice(0, 200) || undefined;
    try {
      if (!SUPPORTED.includes(type)) throw unsupported(type || "untyped");
      const mq = new MoodleQuestion(q);
      const item = mq.convert(type);
      const checked = checkItem(
        {
          ...item,
          ...(topicPath.length ? { topicPath } : {}),
          ...(mq.images.list.length ? { images: mq.images.list } : {}),
        },
        i,
        name,
      );
      if (checked.ok) result.items.push(checked.value);
      else result.rejected.push(checked.value);
    } catch (err) {
      if (!(err instanceof ItemError)) throw err;
      result.rejected.push(rejection(i, name, err));
    }
  }
  return result;
}

// ---- export ----

/** A short plain name for a question, from its stem. */
export function nameOf(stem: string): string {
  const plain = stem
    .replace(EMBEDDED, "")
    .replace(/!\[[^\]]*\]\([^)]*\)/g, "")
    .replace(/\\(.)/g, "$1")
    .replace(/[*_`#>|]/g, "")
    .replace(/\s+/g, " ")
    .trim();
  return plain.length > 80 ? `${plain.slice(0, 79)}…` : plain || "question";
}

function formatNumber(n: number): string {
  return String(Number(n.toPrecision(15)));
}

/** Writes items as a Moodle XML file; a `category` line starts each run of items with the same topic. */
export function writeMoodleXml(items: readonly BankItem[]): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', "<quiz>"];
  let category: string | undefined;
  items.forEach((item, n) => {
    const path = ["$course$", "top", ...(item.topicPath ?? []).map((p) => p.replaceAll("/", "//"))].join("/");
    if (path !== category) {
      category = path;
      out.push(
        `  <question type="category">`,
        `    <category><text>${esc(path)}</text></category>`,
        `  </question>`,
      );
    }
    const names = exportNames(item.images ?? []);
    const src = (url: string) => {
      const m = /^embedded:(\d+)$/.exec(url);
      return m ? `@@PLUGINFILE@@/${encodeURIComponent(names[Number(m[1])] ?? "")}` : url;
    };
    const rich = (tag: string, markup: string, attrs = "", inner = "") => {
      const used = [...markup.matchAll(EMBEDDED)].map((m) => Number(m[2]));
      const files = [...new Set(used)]
        .filter((i) => item.images?.[i])
        .map(
          (i) =>
            `<file name="${esc(names[i]!)}" path="/" encoding="base64">${toBase64(item.images![i]!.bytes)}</file>`,
        )
        .join("");
      const html = markup ? cdata(markupToHtml(markup, { imageSrc: src })) : "";
      return `<${tag}${attrs} format="html"><text>${html}</text>${files}${inner}</${tag}>`;
    };
    const type = {
      single: "multichoice",
      multiple: "multichoice",
      numeric: "numerical",
      short_text: "shortanswer",
      matching: "matching",
    }[item.kind];
    const q = [
      `  <!-- question: ${n + 1} -->`,
      `  <question type="${type}">`,
      `    <name><text>${esc(nameOf(item.stem))}</text></name>`,
      `    ${rich("questiontext", item.stem)}`,
      `    ${rich("generalfeedback", item.explanation ?? "")}`,
      `    <defaultgrade>1</defaultgrade>`,
      `    <penalty>0</penalty>`,
      `    <hidden>0</hidden>`,
    ];
    switch (item.kind) {
      case "single":
      case "multiple": {
        const share = formatNumber(Number((100 / item.correct.length).toFixed(5)));
        q.push(
          `    <single>${item.kind === "single"}</single>`,
          `    <shuffleanswers>true</shuffleanswers>`,
          `    <answernumbering>abc</answernumbering>`,
          ...item.options.map((o) => {
            const f = item.correct.includes(o.id) ? share : item.kind === "single" ? "0" : "-100";
            return `    ${rich("answer", o.text, ` fraction="${f}"`)}`;
          }),
        );
        break;
      }
      case "numeric":
        q.push(
          `    <answer fraction="100"><text>${formatNumber(item.answer.value)}</text><tolerance>${formatNumber(item.answer.tolerance ?? 0)}</tolerance></answer>`,
        );
        break;
      case "short_text":
        q.push(
          `    <usecase>0</usecase>`,
          ...item.accepted.map(
            (a) =>
              `    <answer fraction="100" format="moodle_auto_format"><text>${esc(a.replaceAll("*", "\\*"))}</text></answer>`,
          ),
        );
        break;
      case "matching": {
        const right = new Map(item.right.map((r) => [r.id, r]));
        const paired = new Set(item.pairs.map(([, r]) => r));
        q.push(`    <shuffleanswers>true</shuffleanswers>`);
        for (const [l, r] of item.pairs) {
          const left = item.left.find((x) => x.id === l)!;
          q.push(
            `    ${rich("subquestion", left.text, "", `<answer><text>${esc(markupToPlain(right.get(r)!.text))}</text></answer>`)}`,
          );
        }
        for (const r of item.right.filter((x) => !paired.has(x.id)))
          q.push(
            `    <subquestion format="html"><text></text><answer><text>${esc(markupToPlain(r.text))}</text></answer></subquestion>`,
          );
        break;
      }
    }
    if (item.difficulty) q.push(`    <tags><tag><text>difficulty:${item.difficulty}</text></tag></tags>`);
    q.push(`  </question>`);
    out.push(...q);
  });
  out.push("</quiz>", "");
  return out.join("\n");
}
