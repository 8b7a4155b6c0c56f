import { XMLParser, XMLValidator } from "fast-xml-parser";
import { Parser as HtmlParser } from "htmlparser2";
import { BankFileError } from "../types.ts";

/**
 * XML and HTML as one small tree: elements with their attributes and children, text as strings.
 * XML is parsed strictly (fast-xml-parser: a file that is not well-formed is refused with its line,
 * so a truncated file never imports half a question); the HTML inside Moodle's `<text>` is parsed
 * forgivingly (htmlparser2: `<br>`, `&nbsp;`, unclosed `<p>` are everyday HTML).
 */
export interface XElement {
  name: string;
  attrs: Record<string, string>;
  children: XNode[];
}
export type XNode = XElement | string;

const xmlParser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: "",
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  processEntities: true,
  htmlEntities: true,
});

type Ordered = Record<string, unknown>;

function fromOrdered(list: Ordered[]): XNode[] {
  const out: XNode[] = [];
  for (const node of list) {
    if ("#text" in node) {
      out.push(String(node["#text"]));
      continue;
    }
    const name = Object.keys(node).find((k) => k !== ":@");
    if (!name) continue;
    const attrs: Record<string, string> = {};
    for (const [k, v] of Object.entries((node[":@"] as Record<string, unknown> | undefined) ?? {}))
      attrs[k] = String(v);
    out.push({ name, attrs, children: fromOrdered((node[name] as Ordered[]) ?? []) });
  }
  return out;
}

/** The root element of an XML document; `BankFileError` when the text is not well-formed XML. */
export function parseXml(text: string, what: string): XElement {
  const src = text.replace(/^\uFEFF/, "");
  // No DTDs: entity declarations are how XML bombs and external-entity reads start.
  if (/<!DOCTYPE/i.test(src))
    throw new BankFileError("doctype", `${what}: DOCTYPE declarations are not accepted`);
  const valid = XMLValidator.validate(src);
  if (valid !== true)
    throw new BankFileError(
      "not_xml",
      `${what} is not well-formed XML (line ${valid.err.line}: ${valid.err.msg})`,
      {
        line: String(valid.err.line),
      },
    );
  let tree: Ordered[];
  try {
    tree = xmlParser.parse(src) as Ordered[];
  } catch (err) {
    throw new BankFileError(
      "not_xml",
      `${what} is not well-formed XML (${err instanceof Error ? err.message : err})`,
    );
  }
  const root = fromOrdered(tree).find((n): n is XElement => typeof n !== "string");
  if (!root) throw new BankFileError("not_xml", `${what} has no root element`);
  return root;
}

/** An HTML fragment as a tree (tag names in lower case), however sloppy its markup. */
export function parseHtml(html: string): XNode[] {
  const root: XElement = { name: "#root", attrs: {}, children: [] };
  const stack: XElement[] = [root];
  const parser = new HtmlParser(
    {
      onopentag(name, attrs) {
        const el: XElement = { name, attrs, children: [] };
        stack.at(-1)!.children.push(el);
        stack.push(el);
      },
      ontext(text) {
        // Entities arrive as text of their own: joined, so `\(a &lt; b\)` stays one piece of TeX.
        const children = stack.at(-1)!.children;
        if (typeof children.at(-1) === "string") children[children.length - 1] += text;
        else children.push(text);
      },
      onclosetag() {
        if (stack.length > 1) stack.pop();
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  return root.children;
}

export const isElement = (n: XNode | undefined): n is XElement => typeof n === "object" && n !== null;

/** Direct child elements named `name` (any, when omitted). */
export function kids(el: XElement | undefined, name?: string): XElement[] {
  return (el?.children ?? []).filter((c): c is XElement => isElement(c) && (!name || c.name === name));
}
export const kid = (el: XElement | undefined, name: string): XElement | undefined => kids(el, name)[0];

/** All descendant elements named `name`, in document order. */
export function descendants(el: XElement, name: string): XElement[] {
  const out: XElement[] = [];
  for (const c of kids(el)) {
    if (c.name === name) out.push(c);
    out.push(...descendants(c, name));
  }
  return out;
}

/** The text content of an element (all descendants' text). */
export function textOf(el: XElement | undefined): string {
  if (!el) return "";
  return el.children.map((c) => (typeof c === "string" ? c : textOf(c))).join("");
}

const XML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
};
// eslint-disable-next-line no-control-regex -- exactly the characters XML 1.0 cannot carry
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Escapes text for an XML element or attribute; drops characters XML 1.0 cannot carry. */
export function esc(s: string): string {
  return s.replace(NOT_XML, "").replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!);
}

/** Text as CDATA (a `]]>` inside is split across two sections). */
export const cdata = (s: string) => `<![CDATA[${s.replaceAll("]]>", "]]]]><![CDATA[>")}]]>`;
