import { describe, expect, it } from "vitest";
import { htmlToMarkup, ItemError, markupToHtml, markupToPlain, plainToMarkup } from "./markup.ts";

const noImages = { image: () => "" };
const md = (html: string) => htmlToMarkup(html, noImages);

describe("HTML → markup", () => {
  it.each([
    ["<p>Bir</p><p>Ikki</p>", "Bir\n\nIkki"],
    [
      "<p><b>qalin</b>, <strong>qalin</strong>, <i>kursiv</i>, <em> kursiv </em></p>",
      "**qalin**, **qalin**, *kursiv*, *kursiv*",
    ],
    ["<ol><li>bir</li><li>ikki<ul><li>ichki</li></ul></li></ol>", "1. bir\n2. ikki\n3. ichki"],
    [
      "<table><tr><th>x</th><th>y</th></tr><tr><td>1</td><td>a|b</td></tr></table>",
      "| x | y |\n| --- | --- |\n| 1 | a\\|b |",
    ],
    ["Satr<br>ikkinchi satr", "Satr\n\nikkinchi satr"],
    ["<p>\\(a &lt; b\\) va \\[\\sum_{i=1}^n i\\]</p>", "$a < b$ va $$\\sum_{i=1}^n i$$"],
    ["<p>$$x^2$$</p><p>bu $$y$$ inline</p>", "$$x^2$$\n\nbu $y$ inline"],
    ["<p>H<sub>2</sub>O, x<sup>n+1</sup></p>", "H$_{2}$O, x$^{n+1}$"],
    [
      '<p><a href="javascript:alert(1)">havola</a> <span style="color:red" onclick="x()">matn</span></p>',
      "havola matn",
    ],
    ["<script>alert(1)</script><style>p{}</style><iframe src=x></iframe><p>qoldi</p>", "qoldi"],
    [
      "<p>1. ro'yxat emas</p><p># sarlavha emas</p><p>- chiziq</p>",
      "1\\. ro'yxat emas\n\n\\# sarlavha emas\n\n\\- chiziq",
    ],
    [
      "<p>*yulduz* _chiziq_ [qavs](x) `kod` $5 &amp; ~</p>",
      "\\*yulduz\\* \\_chiziq\\_ \\[qavs\\](x) \\`kod\\` \\$5 \\& \\~",
    ],
    ["<p>&lt;img src=x onerror=alert(1)&gt;</p>", "\\<img src=x onerror=alert(1)\\>"],
  ])("%s", (html, markup) => expect(md(html)).toBe(markup));

  it("asks for each image and refuses the item when one is missing", () => {
    const seen: [string, string][] = [];
    const out = htmlToMarkup('<p>Grafik: <img src="a.png" alt="A"></p>', {
      image: (src, alt) => (seen.push([src, alt]), "![A](embedded:0)"),
    });
    expect(out).toBe("Grafik: ![A](embedded:0)");
    expect(seen).toEqual([["a.png", "A"]]);
    expect(() =>
      htmlToMarkup('<img src="b.png">', {
        image: () => {
          throw new ItemError("image_missing", 'image "b.png" is not in the file');
        },
      }),
    ).toThrow('image "b.png" is not in the file');
  });

  it("plain text keeps its lines as paragraphs", () => {
    expect(plainToMarkup("Birinchi qator\nIkkinchi \\(x\\)\n\n")).toBe("Birinchi qator\n\nIkkinchi $x$");
  });
});

describe("markup → HTML and plain text", () => {
  const html = (m: string) => markupToHtml(m, { imageSrc: (u) => `/files/${u}` });
  it.each([
    ["Bir\n\nIkki", "<p>Bir</p><p>Ikki</p>"],
    [
      "**qalin** va *kursiv* va _kursiv_",
      "<p><strong>qalin</strong> va <em>kursiv</em> va <em>kursiv</em></p>",
    ],
    ["- bir\n- ikki", "<ul><li>bir</li><li>ikki</li></ul>"],
    ["1. bir\n2. ikki", "<ol><li>bir</li><li>ikki</li></ol>"],
    ["$a < b$ va $$x$$", "<p>\\(a &lt; b\\) va \\[x\\]</p>"],
    ["![Rasm \\[1\\]](embedded:0)", '<p><img src="/files/embedded:0" alt="Rasm [1]"></p>'],
    ["\\*emas\\* \\$5 <b>", "<p>*emas* $5 &lt;b&gt;</p>"],
    [
      "| a | b |\n| --- | --- |\n| 1 | 2 |",
      "<table><thead><tr><th>a</th><th>b</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table>",
    ],
  ])("%j", (markup, out) => expect(html(markup)).toBe(out));

  it("plain text for Moodle's matching answers", () => {
    expect(markupToPlain("**$a^2$** \\$5 ![x](embedded:0) $$y$$")).toBe("\\(a^2\\) $5 x \\[y\\]");
  });
});
