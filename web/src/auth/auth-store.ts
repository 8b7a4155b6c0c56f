import type { AuthResponse, UserDto } from "@imtihon/client-sdk/protocol";
import { ApiError, request, type RequestOptions } from "../api/http.ts";

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
 * Tokens and the signed-in user, kept in localStorage so a reload stays signed in. Refresh is
 * single-flight: refresh tokens rotate, and presenting one twice revokes the whole family.
 */
export class AuthStore {
  #state: Stored | null = read();
  #listeners = new Set<() => void>();
  #refreshing: Promise<string> | null = null;

  constructor() {
    // Another tab may rotate the tokens: take its pair rather than reuse a spent refresh token.
    window.addEventListener("storage", (e) => {
      if (e.key !== KEY) return;
      this.#state = read();
      this.#emit();
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
    this.#set(
      toStored(await request<AuthResponse>("/auth/login", { method: "POST", body: { email, password } })),
    );
  }

  async register(email: string, password: string, fullName: string) {
    const body = { email, password, fullName };
    this.#set(toStored(await request<AuthResponse>("/auth/register", { method: "POST", body })));
  }

  async logout() {
    const refreshToken = this.#state?.refreshToken;
    this.#set(null);
    if (refreshToken)
      await request("/auth/logout", { method: "POST", body: { refreshToken } }).catch(() => {});
  }

  /** A valid access token, refreshed when close to expiry; throws `unauthorized` when signed out. */
  getAccessToken = async (): Promise<string> => {
    const s = this.#state;
    if (!s) throw new ApiError(401, "unauthorized", "signed out");
    if (s.expiresAt - Date.now() > REFRESH_MARGIN_MS) return s.accessToken;
    return this.refresh();
  };

  refresh(): Promise<string> {
    this.#refreshing ??= this.#doRefresh().finally(() => {
      this.#refreshing = null;
    });
    return this.#refreshing;
  }

  async #doRefresh(): Promise<string> {
    const latest = read() ?? this.#state;
    if (!latest) throw new ApiError(401, "unauthorized", "signed out");
    if (latest.expiresAt - Date.now() > REFRESH_MARGIN_MS) {
      this.#state = latest;
      return latest.accessToken;
    }
    try {
      const body = { refreshToken: latest.refreshToken };
      const res = await request<AuthResponse>("/auth/refresh", { method: "POST", body });
      this.#set(toStored(res));
      return res.accessToken;
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) this.#set(null);
      // Offline: hand back the token we have; the caller's own retry decides what happens next.
      else if (err instanceof ApiError && err.code === "network") return latest.accessToken;
      throw err;
    }
  }

  /** An authenticated JSON call; one refresh and retry on a 401. */
  async api<T>(path: string, options: Omit<RequestOptions, "token"> = {}): Promise<T> {
    const token = await this.getAccessToken();
    try {
      return await request<T>(path, { ...options, token });
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 401) throw err;
      return request<T>(path, { ...options, token: await this.refresh() });
    }
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

function toStored(res: AuthResponse): Stored {
  return {
    user: res.user,
    accessToken: res.accessToken,
    refreshToken: res.refreshToken,
    expiresAt: Date.now() + res.expiresIn * 1000,
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
