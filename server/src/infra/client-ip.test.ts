import { expect, test } from "vitest";
import { clientIpFrom, createProxyTrust } from "./client-ip.ts";

test("X-Forwarded-For is believed from loopback and TRUST_PROXY peers only", () => {
  const trust = createProxyTrust(["172.18.0.0/16", "10.9.9.9"]);
  expect(clientIpFrom("127.0.0.1", "203.0.113.7, 172.18.0.2", trust)).toBe("203.0.113.7");
  expect(clientIpFrom("::ffff:127.0.0.1", "203.0.113.7", trust)).toBe("203.0.113.7");
  expect(clientIpFrom("::1", "203.0.113.8", trust)).toBe("203.0.113.8");
  expect(clientIpFrom("172.18.3.4", "203.0.113.9", trust)).toBe("203.0.113.9");
  expect(clientIpFrom("10.9.9.9", "203.0.113.10", trust)).toBe("203.0.113.10");
  // A client talking to us directly cannot choose the address its limits count against.
  expect(clientIpFrom("198.51.100.1", "203.0.113.7", trust)).toBe("198.51.100.1");
  expect(clientIpFrom("172.19.0.1", "203.0.113.7", trust)).toBe("172.19.0.1");
  expect(clientIpFrom("198.51.100.1", undefined, trust)).toBe("198.51.100.1");
});

test("a bad TRUST_PROXY entry is refused at start", () => {
  expect(() => createProxyTrust(["not-an-ip"])).toThrow(/TRUST_PROXY/);
});
