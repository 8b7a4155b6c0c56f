// Prints the cost of one password hash with the parameters the server uses.
import { hashPassword, verifyPassword } from "../src/auth/passwords.ts";

const runs = 10;
const hash = await hashPassword("warm-up-password");
const start = performance.now();
for (let i = 0; i < runs; i++) await verifyPassword("warm-up-password", hash);
console.log(`scrypt verify: ${((performance.now() - start) / runs).toFixed(1)} ms per hash (${runs} runs)`);
