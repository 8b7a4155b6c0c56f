import { createHttpClient, type AuthTokens, type HttpClient } from "@imtihon/client-sdk";
import type { UserDto } from "@imtihon/client-sdk/protocol";
import type { RequestOptions } from "../api/http.ts";

const KEY = "imtihon.auth";
/** Refresh this long before the access token expires. */
const REFRESH_MARGIN_MS = 30_000;

interface Stored {
  user: UserDto;
  accessToken: string;
  refreshToken: string;
  expiresAt: number;
}

/**
 * The signed-in user and their tokens, kept in localStorage so a reload stays signed in. The calls
 * go through the SDK's HTTP client, which reads the tokens from here before each one: a pair another
 * tab rotated is taken up, and refresh is single-flight (refresh tokens rotate, and presenting one
 * twice revokes the whole family).
 */
export class AuthStore {
  #state: Stored | null = read();
  #listeners = new Set<() => void>();
  /** The typed client of the protocol's route table: `auth.http.call("exams")`. */
  readonly http: HttpClient;

  constructor() {
    // Another tab may rotate the tokens: take its pair rather than reuse a spent refresh token.
    window.addEventListener("storage", (e) => {
      if (e.key !== KEY) return;
      this.#state = read();
      this.#emit();
    });
    this.http = createHttpClient({
      baseUrl: "",
      refreshMarginMs: REFRESH_MARGIN_MS,
      // The pages' types are the protocol's, and the server's tests parse every route's real answer
      // with its schema; the browser does not parse large admin lists again on every load.
      validate: false,
      tokenStore: {
        get: () => {
          this.#state = read() ?? this.#state;
          return this.#state;
        },
        set: (tokens, auth) => this.#set(tokens && toStored(tokens, auth?.user ?? this.#state?.user)),
      },
    });
  }

  get user(): UserDto | null {
    return this.#state?.user ?? null;
  }

  subscribe = (fn: () => void) => {
    this.#listeners.add(fn);
    return () => {
      this.#listeners.delete(fn);
    };
  };

  getUser = () => this.user;

  async login(email: string, password: string) {
    await this.http.login({ email, password });
  }

  async register(email: string, password: string, fullName: string) {
    await this.http.register({ email, password, fullName });
  }

  async logout() {
    await this.http.logout().catch(() => {});
  }

  /** A valid access token, refreshed when close to expiry; throws `unauthorized` when signed out. */
  getAccessToken = (): Promise<string> => this.http.freshAccessToken();

  /** An authenticated JSON call to a route of the table, named by its path; one refresh and retry on a 401. */
  async api<T>(path: string, options: RequestOptions = {}): Promise<T> {
    const method = (options.method ?? "GET").toLowerCase() as Lowercase<
      NonNullable<RequestOptions["method"]>
    >;
    return (await this.http.callPath(method, path, options.body)) as T;
  }

  #set(state: Stored | null) {
    this.#state = state;
    if (state) localStorage.setItem(KEY, JSON.stringify(state));
    else localStorage.removeItem(KEY);
    this.#emit();
  }

  #emit() {
    this.#listeners.forEach((l) => l());
  }
}

/** Tokens without a user cannot happen (every sign-in and refresh answers the user): treated as signed out. */
function toStored(tokens: AuthTokens, user: UserDto | undefined): Stored | null {
  if (!user) return null;
  return {
    user,
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    expiresAt: tokens.expiresAt ?? Date.now(),
  };
}

function read(): Stored | null {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Stored) : null;
  } catch {
    return null;
  }
}
