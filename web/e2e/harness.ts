import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { build } from "vite";
import { apiClient, startTestServer, type TestServer } from "@imtihon/testing";
import { afterAll, beforeAll, vi } from "vitest";

// A browser waits on sockets, a database and a busy 2-core CI machine: polls get 15 s, not 1 s.
// Not a speed assertion; the suite's own time is bounded by the test timeout.
vi.setConfig({ expect: { poll: { timeout: 15_000, interval: 50 } } });

const WEB = path.resolve(import.meta.dirname, "..");
const ROOT = path.resolve(WEB, "..");
export const ARTIFACTS = path.join(ROOT, "artifacts", "web");

/** Newest modification time under `dir` (recursive), skipping dependencies and build output. */
function newest(dir: string): number {
  let max = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name === "dist" || entry.name === "e2e") continue;
    const p = path.join(dir, entry.name);
    max = Math.max(max, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return max;
}

/**
 * Builds web/dist when it is missing or older than the sources (web/ and client-sdk/src). Test
 * files run in parallel workers: a lock directory makes one build and the others wait for it.
 */
export async function ensureWebBuilt(): Promise<void> {
  const index = path.join(WEB, "dist", "index.html");
  const fresh = () => {
    const built = statSync(index, { throwIfNoEntry: false })?.mtimeMs ?? 0;
    return built > Math.max(newest(path.join(WEB, "src")), newest(path.join(ROOT, "client-sdk", "src")));
  };
  if (fresh()) return;
  const lock = path.join(ROOT, "node_modules", ".imtihon-web-build.lock");
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock older than two minutes belongs to a crashed run.
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 120_000) rmSync(lock, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 250));
      if (fresh()) return;
    }
  }
  try {
    // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = "production";
    try {
      if (!fresh())
        await build({ configFile: path.join(WEB, "vite.config.ts"), logLevel: "warn", mode: "production" });
    } finally {
      process.env.NODE_ENV = nodeEnv;
    }
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Debian's chromium, headless; CHROMIUM_PATH overrides the location. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** A fresh context (own storage, own cookies) whose page fails the test on an uncaught page error. */
export async function newPage(
  browser: Browser,
  options: { width?: number; height?: number; lang?: string } = {},
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: options.height ?? 860 },
    locale: "en-US",
  });
  const errors: string[] = [];
  const page = await context.newPage();
  page.on("pageerror", (err) => errors.push(String(err)));
  if (process.env.WEB_E2E_CONSOLE)
    page.on("console", (m) => m.type() === "error" && console.log(`[console] ${m.text()}`));
  page.setDefaultTimeout(20_000);
  if (options.lang) {
    await context.addInitScript((lang) => localStorage.setItem("imtihon.lang", lang), options.lang);
  }
  return { context, page, errors };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  return file;
}

const LOGIN_LABELS = {
  en: { email: "Email", password: "Password", submit: "Sign in" },
  uz: { email: "Elektron pochta", password: "Parol", submit: "Kirish" },
};

/** Signs in through the login form (in English, or in the Uzbek default with `lang: "uz"`). */
export async function signIn(
  page: Page,
  baseUrl: string,
  email: string,
  password: string,
  next = "/",
  lang: keyof typeof LOGIN_LABELS = "en",
) {
  const labels = LOGIN_LABELS[lang];
  await page.goto(`${baseUrl}/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel(labels.email).fill(email);
  await page.getByLabel(labels.password).fill(password);
  await page.getByRole("button", { name: labels.submit }).click();
  await page.waitForURL((u) => u.pathname === next.split("?")[0]);
}

/**
 * The setup every browser test file repeats: the web client built, one server and one browser for
 * the file, both closed after it. Call it at the top level of a test file; read `server`, `browser`
 * and `api()` inside the tests.
 */
export function browserSuite(overrides: Parameters<typeof startTestServer>[0] = {}) {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    await ensureWebBuilt();
    [server, browser] = await Promise.all([startTestServer(overrides), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`browserSuite: the ${what} is there only inside tests`);
    return value;
  };
  return {
    get server(): TestServer {
      return ready(server, "server");
    },
    get browser(): Browser {
      return ready(browser, "browser");
    },
    /** The raw HTTP client of the harness, on this file's server. */
    api: () => apiClient(ready(server, "server").url),
  };
}
