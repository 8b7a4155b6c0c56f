import type { z } from "zod";
import type { ErrorCode } from "./protocol/errors.ts";
import type { AuthResponse } from "./protocol/http-responses.ts";
import { matchRoute } from "./protocol/route-match.ts";
import {
  routePath,
  routes,
  type RouteDef,
  type RouteInput,
  type RouteName,
  type RouteOutput,
  type Routes,
} from "./protocol/routes.ts";

/** A non-2xx answer (`{ error: { code, message, details? } }`), a network failure, or a bad body. */
export class HttpError extends Error {
  override name = "HttpError";
  readonly status: number;
  readonly code: ErrorCode | "network" | "bad_response";
  readonly details: unknown;
  /** From a 429's or 503's Retry-After header: how many seconds to wait before trying again. */
  readonly retryAfterSeconds: number | undefined;
  constructor(
    status: number,
    code: ErrorCode | "network" | "bad_response",
    message: string,
    details?: unknown,
    retryAfterSeconds?: number,
  ) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export interface AuthTokens {
  accessToken: string;
  refreshToken: string;
  /** When the access token expires (ms since the epoch): the client refreshes a little before. */
  expiresAt?: number;
}

/**
 * Where the tokens live, when the integrator keeps them (a browser's localStorage shared by tabs):
 * `get` is read before every call, so a pair another tab rotated is taken up instead of spending a
 * refresh token twice (which revokes the whole family). `set` hears every change with the response
 * that caused it (sign-in, registration, refresh), or `null` on sign-out and a refused refresh.
 */
export interface TokenStore {
  get(): AuthTokens | null;
  set(tokens: AuthTokens | null, auth?: AuthResponse): void;
}

export interface HttpClientOptions {
  /** The server's origin, e.g. `https://exam.example.uz` (empty for same-origin in a browser). */
  baseUrl: string;
  /** Tokens to start with (a stored session). */
  tokens?: AuthTokens | null;
  /** Called whenever the tokens change: sign-in, refresh, sign-out, or a refused refresh (`null`). */
  onTokens?: (tokens: AuthTokens | null) => void;
  /** Keep the tokens there instead of in the client (then `tokens` and `onTokens` are not used). */
  tokenStore?: TokenStore;
  /** Refresh this long before `expiresAt` (default 30 s). */
  refreshMarginMs?: number;
  /** Parse every success body with the route's zod schema (default true). */
  validate?: boolean;
  fetch?: typeof fetch;
}

/** Each route of the protocol's table as a typed call: `client.call("exam", { params: { id } })`. */
export type CallArgs<K extends RouteName> =
  object extends RouteInput<Routes[K]> ? [input?: RouteInput<Routes[K]>] : [input: RouteInput<Routes[K]>];

/**
 * A typed client for the HTTP API, built from the protocol's route table: sign-in with a refresh
 * on the first 401 (one refresh shared by concurrent calls), catalogue, the caller's attempts and
 * results. The exam itself runs over Socket.IO: pass `getToken: () => http.accessToken` to
 * `createExamClient`.
 *
 * @example
 * const http = createHttpClient({ baseUrl: "https://exam.example.uz" });
 * await http.login({ email, password });
 * const { items } = await http.exams();
 * const detail = await http.attempt(attemptId);
 */
export class HttpClient {
  #baseUrl: string;
  #store: TokenStore;
  #refreshMarginMs: number;
  #validate: boolean;
  #fetch: typeof fetch;
  #refreshing: Promise<boolean> | null = null;

  /** @internal Use `createHttpClient`. */
  constructor(options: HttpClientOptions) {
    this.#baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.#store = options.tokenStore ?? memoryTokens(options.tokens ?? null, options.onTokens);
    this.#refreshMarginMs = options.refreshMarginMs ?? 30_000;
    this.#validate = options.validate ?? true;
    this.#fetch = options.fetch ?? ((...args) => fetch(...args));
  }

  get accessToken(): string | null {
    return this.#store.get()?.accessToken ?? null;
  }

  get tokens(): AuthTokens | null {
    return this.#store.get();
  }

  /**
   * An access token good for a while yet (refreshed first when it expires within the margin), for
   * the socket client's `getToken`; throws `unauthorized` when signed out. Offline, the token held
   * is returned: the caller's own retry decides what happens next.
   */
  async freshAccessToken(): Promise<string> {
    if (this.#expiring()) await this.refresh();
    const token = this.accessToken;
    if (!token) throw new HttpError(401, "unauthorized", "signed out");
    return token;
  }

  /** Any route of the table, typed by its name. */
  async call<K extends RouteName>(name: K, ...[input]: CallArgs<K>): Promise<RouteOutput<Routes[K]>> {
    const def: RouteDef = routes[name];
    const res = await this.#send(def, (input ?? {}) as Input);
    return res as RouteOutput<Routes[K]>;
  }

  /**
   * A route of the table named by method and path as the table writes it (`"/admin/users/…/disable"`,
   * relative to `/api/v1`, a query string allowed): the same call, refresh and validation as `call`,
   * for callers that hold paths. A path the table does not have throws before anything is sent.
   */
  async callPath(method: RouteDef["method"], path: string, body?: unknown): Promise<unknown> {
    const match = matchRoute(method, path);
    if (!match) throw new TypeError(`no route ${method.toUpperCase()} ${path} in the protocol's table`);
    const input: Input = { params: match.params, query: match.query };
    if (body !== undefined) input.body = body;
    return this.#send(routes[match.name], input);
  }

  async register(body: RouteInput<Routes["register"]>["body"]): Promise<AuthResponse> {
    return this.#signedIn(await this.call("register", { body }));
  }

  async login(body: RouteInput<Routes["login"]>["body"]): Promise<AuthResponse> {
    return this.#signedIn(await this.call("login", { body }));
  }

  /** Revokes the refresh token's family and forgets the tokens (they are forgotten even if the call fails). */
  async logout(): Promise<void> {
    const tokens = this.#store.get();
    this.#setTokens(null);
    if (tokens) await this.call("logout", { body: { refreshToken: tokens.refreshToken } });
  }

  /**
   * Rotates the refresh token now (unless the tokens held are fresh already); false (and signed out)
   * when the server refuses it, false too when offline.
   */
  async refresh(): Promise<boolean> {
    return this.#refreshOnce();
  }

  #refreshOnce(spent?: string): Promise<boolean> {
    this.#refreshing ??= this.#doRefresh(spent).finally(() => {
      this.#refreshing = null;
    });
    return this.#refreshing;
  }

  me() {
    return this.call("me");
  }
  directions() {
    return this.call("directions");
  }
  exams(query?: RouteInput<Routes["exams"]>["query"]) {
    return this.call("exams", { query });
  }
  exam(id: string) {
    return this.call("exam", { params: { id } });
  }
  myAttempts() {
    return this.call("myAttempts");
  }
  /** One attempt with as much of its result and review as the exam's policy shows. */
  attempt(id: string) {
    return this.call("attempt", { params: { id } });
  }
  /** Products on sale, each paid exam sold alone included. */
  products() {
    return this.call("products");
  }
  /** A pending order at the current price, with checkout links for the configured providers. */
  createOrder(body: RouteInput<Routes["createOrder"]>["body"]) {
    return this.call("createOrder", { body });
  }
  myOrders() {
    return this.call("myOrders");
  }
  order(id: string) {
    return this.call("order", { params: { id } });
  }
  /** One chunk of the old site's results; see `importLegacyResults` for the whole upload. */
  importLegacyResults(body: RouteInput<Routes["importLegacyResults"]>["body"]) {
    return this.call("importLegacyResults", { body });
  }
  /** The caller's results imported from the old site, newest first. */
  legacyResults() {
    return this.call("legacyResults");
  }

  #signedIn(auth: AuthResponse): AuthResponse {
    const expiresAt = Date.now() + auth.expiresIn * 1000;
    this.#setTokens({ accessToken: auth.accessToken, refreshToken: auth.refreshToken, expiresAt }, auth);
    return auth;
  }

  #setTokens(tokens: AuthTokens | null, auth?: AuthResponse): void {
    this.#store.set(tokens, auth);
  }

  #expiring(): boolean {
    const expiresAt = this.#store.get()?.expiresAt;
    return expiresAt !== undefined && expiresAt - Date.now() <= this.#refreshMarginMs;
  }

  async #doRefresh(spent?: string): Promise<boolean> {
    const tokens = this.#store.get();
    const refreshToken = tokens?.refreshToken;
    if (!refreshToken) return false;
    // Someone else (another tab) refreshed meanwhile: take their pair, spend nothing.
    if (
      spent !== undefined ? tokens.accessToken !== spent : !this.#expiring() && tokens.expiresAt !== undefined
    )
      return true;
    try {
      const auth = (await this.#send(routes.refresh, { body: { refreshToken } }, false)) as AuthResponse;
      this.#signedIn(auth);
      return true;
    } catch (err) {
      // A refused token ends the session; a network failure leaves it to try again later.
      if (err instanceof HttpError && (err.status === 401 || err.status === 400)) this.#setTokens(null);
      return false;
    }
  }

  async #send(def: RouteDef, input: Input, mayRefresh = true): Promise<unknown> {
    const signed = def.access !== "public";
    if (signed && mayRefresh && this.#expiring()) await this.#refreshOnce();
    const sentWith = this.accessToken;
    let res = await this.#fetchOnce(def, input, signed);
    if (res.status === 401 && signed && mayRefresh && sentWith && (await this.#refreshOnce(sentWith))) {
      res = await this.#fetchOnce(def, input, signed);
    }
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      // A non-JSON body (a proxy's error page): the status alone tells.
    }
    if (!res.ok) {
      const error = (json as { error?: { code?: ErrorCode; message?: string; details?: unknown } })?.error;
      const retryAfter = Number(res.headers.get("retry-after"));
      throw new HttpError(
        res.status,
        error?.code ?? "unavailable",
        error?.message ?? `HTTP ${res.status}`,
        error?.details,
        Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
      );
    }
    if (!def.response || res.status === 204) return undefined;
    if (!this.#validate) return json;
    const parsed = (def.response as z.ZodType).safeParse(json);
    if (!parsed.success) throw new HttpError(res.status, "bad_response", parsed.error.message);
    return parsed.data;
  }

  async #fetchOnce(def: RouteDef, input: Input, signed: boolean): Promise<Response> {
    const path = routePath(def).replace(/:(\w+)/g, (_, name: string) => {
      const value = input.params?.[name];
      if (value === undefined) throw new TypeError(`missing path parameter "${name}"`);
      return encodeURIComponent(value);
    });
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(input.query ?? {})) if (v !== undefined) query.set(k, String(v));
    const qs = query.size ? `?${query}` : "";
    const headers: Record<string, string> = {};
    const multipart = def.bodyType === "multipart/form-data";
    // A multipart body's content type (with its boundary) is set by fetch from the FormData.
    if (input.body !== undefined && !multipart) headers["content-type"] = "application/json";
    const token = signed ? this.accessToken : null;
    if (token) headers.authorization = `Bearer ${token}`;
    let body: BodyInit | undefined =
      input.body === undefined
        ? undefined
        : typeof FormData !== "undefined" && input.body instanceof FormData
          ? input.body // a form built by the caller (the web's figure upload): sent as it is
          : multipart
            ? formData(input.body as Record<string, unknown>)
            : JSON.stringify(input.body);
    if (input.form) {
      const form = new FormData();
      for (const [k, v] of Object.entries(input.form))
        if (v !== undefined) form.set(k, v instanceof Blob ? v : String(v));
      body = form;
    }
    try {
      return await this.#fetch(`${this.#baseUrl}${path}${qs}`, {
        method: def.method.toUpperCase(),
        headers,
        body,
      });
    } catch (err) {
      throw new HttpError(0, "network", err instanceof Error ? err.message : String(err));
    }
  }
}

/** An upload's fields as multipart form data: files and blobs as they are, the rest as text. */
function formData(body: Record<string, unknown>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(body)) {
    if (value === undefined) continue;
    form.append(name, value instanceof Blob ? value : String(value));
  }
  return form;
}

interface Input {
  params?: Record<string, string>;
  query?: Record<string, unknown>;
  body?: unknown;
  form?: Record<string, unknown>;
}

/** The default store: the tokens in memory, each change told to `onTokens`. */
function memoryTokens(first: AuthTokens | null, onTokens?: (tokens: AuthTokens | null) => void): TokenStore {
  let tokens = first;
  return {
    get: () => tokens,
    set: (next) => {
      tokens = next;
      onTokens?.(next);
    },
  };
}

export function createHttpClient(options: HttpClientOptions): HttpClient {
  return new HttpClient(options);
}
