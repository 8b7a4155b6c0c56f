import { createHmac } from "node:crypto";
import { SignJWT, jwtVerify, errors as joseErrors } from "jose";
import type { Role } from "@imtihon/client-sdk/protocol";
import { AppError } from "../errors.ts";

export const ACCESS_TOKEN_SECONDS = 15 * 60;
const ISSUER = "imtihon";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const AUDIENCE = "imtihon:access";

export interface AccessClaims {
  userId: string;
  role: Role;
  /** Bumped on password change or disable; older tokens stop working. */
  tokenVersion: number;
  expiresAt: number;
}

export interface TokenService {
  signAccess(user: {
    id: string;
    role: Role;
    tokenVersion: number;
  }): Promise<{ token: string; expiresIn: number }>;
  verifyAccess(token: string): Promise<AccessClaims>;
  /**
   * The successor of a refresh token, derived with the server's secret: presenting the same token
   * twice within the grace yields the same successor (one chain, not a fork), while a thief who holds
   * only the old token cannot compute the new one.
   */
  refreshSuccessor(token: string): string;
}

/**
 * Signs with `secret`; verifies with it and then with each of `previousSecrets` (JWT_SECRET_PREVIOUS),
 * so a secret can be rotated without refusing the access tokens already out (they live 15 minutes).
 */
export function createTokenService(
  secret: string,
  accessSeconds = ACCESS_TOKEN_SECONDS,
  previousSecrets: string[] = [],
): TokenService {
  const key = new TextEncoder().encode(secret);
  const keys = [key, ...previousSecrets.map((s) => new TextEncoder().encode(s))];
  const successorKey = createHmac("sha256", key).update("imtihon:refresh-successor").digest();
  return {
    refreshSuccessor: (token) => createHmac("sha256", successorKey).update(token).digest("base64url"),
    async signAccess(user) {
      const token = await new SignJWT({ role: user.role, tv: user.tokenVersion })
        .setProtectedHeader({ alg: "HS256", typ: "at+jwt" })
        .setSubject(user.id)
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(`${accessSeconds}s`)
        .sign(key);
      return { token, expiresIn: accessSeconds };
    },
    async verifyAccess(token) {
      try {
        // Pinning the algorithm list refuses `alg: none` and any asymmetric-key confusion;
        // jose never follows `jku`/`x5u` headers with a static key.
        const { payload, protectedHeader } = await verifyWithAny(token, keys);
        if (protectedHeader.jku || protectedHeader.jwk || protectedHeader.x5u) throw new Error("key header");
        // A validly signed token naming no user id (a leaked key, a token of another system) is
        // unauthorized, not a database cast error.
        if (typeof payload.sub !== "string" || !UUID.test(payload.sub)) throw new Error("sub");
        const role = payload.role;
        if (role !== "student" && role !== "proctor" && role !== "admin") throw new Error("role");
        return {
          userId: payload.sub.toLowerCase(),
          role,
          tokenVersion: typeof payload.tv === "number" ? payload.tv : -1,
          expiresAt: (payload.exp ?? 0) * 1000,
        };
      } catch (err) {
        const expired = err instanceof joseErrors.JWTExpired;
        throw new AppError("unauthorized", expired ? "access token expired" : "invalid access token");
      }
    },
  };
}

/** The first key whose signature matches decides; only a signature mismatch moves on to the next. */
async function verifyWithAny(token: string, keys: Uint8Array[]) {
  for (const [i, k] of keys.entries()) {
    try {
      return await jwtVerify(token, k, {
        algorithms: ["HS256"],
        issuer: ISSUER,
        audience: AUDIENCE,
        typ: "at+jwt",
        requiredClaims: ["sub", "exp", "iat"],
      });
    } catch (err) {
      if (!(err instanceof joseErrors.JWSSignatureVerificationFailed) || i === keys.length - 1) throw err;
    }
  }
  throw new Error("no key");
}
