import {
  BankFileError,
  checkItem,
  embeddedRefs,
  rejection,
  type BankItem,
  type BankLimits,
  type ReadResult,
} from "../types.ts";
import { exportNames, ItemImages } from "./images.ts";
import { htmlToMarkup, ItemError, markupToHtml, storedMedia } from "./markup.ts";
import { nameOf } from "./moodle-xml.ts";
import { descendants, esc, kid, kids, parseXml, textOf, type XElement, type XNode } from "./xml.ts";
import { resolvePath, unzip, zip } from "./zip.ts";

/**
 * IMS QTI 2.1 and 3.0 item packages (a zip with `imsmanifest.xml` and one XML file per item) ⇄ bank
 * items. Read: choiceInteraction (single or multiple by cardinality), textEntryInteraction (numeric for
 * a float or integer response, short text for a string), matchInteraction and associateInteraction
 * (matching); images from the package. Written: QTI 2.1, the version most tools import.
 */

const INTERACTIONS = [
  "choiceInteraction",
  "textEntryInteraction",
  "matchInteraction",
  "associateInteraction",
];
const ITEM_TYPES = /^imsqti_item_xmlv(2p1|2p2|3p0)/;

/** QTI 3.0's `qti-choice-interaction response-identifier` → QTI 2.1's `choiceInteraction responseIdentifier`. */
const camel = (s: string) => s.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
function normalize3(node: XNode): XNode {
  if (typeof node === "string") return node;
  if (!node.name.startsWith("qti-")) return { ...node, children: node.children.map(normalize3) };
  const attrs: Record<string, string> = {};
  for (const [k, v] of Object.entries(node.attrs)) attrs[camel(k)] = v;
  return { name: camel(node.name.slice(4)), attrs, children: node.children.map(normalize3) };
}

interface Declaration {
  cardinality: string;
  baseType: string;
  correct: string[];
  mapped: string[];
}

function declarations(item: XElement): Map<string, Declaration> {
  const out = new Map<string, Declaration>();
  for (const d of kids(item, "responseDeclaration")) {
    out.set(d.attrs.identifier ?? "", {
      cardinality: d.attrs.cardinality ?? "single",
      baseType: d.attrs.baseType ?? "identifier",
      correct: kids(kid(d, "correctResponse"), "value").map((v) => textOf(v).trim()),
      mapped: kids(kid(d, "mapping"), "mapEntry")
        .filter((e) => Number(e.attrs.mappedValue ?? "0") > 0)
        .map((e) => e.attrs.mapKey ?? ""),
    });
  }
  return out;
}

/** The item body without the interaction; an inline text entry leaves a blank (`\_\_\_\_`). */
function without(nodes: XNode[], target: XElement): XNode[] {
  return nodes.flatMap((n): XNode[] => {
    if (n === target) return target.name === "textEntryInteraction" ? ["\u0001"] : [];
    if (typeof n === "string") return [n];
    if (
      [
        "modalFeedback",
        "feedbackBlock",
        "feedbackInline",
        "rubricBlock",
        "templateBlock",
        "templateInline",
      ].includes(n.name)
    )
      return [];
    return [{ ...n, children: without(n.children, target) }];
  });
}

function readItem(
  xml: string,
  path: string,
  files: Map<string, Uint8Array>,
  onTitle: (title: string) => void,
): Record<string, unknown> {
  let root = parseXml(xml, `"${path}"`);
  root = normalize3(root) as XElement;
  if (root.name !== "assessmentItem")
    throw new ItemError("item_file", `"${path}" is not a QTI assessment item (<${root.name}>)`, {
      file: path,
    });
  const title = root.attrs.title?.trim();
  if (title) onTitle(title.slice(0, 200));
  const body = kid(root, "itemBody");
  if (!body) throw new ItemError("no_interaction", "the item has no itemBody");
  if (descendants(body, "math").length)
    throw new ItemError("mathml", "MathML formulas are not supported; write them as TeX");
  const interactions = allInteractions(body);
  const others = [...new Set(interactions.map((e) => e.name))].filter((n) => !INTERACTIONS.includes(n));
  if (others.length)
    throw new ItemError(
      "unsupported_type",
      `${others.join(", ")} is not supported (supported: ${INTERACTIONS.join(", ")})`,
      {
        type: others.join(", "),
      },
    );
  if (interactions.length === 0) throw new ItemError("no_interaction", "the item has no interaction");
  if (interactions.length > 1)
    throw new ItemError("several_interactions", "items with more than one interaction are not supported");
  const it = interactions[0]!;
  const decl = declarations(root).get(it.attrs.responseIdentifier ?? "");
  if (!decl)
    throw new ItemError("no_correct", `no responseDeclaration for "${it.attrs.responseIdentifier ?? ""}"`);

  const images = new ItemImages();
  const image = (src: string, alt: string) =>
    storedMedia(src, alt) ??
    images.ref(
      src,
      () => {
        const data = ItemImages.fromDataUri(src);
        if (data) return data;
        const at = resolvePath(path, decodeURIComponent(src));
        const bytes = at === null ? undefined : files.get(at);
        return bytes ? { bytes, alt: "", filename: at!.split("/").pop()! } : undefined;
      },
      alt ||
        src
          .split("/")
          .pop()!
          .replace(/\.[a-z0-9]+$/i, ""),
    );
  // A text entry alone in its paragraph leaves nothing; inside a sentence it leaves a blank.
  const md = (nodes: XNode[]) =>
    htmlToMarkup(nodes, { image })
      .split("\n\n")
      .filter((b) => b.trim() !== "\u0001")
      .join("\n\n")
      .replaceAll("\u0001", "\\_\\_\\_\\_");
  const prompt = kid(it, "prompt");
  const stem = [md(without(body.children, it)), prompt ? md(prompt.children) : ""]
    .filter(Boolean)
    .join("\n\n");
  const feedback = kids(root, "modalFeedback")[0];
  const explanation = feedback ? md(feedback.children) : "";
  const common = { stem, ...(explanation ? { explanation } : {}) };
  const correct = decl.correct.length ? decl.correct : decl.mapped;
  let item: Record<string, unknown>;
  switch (it.name) {
    case "choiceInteraction": {
      const options = kids(it, "simpleChoice").map((c) => ({
        id: c.attrs.identifier ?? "",
        text: md(without(c.children, c)),
      }));
      if (!correct.length) throw new ItemError("no_correct", "the item has no correct response");
      item = { kind: decl.cardinality === "single" ? "single" : "multiple", ...common, options, correct };
      break;
    }
    case "textEntryInteraction": {
      if (!correct.length) throw new ItemError("no_correct", "the item has no correct response");
      if (decl.baseType === "float" || decl.baseType === "integer") {
        const value = Number(correct[0]);
        if (!Number.isFinite(value))
          throw new ItemError("not_a_number", `the correct response "${correct[0]}" is not a number`, {
            value: correct[0]!,
          });
        item = { kind: "numeric", ...common, answer: { value, ...tolerance(root, value) } };
      } else if (decl.baseType === "string") {
        item = { kind: "short_text", ...common, accepted: [...new Set([...decl.correct, ...decl.mapped])] };
      } else
        throw new ItemError(
          "unsupported_type",
          `a text entry with baseType "${decl.baseType}" is not supported`,
          {
            type: `textEntryInteraction (${decl.baseType})`,
          },
        );
      break;
    }
    default: {
      const sets = it.name === "matchInteraction" ? kids(it, "simpleMatchSet") : [it];
      const choices = sets.map((s) =>
        kids(s, "simpleAssociableChoice").map((c) => ({
          id: c.attrs.identifier ?? "",
          text: md(c.children),
        })),
      );
      const pairs = correct.map((v) => v.split(/\s+/) as [string, string]);
      if (!pairs.length) throw new ItemError("no_correct", "the item has no correct response");
      if (pairs.some((p) => p.length !== 2))
        throw new ItemError("no_pairs", "a correct pair is not two identifiers");
      let left = choices[0] ?? [];
      let right = choices[1] ?? [];
      if (it.name === "associateInteraction") {
        // One set of choices: those that start a correct pair are the left side.
        const firsts = new Set(pairs.map(([a]) => a));
        right = left.filter((c) => !firsts.has(c.id));
        left = left.filter((c) => firsts.has(c.id));
      }
      item = { kind: "matching", ...common, left, right, pairs };
    }
  }
  if (images.list.length) item.images = images.list;
  return item;
}

function allInteractions(body: XElement): XElement[] {
  const out: XElement[] = [];
  const walk = (el: XElement) => {
    for (const c of kids(el)) {
      if (c.name.endsWith("Interaction")) out.push(c);
      else walk(c);
    }
  };
  walk(body);
  return out;
}

/** Tolerance from the response processing's `<equal toleranceMode="absolute|relative" tolerance="t">`. */
function tolerance(item: XElement, value: number): { tolerance?: number } {
  const equal = descendants(item, "equal")[0];
  const t = Number((equal?.attrs.tolerance ?? "").trim().split(/\s+/)[0]);
  if (!equal || !Number.isFinite(t) || t <= 0) return {};
  if (equal.attrs.toleranceMode === "absolute") return { tolerance: t };
  if (equal.attrs.toleranceMode === "relative")
    return { tolerance: Number(((Math.abs(value) * t) / 100).toPrecision(12)) };
  return {};
}

const LOM_DIFFICULTY: Record<string, BankItem["difficulty"]> = {
  "very easy": "easy",
  easy: "easy",
  medium: "medium",
  difficult: "hard",
  "very difficult": "hard",
};

/** Difficulty and topic path from a manifest resource's LOM metadata. */
function resourceMeta(resource: XElement): { difficulty?: BankItem["difficulty"]; topicPath?: string[] } {
  const meta = kid(resource, "metadata");
  if (!meta) return {};
  const diff = descendants(meta, "difficulty")[0];
  const difficulty = diff ? LOM_DIFFICULTY[textOf(kid(diff, "value")).trim().toLowerCase()] : undefined;
  const taxonPath = descendants(meta, "taxonPath")[0];
  const topicPath = taxonPath
    ? kids(taxonPath, "taxon")
        .map((t) => textOf(kid(t, "entry")).trim())
        .filter(Boolean)
    : [];
  return { ...(difficulty ? { difficulty } : {}), ...(topicPath.length ? { topicPath } : {}) };
}

export function readQtiPackage(bytes: Uint8Array, limits: BankLimits): ReadResult {
  const files = unzip(bytes, limits);
  const manifestPath = files.has("imsmanifest.xml")
    ? "imsmanifest.xml"
    : [...files.keys()].find((p) => /^[^/]+\/imsmanifest\.xml$/.test(p));
  if (!manifestPath) throw new BankFileError("no_manifest", "not a QTI package: imsmanifest.xml is missing");
  const manifest = parseXml(new TextDecoder().decode(files.get(manifestPath)), "imsmanifest.xml");
  const resources = descendants(manifest, "resource").filter((r) => ITEM_TYPES.test(r.attrs.type ?? ""));
  if (resources.length === 0)
    throw new BankFileError("no_items", "the package lists no QTI 2.1 or 3.0 items in imsmanifest.xml");
  if (resources.length > limits.maxItems)
    throw new BankFileError("too_many_items", `the package has more than ${limits.maxItems} items`, {
      max: String(limits.maxItems),
    });
  const result: ReadResult = { items: [], rejected: [] };
  resources.forEach((resource, index) => {
    const href = resource.attrs.href ?? kid(resource, "file")?.attrs.href ?? "";
    const path = resolvePath(manifestPath, href);
    let name: string | undefined = resource.attrs.identifier;
    try {
      const data = path === null ? undefined : files.get(path);
      if (!data) throw new ItemError("item_file", `"${href}" is not in the package`, { file: href });
      let xml: string;
      try {
        xml = new TextDecoder("utf-8", { fatal: true }).decode(data);
      } catch {
        throw new ItemError("item_file", `"${href}" is not UTF-8 text`, { file: href });
      }
      const item = readItem(xml, path!, files, (title) => (name = title));
      const checked = checkItem({ ...item, ...resourceMeta(resource) }, index, name);
      if (checked.ok) result.items.push(checked.value);
      else result.rejected.push(checked.value);
    } catch (err) {
      if (!(err instanceof ItemError) && !(err instanceof BankFileError)) throw err;
      result.rejected.push(rejection(index, name, err));
    }
  });
  return result;
}

// ---- export (QTI 2.1) ----

const NS = "http://www.imsglobal.org/xsd/imsqti_v2p1";
const RP = "http://www.imsglobal.org/question/qti_v2p1/rptemplates";
/** A QTI identifier starts with a letter or `_` and holds letters, digits, `_ - .`. */
const ident = (id: string) => (/^[A-Za-z_][\w.-]*$/.test(id) ? id : `c_${id.replace(/[^\w.-]/g, "_")}`);
const num = (n: number) => String(Number(n.toPrecision(15)));

function itemXml(item: BankItem, id: string, imageSrc: (url: string) => string): string {
  const html = (markup: string) => markupToHtml(markup, { imageSrc, xhtml: true });
  // A one-paragraph text goes inline (a choice, a match item); more paragraphs stay blocks.
  const inline = (markup: string) => {
    const h = html(markup);
    return /^<p>(?:(?!<\/?p>)[\s\S])*<\/p>$/.test(h) ? h.slice(3, -4) : h;
  };
  let decl: string;
  let interaction: string;
  let processing = `<responseProcessing template="${RP}/match_correct"/>`;
  switch (item.kind) {
    case "single":
    case "multiple":
      decl = `<responseDeclaration identifier="RESPONSE" cardinality="${item.kind}" baseType="identifier"><correctResponse>${item.correct.map((c) => `<value>${esc(ident(c))}</value>`).join("")}</correctResponse></responseDeclaration>`;
      interaction = `<choiceInteraction responseIdentifier="RESPONSE" shuffle="true" maxChoices="${item.kind === "single" ? 1 : 0}">${item.options.map((o) => `<simpleChoice identifier="${esc(ident(o.id))}">${inline(o.text)}</simpleChoice>`).join("")}</choiceInteraction>`;
      break;
    case "numeric": {
      const t = item.answer.tolerance ?? 0;
      decl = `<responseDeclaration identifier="RESPONSE" cardinality="single" baseType="float"><correctResponse><value>${num(item.answer.value)}</value></correctResponse></responseDeclaration>`;
      interaction = `<p><textEntryInteraction responseIdentifier="RESPONSE" expectedLength="12"/></p>`;
      const equal = t
        ? `<equal toleranceMode="absolute" tolerance="${num(t)} ${num(t)}">`
        : `<equal toleranceMode="exact">`;
      processing = `<responseProcessing><responseCondition><responseIf>${equal}<variable identifier="RESPONSE"/><correct identifier="RESPONSE"/></equal><setOutcomeValue identifier="SCORE"><baseValue baseType="float">1</baseValue></setOutcomeValue></responseIf><responseElse><setOutcomeValue identifier="SCORE"><baseValue baseType="float">0</baseValue></setOutcomeValue></responseElse></responseCondition></responseProcessing>`;
      break;
    }
    case "short_text":
      decl = `<responseDeclaration identifier="RESPONSE" cardinality="single" baseType="string"><correctResponse><value>${esc(item.accepted[0]!)}</value></correctResponse><mapping defaultValue="0">${item.accepted.map((a) => `<mapEntry mapKey="${esc(a)}" mappedValue="1" caseSensitive="false"/>`).join("")}</mapping></responseDeclaration>`;
      interaction = `<p><textEntryInteraction responseIdentifier="RESPONSE" expectedLength="20"/></p>`;
      processing = `<responseProcessing template="${RP}/map_response"/>`;
      break;
    case "matching":
      decl = `<responseDeclaration identifier="RESPONSE" cardinality="multiple" baseType="directedPair"><correctResponse>${item.pairs.map(([l, r]) => `<value>${esc(ident(l))} ${esc(ident(r))}</value>`).join("")}</correctResponse></responseDeclaration>`;
      interaction = `<matchInteraction responseIdentifier="RESPONSE" shuffle="true" maxAssociations="${item.left.length}"><simpleMatchSet>${item.left.map((l) => `<simpleAssociableChoice identifier="${esc(ident(l.id))}" matchMax="1">${inline(l.text)}</simpleAssociableChoice>`).join("")}</simpleMatchSet><simpleMatchSet>${item.right.map((r) => `<simpleAssociableChoice identifier="${esc(ident(r.id))}" matchMax="${item.left.length}">${inline(r.text)}</simpleAssociableChoice>`).join("")}</simpleMatchSet></matchInteraction>`;
      break;
  }
  const feedback = item.explanation
    ? `\n  <modalFeedback outcomeIdentifier="FEEDBACK" identifier="EXPLANATION" showHide="show">${html(item.explanation)}</modalFeedback>`
    : "";
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<assessmentItem xmlns="${NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="${NS} http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1p2.xsd" identifier="${id}" title="${esc(nameOf(item.stem))}" adaptive="false" timeDependent="false">`,
    `  ${decl}`,
    `  <outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float"><defaultValue><value>0</value></defaultValue></outcomeDeclaration>`,
    ...(item.explanation
      ? [`  <outcomeDeclaration identifier="FEEDBACK" cardinality="single" baseType="identifier"/>`]
      : []),
    `  <itemBody>${html(item.stem)}${interaction}</itemBody>`,
    `  ${processing}${feedback}`,
    "</assessmentItem>",
    "",
  ].join("\n");
}

function lom(item: BankItem): string {
  const parts: string[] = [];
  if (item.difficulty) {
    const value = { easy: "easy", medium: "medium", hard: "difficult" }[item.difficulty];
    parts.push(
      `<educational><difficulty><source>LOMv1.0</source><value>${value}</value></difficulty></educational>`,
    );
  }
  if (item.topicPath?.length)
    parts.push(
      `<classification><purpose><source>LOMv1.0</source><value>discipline</value></purpose><taxonPath><source><string>imtihon</string></source>${item.topicPath.map((t) => `<taxon><entry><string>${esc(t)}</string></entry></taxon>`).join("")}</taxonPath></classification>`,
    );
  return parts.length
    ? `<metadata><lom xmlns="http://ltsc.ieee.org/xsd/LOM">${parts.join("")}</lom></metadata>`
    : "";
}

/** Items as a QTI 2.1 package: `imsmanifest.xml`, `items/item-NNNN.xml`, images in `items/images/item-NNNN/`. */
export function writeQtiPackage(items: readonly BankItem[]): Uint8Array<ArrayBuffer> {
  const files: Record<string, string | Uint8Array> = {};
  const resources: string[] = [];
  items.forEach((item, n) => {
    const id = `item-${String(n + 1).padStart(4, "0")}`;
    const names = exportNames(item.images ?? []).map((f) => `images/${id}/${f}`);
    const used = new Set(embeddedRefs(item).map(([, i]) => i));
    const src = (url: string) => {
      const m = /^embedded:(\d+)$/.exec(url);
      return m ? (names[Number(m[1])] ?? "") : url;
    };
    files[`items/${id}.xml`] = itemXml(item, id, src);
    const imageFiles = [...used]
      .filter((i) => item.images?.[i])
      .map((i) => {
        files[`items/${names[i]}`] = item.images![i]!.bytes;
        return `<file href="items/${esc(names[i]!)}"/>`;
      });
    resources.push(
      `    <resource identifier="${id}" type="imsqti_item_xmlv2p1" href="items/${id}.xml">${lom(item)}<file href="items/${id}.xml"/>${imageFiles.join("")}</resource>`,
    );
  });
  files["imsmanifest.xml"] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" identifier="imtihon-export">`,
    `  <metadata><schema>QTIv2.1 Package</schema><schemaversion>1.0.0</schemaversion></metadata>`,
    `  <organizations/>`,
    `  <resources>`,
    ...resources,
    `  </resources>`,
    `</manifest>`,
    "",
  ].join("\n");
  return zip(files);
}
