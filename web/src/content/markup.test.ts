import DOMPurify from "dompurify";
import { JSDOM } from "jsdom";
import { describe, expect, it } from "vitest";
import { createMarkupRenderer } from "./markup.ts";
import { createSanitizer } from "./sanitize.ts";

// The renderer and its sanitiser over a DOM in Node; the Chromium test
// (server/src/security/web-render.test.ts) runs the same code in the real exam room.
const window = new JSDOM("").window;
const purify = () => DOMPurify(window as unknown as Parameters<typeof DOMPurify>[0]);
const md = createMarkupRenderer(purify());
const MEDIA = `/api/v1/media/${"ab".repeat(32)}`;

/** Every element and attribute of the rendered HTML, parsed the way a browser would. */
function parse(html: string) {
  const doc = new JSDOM(`<body>${html}</body>`).window.document;
  const elements = [...doc.body.querySelectorAll("*")];
  return {
    doc,
    tags: new Set(elements.map((e) => e.localName.toLowerCase())),
    attributes: elements.flatMap((e) =>
      [...e.attributes].map((a) => [a.name.toLowerCase(), a.value] as const),
    ),
    text: doc.body.textContent ?? "",
  };
}

const URL_ATTRIBUTES = ["href", "xlink:href", "action", "formaction", "srcset", "poster", "background"];

function expectInert(html: string) {
  const { tags, attributes } = parse(html);
  for (const bad of [
    "script",
    "a",
    "iframe",
    "object",
    "embed",
    "style",
    "form",
    "foreignobject",
    "use",
    "animate",
  ])
    expect(tags.has(bad), `<${bad}> in ${html}`).toBe(false);
  expect(attributes.filter(([name]) => name.startsWith("on") || URL_ATTRIBUTES.includes(name))).toEqual([]);
  expect(attributes.filter(([name, value]) => name === "src" && value !== MEDIA)).toEqual([]);
  expect(
    attributes.filter(([name, value]) => name === "style" && /url\(|expression|javascript/i.test(value)),
  ).toEqual([]);
}

describe("the documented markup", () => {
  it("plain text is a paragraph of that text; line breaks are kept", () => {
    expect(md.block("Salom, dunyo")).toBe("<p>Salom, dunyo</p>");
    expect(md.block("bir\nikki")).toBe("<p>bir<br>\nikki</p>");
    expect(md.inline("A variant")).toBe("A variant");
  });

  it("bold, italic, lists, tables and inline code", () => {
    const { tags, text } = parse(
      md.block(
        "**qalin** va *kursiv* `kod`\n\n- bir\n- ikki\n\n1. birinchi\n2. ikkinchi\n\n| a | b |\n| - | - |\n| 1 | 2 |",
      ),
    );
    for (const tag of ["strong", "em", "code", "ul", "ol", "li", "table", "th", "td"])
      expect(tags).toContain(tag);
    expect(text).toContain("qalin");
  });

  it("headings, quotes, code blocks, links, entities and raw HTML show as typed", () => {
    const typed = "# Sarlavha\n\n> iqtibos\n\n[havola](http://example.uz) &amp; <b>x</b>";
    const { tags, text } = parse(md.block(typed));
    expect([...tags]).toEqual(["p"]);
    expect(text).toContain("# Sarlavha");
    expect(text).toContain("[havola](http://example.uz) &amp; <b>x</b>");
  });

  it("inline and display math are typeset by KaTeX with a MathML copy for screen readers", () => {
    const inline = parse(md.block("Hisoblang: $\\frac{1}{2} + \\sqrt{x^2}$."));
    expect(inline.doc.querySelector(".katex .katex-html")).not.toBeNull();
    expect(inline.doc.querySelector("math semantics annotation")?.textContent).toBe(
      "\\frac{1}{2} + \\sqrt{x^2}",
    );
    expect(inline.doc.querySelector(".katex-error")).toBeNull();
    const display = parse(md.block("Tenglama:\n\n$$x^2 - 5x + 6 = 0$$\n\nildizlari?"));
    expect(display.doc.querySelector(".math-display .katex-display")).not.toBeNull();
    const multiline = parse(md.block("$$\n\\int_0^1 x\\,dx\n$$"));
    expect(multiline.doc.querySelector(".math-display .katex-display")).not.toBeNull();
  });

  it("chemistry with mhchem: \\ce{} inside math", () => {
    const { doc, text } = parse(md.block("$\\ce{2H2 + O2 -> 2H2O}$ va $\\ce{SO4^2-}$"));
    expect(doc.querySelectorAll(".katex")).toHaveLength(2);
    expect(doc.querySelector(".katex-error")).toBeNull();
    expect(text).toContain("H");
  });

  it("stray dollars stay text: prices, a lone $, an escaped \\$", () => {
    for (const t of ["Narxi 5$ va 10$.", "$5 va $6", "bitta $ belgi", "\\$x\\$"]) {
      expect(parse(md.block(t)).doc.querySelector(".katex"), t).toBeNull();
    }
    expect(parse(md.block("\\$x\\$")).text).toContain("$x$");
  });

  it("a TeX error is shown in red, never thrown", () => {
    const { doc } = parse(md.block("$\\frac{1}{$ va $\\undefinedmacro$"));
    expect(doc.querySelectorAll(".katex-error").length).toBeGreaterThan(0);
  });

  it("figures only from our media store, with their alt text", () => {
    const { doc } = parse(md.block(`Rasm:\n\n![Uchburchak](${MEDIA})`));
    const img = doc.querySelector("img")!;
    expect(img.getAttribute("src")).toBe(MEDIA);
    expect(img.getAttribute("alt")).toBe("Uchburchak");
    expect(img.getAttribute("loading")).toBe("lazy");
    for (const src of [
      "https://evil.example/x.png",
      "//evil.example/x.png",
      "data:image/png;base64,iVBORw0KGgo=",
      "javascript:alert(1)",
      "/api/v1/media/../admin",
      `${MEDIA}?x=1`,
    ]) {
      const html = md.block(`![x](${src})`);
      expect(parse(html).doc.querySelector("img"), src).toBeNull();
      expectInert(html);
    }
  });

  it("the Uzbek letters oʻ/gʻ are shown with ʻ in text, never inside a formula", () => {
    const { text } = parse(md.block("O'zbekiston va g'alaba: $f'(x)$"));
    expect(text).toContain("Oʻzbekiston va gʻalaba");
    expect(parse(md.block("$g'(x)$")).doc.querySelector("annotation")?.textContent).toBe("g'(x)");
  });
});

describe("hostile markup renders inert", () => {
  const HOSTILE = [
    `<script>window.pwned = 1</script>`,
    `<img src=x onerror="window.pwned = 1">`,
    `<svg onload="window.pwned = 1"><script>window.pwned = 1</script></svg>`,
    `<a href="javascript:window.pwned = 1">bos</a>`,
    `[bos](javascript:window.pwned=1)`,
    `[bos](JaVaScRiPt:window.pwned=1)`,
    `<javascript:alert(1)>`,
    `![x](javascript:window.pwned=1)`,
    `![x" onerror="window.pwned=1](${MEDIA})`,
    `$\\href{javascript:window.pwned=1}{bos}$`,
    `$\\url{javascript:window.pwned=1}$`,
    `$$\\href{javascript:alert(1)}{\\text{bos}}$$`,
    `$\\htmlClass{x}{y}$ $\\htmlId{root}{y}$ $\\htmlStyle{position:fixed}{y}$ $\\htmlData{onload=alert(1)}{y}$`,
    `$\\includegraphics{https://evil.example/x.png}$`,
    `$\\text{<img src=x onerror=alert(1)>}$`,
    `| <script>x</script> | $\\href{javascript:1}{a}$ |\n| - | - |\n| <img src=x onerror=1> | b |`,
    `<style>body{display:none}</style><iframe src="javascript:1"></iframe><form action="javascript:1"><button>x`,
    `&lt;script&gt;alert(1)&lt;/script&gt;`,
  ];

  it.each(HOSTILE)("%s", (text) => {
    expectInert(md.block(text));
    expectInert(md.inline(text));
  });

  it("raw HTML is shown as the text that was typed", () => {
    expect(parse(md.block(`<img src=x onerror="window.pwned = 1">`)).text).toBe(
      `<img src=x onerror="window.pwned = 1">`,
    );
  });

  it("KaTeX's size and expansion limits hold: no page-sized box, no endless macro", () => {
    const huge = parse(md.block("$\\rule{10000em}{10000em}$ $\\kern{9999em}$"));
    const sizes = huge.attributes.filter(
      ([name]) => name === "style" || name === "width" || name === "height",
    );
    expect(sizes.length).toBeGreaterThan(0);
    expect(sizes.filter(([, value]) => /[1-9]\d{3,}(\.\d+)?em/.test(value))).toEqual([]);
    const bomb = md.block("$\\def\\a{\\a\\a}\\a$");
    expect(parse(bomb).doc.querySelector(".katex-error")).not.toBeNull();
  });
});

describe("the sanitiser on its own (the second wall)", () => {
  const sanitize = createSanitizer(purify());

  it("drops scripts, event handlers, links and outside references in HTML, SVG and MathML", () => {
    const dirty = [
      `<p onclick="x()">a<script>x()</script></p>`,
      `<svg><script>x()</script><path d="M0 0" onload="x()"/><a href="javascript:x()"><text>t</text></a><use href="data:image/svg+xml,x"/><foreignObject><img src=x onerror=x()></foreignObject><animate attributeName="href" to="javascript:x()"/></svg>`,
      `<math><mi xlink:href="javascript:x()">x</mi><maction actiontype="statusline">y</maction><annotation-xml encoding="text/html"><img src=x onerror=x()></annotation-xml></math>`,
      `<img src="https://evil.example/x.png"><img src="${MEDIA}" onerror="x()">`,
      `<span style="x" data-x="1" id="root" aria-label="l">s</span><div class="katex">ok</div>`,
    ].join("");
    const clean = sanitize(dirty);
    expectInert(clean);
    const { doc, attributes } = parse(clean);
    expect(doc.querySelectorAll("img")).toHaveLength(1);
    expect(attributes.filter(([name]) => ["id", "data-x", "aria-label"].includes(name))).toEqual([]);
    expect(doc.querySelector("div.katex")?.textContent).toBe("ok");
  });

  it("refuses to run without a DOM rather than pass HTML through unsanitised", () => {
    expect(() => createSanitizer(DOMPurify)).toThrow(/needs a DOM/);
  });
});
