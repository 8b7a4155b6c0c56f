import { Hono, type MiddlewareHandler } from "hono";
import type { HttpEnv } from "../env.ts";
import { docsCsp } from "../csp.ts";
import { buildOpenApi } from "../openapi.ts";

// Built once per process: the document depends only on code.
let document: Record<string, unknown> | undefined;
let page: string | undefined;
let csp: string | undefined;
const openApi = () => (document ??= buildOpenApi());

/**
 * A self-contained page: the document is embedded and rendered by a few lines of inline script,
 * so it works offline and needs no CDN. `<` is escaped so no string in the document can close the tag.
 */
function docsPage(): string {
  const json = JSON.stringify(openApi()).replace(/</g, "\\u003c");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Imtihon API</title><style>
body{font-family:system-ui,sans-serif;margin:0 auto;max-width:980px;padding:1rem 1.5rem;color:#1b1f24;line-height:1.45}
h1{margin-bottom:.2rem} h2{margin-top:2rem;border-bottom:1px solid #ddd;text-transform:capitalize}
details{border:1px solid #d0d7de;border-radius:6px;margin:.4rem 0;padding:.3rem .7rem}
summary{cursor:pointer} code,pre{font-family:ui-monospace,monospace;font-size:.85rem}
pre{background:#f6f8fa;padding:.6rem;overflow:auto;border-radius:4px;max-height:28rem}
.m{display:inline-block;min-width:3.5rem;font-weight:700;text-transform:uppercase}
.get{color:#0969da}.post{color:#1a7f37}.put{color:#9a6700} .a{color:#57606a;font-size:.9rem}
</style></head><body><h1>Imtihon API</h1><p id="intro"></p><p><a href="/openapi.json">openapi.json</a></p><div id="api"></div>
<script type="application/json" id="doc">${json}</script>
<script>
const doc = JSON.parse(document.getElementById("doc").textContent);
const el = (tag, attrs, ...kids) => { const e = document.createElement(tag); Object.assign(e, attrs); e.append(...kids); return e; };
const pre = (v) => el("pre", {}, JSON.stringify(v, null, 2));
// Descriptions mark code with backticks: shown as <code>, never as literal backticks.
const md = (text) => String(text ?? "").split(String.fromCharCode(96)).map((part, i) => (i % 2 ? el("code", {}, part) : part));
document.getElementById("intro").append(...md(doc.info.description));
const root = document.getElementById("api");
for (const tag of doc.tags) {
  root.append(el("h2", {}, tag.name));
  for (const [path, ops] of Object.entries(doc.paths)) for (const [method, op] of Object.entries(ops)) {
    if (!op.tags.includes(tag.name)) continue;
    const d = el("details", {}, el("summary", {}, el("span", { className: "m " + method }, method), " ", el("code", {}, path), " — ", ...md(op.summary)));
    d.append(el("p", { className: "a" }, ...md(op.description)));
    if (op.parameters.length) d.append(el("h4", {}, "Parameters"), pre(op.parameters.map((p) => ({ name: p.name, in: p.in, required: p.required, schema: p.schema }))));
    if (op.requestBody) for (const [type, c] of Object.entries(op.requestBody.content)) d.append(el("h4", {}, type === "application/json" ? "Body" : "Body (" + type + ")"), pre(c.schema));
    for (const [status, r] of Object.entries(op.responses)) {
      d.append(el("h4", {}, status + " ", ...md(r.description)));
      const c = r.content && r.content["application/json"];
      if (c && c.schema && !c.schema.$ref) d.append(pre(c.schema));
    }
    root.append(d);
  }
}
root.append(el("h2", {}, "Error shape"), pre(doc.components.schemas.Error));
</script></body></html>`;
}

/**
 * GET /openapi.json and GET /docs, at the root beside the other operations routes. In production they
 * are served only with DOCS_ENABLED=1 (the document maps every route for an attacker as well).
 */
const enabled: MiddlewareHandler<HttpEnv> = async (c, next) => {
  if (!c.var.ctx.config.docsEnabled) return c.notFound();
  await next();
};

export const docsRoutes = new Hono<HttpEnv>()
  .get("/openapi.json", enabled, (c) => c.json(openApi()))
  .get("/docs", enabled, (c) => {
    page ??= docsPage();
    return c.html(page, 200, { "content-security-policy": (csp ??= docsCsp(page)) });
  });
