import type { z } from "zod";
import type { ErrorCode } from "./protocol/errors.ts";
import type { AuthResponse } from "./protocol/http-responses.ts";
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
  constructor(
    status: number,
    code: ErrorCode | "network" | "bad_response",
    message: string,
    details?: unknown,
  ) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export interface AuthTokens {
  accessToken: string;
  refreshToken: string;
}

export interface HttpClientOptions {
  /** The server's origin, e.g. `https://exam.example.uz` (empty for same-origin in a browser). */
  baseUrl: string;
  /** Tokens to start with (a stored session). */
  tokens?: AuthTokens | null;
  /** Called whenever the tokens change: sign-in, refresh, sign-out, or a refused refresh (`null`). */
  onTokens?: (tokens: AuthTokens | null) => void;
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
  #tokens: AuthTokens | null;
  #onTokens: ((tokens: AuthTokens | null) => void) | undefined;
  #validate: boolean;
  #fetch: typeof fetch;
  #refreshing: Promise<boolean> | null = null;

  /** @internal Use `createHttpClient`. */
  constructor(options: HttpClientOptions) {
    this.#baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.#tokens = options.tokens ?? null;
    this.#onTokens = options.onTokens;
    this.#validate = options.validate ?? true;
    this.#fetch = options.fetch ?? ((...args) => fetch(...args));
  }

  get accessToken(): string | null {
    return this.#tokens?.accessToken ?? null;
  }

  get tokens(): AuthTokens | null {
    return this.#tokens;
  }

  /** Any route of the table, typed by its name. */
  async call<K extends RouteName>(name: K, ...[input]: CallArgs<K>): Promise<RouteOutput<Routes[K]>> {
    const def: RouteDef = routes[name];
    const res = await this.#send(def, (input ?? {}) as Input);
    return res as RouteOutput<Routes[K]>;
  }

  async register(body: RouteInput<Routes["register"]>["body"]): Promise<AuthResponse> {
    return this.#signedIn(await this.call("register", { body }));
  }

  async login(body: RouteInput<Routes["login"]>["body"]): Promise<AuthResponse> {
    return this.#signedIn(await this.call("login", { body }));
  }

  /** Revokes the refresh token's family and forgets the tokens (they are forgotten even if the call fails). */
  async logout(): Promise<void> {
    const tokens = this.#tokens;
    this.#setTokens(null);
    if (tokens) await this.call("logout", { body: { refreshToken: tokens.refreshToken } });
  }

  /** Rotates the refresh token now; false (and signed out) when the server refuses it. */
  async refresh(): Promise<boolean> {
    this.#refreshing ??= this.#doRefresh().finally(() => {
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
    this.#setTokens({ accessToken: auth.accessToken, refreshToken: auth.refreshToken });
    return auth;
  }

  #setTokens(tokens: AuthTokens | null): void {
    this.#tokens = tokens;
    this.#onTokens?.(tokens);
  }

  async #doRefresh(): Promise<boolean> {
    const refreshToken = this.#tokens?.refreshToken;
    if (!refreshToken) return false;
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
    let res = await this.#fetchOnce(def, input, signed);
    if (res.status === 401 && signed && mayRefresh && this.#tokens && (await this.refresh())) {
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
      throw new HttpError(
        res.status,
        error?.code ?? "unavailable",
        error?.message ?? `HTTP ${res.status}`,
        error?.details,
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
    if (input.body !== undefined) headers["content-type"] = "application/json";
    if (signed && this.#tokens) headers.authorization = `Bearer ${this.#tokens.accessToken}`;
    try {
      return await this.#fetch(`${this.#baseUrl}${path}${qs}`, {
        method: def.method.toUpperCase(),
        headers,
        body: input.body === undefined ? undefined : JSON.stringify(input.body),
      });
    } catch (err) {
      throw new HttpError(0, "network", err instanceof Error ? err.message : String(err));
    }
  }
}

interface Input {
  params?: Record<string, string>;
  query?: Record<string, unknown>;
  body?: unknown;
}

export function createHttpClient(options: HttpClientOptions): HttpClient {
  return new HttpClient(options);
}
