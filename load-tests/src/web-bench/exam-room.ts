import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { createLoadDatabase } from "../cluster/database.ts";
import { spawnService } from "../cluster/processes.ts";

/** Setup calls for this bench only, by raw method and path (it drives a demo server, not the load fixtures). */
async function api(baseUrl: string, method: string, path: string, body?: unknown, token?: string) {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers["content-type"] = "application/json";
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${baseUrl}/api/v1${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as any };
}

// The exam room's first paint and JS cost on a phone, with formulas rendered in the browser (what
// ships) and with the renderer chunk blocked (what a server-pre-rendered page would cost in JS, less
// the bigger payload, which is measured too). Decides docs/authoring.md "Where formulas are rendered".
//   npm run build -w web && npm run bench:web [-- --runs 5] [--cpu 4] [--no-network-throttle]
const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "5" },
    cpu: { type: "string", default: "4" },
    "no-network-throttle": { type: "boolean", default: false },
    out: { type: "string" },
  },
});
const RUNS = Number(values.runs);
const CPU = Number(values.cpu);
// A mid-range phone on a 4G cell that is not at its best: 4 Mbit/s down, 1 up, 80 ms round trip.
const NETWORK = values["no-network-throttle"]
  ? null
  : { offline: false, latency: 80, downloadThroughput: 4e6 / 8, uploadThroughput: 1e6 / 8 };
const PHONE = { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "../../..");
const DIST = path.join(ROOT, "web", "dist");
const OUT = values.out ?? path.join(ROOT, "reports");
const ADMIN = { email: "admin@bench.local", password: "bench-admin-password-123" };

interface Texts {
  markup: string[];
}

interface RunFigures {
  fcpMs: number;
  /** The first question on screen (as plain text when the renderer is blocked). */
  questionMs: number;
  /** The first question with its formulas typeset (client rendering only). */
  typesetMs: number | null;
  /** The same after a reload, every asset from the HTTP cache (a student's second visit). */
  warmReadyMs: number;
  jsBytes: number;
  jsGzipBytes: number;
  cssBytes: number;
  fontBytes: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)]! : NaN;
};

/** 90 questions in the shape of a DTM mathematics/physics block where every text has formulas. */
function formulaHeavyItems(subjectId: string) {
  return Array.from({ length: 90 }, (_, i) => ({
    subjectId,
    kind: "single" as const,
    stem: `${i + 1}. Hisoblang: $\\frac{${i + 2}}{${i + 3}} + \\sqrt{${(i + 4) ** 2}}$, bunda $x^2 - ${i + 5}x + 6 = 0$.\n\n$$\\int_0^{${i + 1}} (x^2 + ${i}) \\, dx$$`,
    options: ["a", "b", "c", "d"].map((id, k) => ({
      id,
      text: `$\\dfrac{${i + k + 1}}{${k + 2}}\\sqrt{${k + 3}}$`,
    })),
    correct: ["a"],
  }));
}

async function startRoom(browser: Browser, url: string, examId: string, storage: string): Promise<void> {
  const context = await browser.newContext({ ...PHONE });
  await context.addInitScript(storage);
  const page = await context.newPage();
  await page.goto(`${url}/exam/${examId}`);
  await page.getByLabel("I have read the rules and I am ready").check();
  await page.getByRole("button", { name: "Start", exact: true }).click();
  await page.locator(".question .stem").waitFor();
  await context.close();
}

const READY_PROBE = `
  window.__bench = {};
  new MutationObserver(() => {
    const b = window.__bench;
    const stem = document.querySelector(".question .stem");
    if (stem && b.question === undefined) b.question = performance.now();
    if (stem && b.typeset === undefined && !document.querySelector(".question .rich-pending"))
      b.typeset = performance.now();
  }).observe(document, { childList: true, subtree: true, attributes: true });
`;

async function throttle(context: BrowserContext, page: Page): Promise<void> {
  const cdp = await context.newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: CPU });
  if (NETWORK) {
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", NETWORK);
  }
}

async function measure(
  browser: Browser,
  url: string,
  examId: string,
  storage: string,
  blockRenderer: boolean,
): Promise<RunFigures> {
  // A fresh context: cold HTTP cache, the student's session from localStorage, the attempt resumed.
  const context = await browser.newContext({ ...PHONE });
  try {
    await context.addInitScript(storage);
    await context.addInitScript(READY_PROBE);
    const page = await context.newPage();
    await throttle(context, page);
    if (blockRenderer) await page.route(/renderer-chunk-[^/]*\.(js|css)$/, (r) => r.abort());
    const sizes = { js: 0, jsGzip: 0, css: 0, font: 0 };
    const pending: Promise<void>[] = [];
    page.on("response", (res) => {
      const type = res.request().resourceType();
      if (!["script", "stylesheet", "font"].includes(type)) return;
      pending.push(
        res.body().then(
          (body) => {
            if (type === "script") {
              sizes.js += body.length;
              sizes.jsGzip += gzipSync(body).length;
            } else if (type === "stylesheet") sizes.css += body.length;
            else sizes.font += body.length;
          },
          () => {},
        ),
      );
    });
    const ready = () =>
      page.waitForFunction(
        (blocked) => {
          const b = (window as unknown as { __bench: { question?: number; typeset?: number } }).__bench;
          return blocked ? b.question !== undefined : b.typeset !== undefined;
        },
        blockRenderer,
        { timeout: 120_000 },
      );
    await page.goto(`${url}/exam/${examId}`);
    await ready();
    // Fonts for the formulas on screen, if any, before counting bytes.
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    await Promise.all(pending);
    const t = await page.evaluate(() => ({
      fcp: performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? NaN,
      ...(window as unknown as { __bench: { question: number; typeset?: number } }).__bench,
    }));
    const cold = { ...sizes };
    await page.reload();
    await ready();
    const warm = await page.evaluate(() => {
      const b = (window as unknown as { __bench: { question: number; typeset?: number } }).__bench;
      return b.typeset ?? b.question;
    });
    return {
      warmReadyMs: warm,
      fcpMs: t.fcp,
      questionMs: t.question,
      typesetMs: blockRenderer ? null : (t.typeset ?? null),
      jsBytes: cold.js,
      jsGzipBytes: cold.jsGzip,
      cssBytes: cold.css,
      fontBytes: cold.font,
    };
  } finally {
    await context.close();
  }
}

/**
 * Renders every text of the exam with the shipped renderer chunk inside the throttled phone page:
 * the browser's whole-exam cost, and the HTML a server would have to send instead of the markup.
 */
async function renderAll(browser: Browser, url: string, texts: Texts) {
  const chunk = readdirSync(path.join(DIST, "assets")).find((f) => /^renderer-chunk-.*\.js$/.test(f));
  if (!chunk) throw new Error("no renderer-chunk-*.js in web/dist/assets: rebuild the web client");
  const context = await browser.newContext({ ...PHONE });
  try {
    const page = await context.newPage();
    // A page of the app, so the chunk's imports of the main bundle resolve to the running one.
    await page.goto(`${url}/login`);
    await page.locator("form").first().waitFor();
    await throttle(context, page);
    return await page.evaluate(
      async ({ src, markup }) => {
        const mod = (await import(src)) as Record<string, unknown>;
        // The chunk's export names are the bundler's: find the one that makes a renderer.
        type Renderer = { block(t: string): string };
        let renderer: Renderer | undefined;
        for (const f of Object.values(mod)) {
          if (typeof f !== "function" || f.length !== 0) continue;
          try {
            const made = (f as () => unknown)() as Renderer | undefined;
            if (typeof made?.block === "function") renderer = made;
          } catch {
            // not the one
          }
        }
        if (!renderer) throw new Error("the renderer chunk exports no renderer");
        const start = performance.now();
        let html = 0;
        for (const t of markup) html += renderer.block(t).length;
        return { ms: performance.now() - start, htmlBytes: html };
      },
      { src: `${url}/assets/${chunk}`, markup: texts.markup },
    );
  } finally {
    await context.close();
  }
}

async function examTexts(url: string, admin: string, examId: string): Promise<Texts> {
  const exam = (await api(url, "GET", `/admin/exams/${examId}`, undefined, admin)).body.exam;
  const ids = new Set<string>(exam.sections.flatMap((s: { questionIds: string[] }) => s.questionIds));
  const bank = (await api(url, "GET", "/admin/questions?limit=1000", undefined, admin)).body.items as {
    id: string;
    stem: string;
    options: { text: string }[];
  }[];
  const questions = bank.filter((q) => ids.has(q.id));
  if (questions.length !== ids.size)
    throw new Error(`exam ${examId}: ${questions.length} of ${ids.size} questions`);
  return { markup: questions.flatMap((q) => [q.stem, ...q.options.map((o) => o.text)]) };
}

async function main() {
  if (!existsSync(path.join(DIST, "index.html")))
    throw new Error("web/dist is missing: run `npm run build -w web` first");
  const pgServerUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const database = await createLoadDatabase(pgServerUrl);
  mkdirSync(OUT, { recursive: true });
  const server = await spawnService({
    name: "bench",
    script: path.join(ROOT, "server", "src", "main.ts"),
    logFile: path.join(OUT, "web-bench-server.log"),
    env: {
      NODE_ENV: "production",
      PORT: "0",
      HOST: "127.0.0.1",
      DATABASE_URL: database.url,
      JWT_SECRET: randomBytes(32).toString("base64url"),
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      SEED_DEMO: "1",
      LOG_LEVEL: "warn",
    },
  });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
  });
  try {
    const url = server.url;
    const admin = (await api(url, "POST", "/auth/login", ADMIN)).body.accessToken as string;
    const dtm = (await api(url, "GET", "/exams", undefined, admin)).body.items.find((e: { title: string }) =>
      e.title.startsWith("DTM namunaviy testi: Dasturiy"),
    );
    const subject = (await api(url, "POST", "/admin/subjects", { code: "BENCH", name: "Bench" }, admin)).body
      .subject;
    const { ids } = (
      await api(url, "POST", "/admin/questions", { items: formulaHeavyItems(subject.id) }, admin)
    ).body;
    const heavy = (
      await api(
        url,
        "POST",
        "/admin/exams",
        {
          title: "Bench: 90 formula questions",
          mode: "self_paced",
          durationSeconds: 3 * 60 * 60,
          sections: [{ title: "Matematika", subjectId: subject.id, questionIds: ids, pointsPerQuestion: 1 }],
        },
        admin,
      )
    ).body.exam;
    await api(url, "POST", `/admin/exams/${heavy.id}/publish`, undefined, admin);

    const report: Record<string, unknown> = {
      at: new Date().toISOString(),
      profile: { ...PHONE.viewport, cpuThrottling: CPU, network: NETWORK },
      runs: RUNS,
      exams: {},
    };
    for (const [label, examId] of [
      ["demo DTM (90 questions, Dasturiy injiniring)", dtm.id as string],
      ["90 questions, every text with formulas", heavy.id as string],
    ] as const) {
      const email = `bench-${randomBytes(4).toString("hex")}@bench.local`;
      const reg = (
        await api(url, "POST", "/auth/register", { email, password: "bench-pass-123", fullName: "Bench" })
      ).body;
      const stored = JSON.stringify({
        user: reg.user,
        accessToken: reg.accessToken,
        refreshToken: reg.refreshToken,
        expiresAt: Date.now() + reg.expiresIn * 1000,
      });
      const storage = `localStorage.setItem("imtihon.auth", ${JSON.stringify(stored)}); localStorage.setItem("imtihon.lang", "en");`;
      await startRoom(browser, url, examId, storage);
      const texts = await examTexts(url, admin, examId);
      const variants: Record<string, RunFigures[]> = { client: [], blocked: [] };
      for (let i = 0; i < RUNS; i++) {
        variants.client!.push(await measure(browser, url, examId, storage, false));
        variants.blocked!.push(await measure(browser, url, examId, storage, true));
      }
      const render = await renderAll(browser, url, texts);
      const markupBytes = texts.markup.reduce((n, t) => n + Buffer.byteLength(t), 0);
      const summary = Object.fromEntries(
        Object.entries(variants).map(([k, runs]) => [
          k,
          {
            fcpMs: Math.round(median(runs.map((r) => r.fcpMs))),
            questionMs: Math.round(median(runs.map((r) => r.questionMs))),
            typesetMs: k === "client" ? Math.round(median(runs.map((r) => r.typesetMs ?? NaN))) : null,
            warmReadyMs: Math.round(median(runs.map((r) => r.warmReadyMs))),
            jsKiB: +(median(runs.map((r) => r.jsBytes)) / 1024).toFixed(1),
            jsGzipKiB: +(median(runs.map((r) => r.jsGzipBytes)) / 1024).toFixed(1),
            cssKiB: +(median(runs.map((r) => r.cssBytes)) / 1024).toFixed(1),
            fontKiB: +(median(runs.map((r) => r.fontBytes)) / 1024).toFixed(1),
          },
        ]),
      );
      const figures = {
        ...summary,
        renderAllTexts: { texts: texts.markup.length, ms: Math.round(render.ms) },
        payload: {
          markupKiB: +(markupBytes / 1024).toFixed(1),
          preRenderedHtmlKiB: +(render.htmlBytes / 1024).toFixed(1),
        },
      };
      (report.exams as Record<string, unknown>)[label] = figures;
      console.log(`\n${label}`);
      console.table(summary);
      console.log(
        `render all ${texts.markup.length} texts in the page: ${Math.round(render.ms)} ms; ` +
          `markup ${figures.payload.markupKiB} KiB vs pre-rendered HTML ${figures.payload.preRenderedHtmlKiB} KiB`,
      );
    }
    const file = path.join(OUT, `web-bench-${Date.now()}.json`);
    writeFileSync(file, JSON.stringify(report, null, 2));
    console.log(`\nreport: ${file}`);
  } finally {
    await browser.close();
    await server.stop();
    await database.drop();
  }
}

await main();
