/** What tools outside the server (load tests, token minting) may use: `@imtihon/server/auth`. */
export { createTokenService, type AccessClaims, type TokenService } from "./tokens.ts";
export { hashPassword } from "./passwords.ts";
