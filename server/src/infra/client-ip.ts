import { BlockList, isIP } from "node:net";

/**
 * Which peers may tell us the client's address in X-Forwarded-For: loopback always, plus the
 * TRUST_PROXY list (addresses or CIDRs, e.g. the Docker network nginx sits on). Anyone else's
 * header is ignored, so a client cannot pick the address its rate limits are counted against.
 */
export function createProxyTrust(entries: string[]): BlockList {
  const list = new BlockList();
  list.addSubnet("127.0.0.0", 8, "ipv4");
  list.addAddress("::1", "ipv6");
  for (const entry of entries) {
    const [address = "", bits] = entry.split("/");
    const family = isIP(address) === 6 ? "ipv6" : "ipv4";
    if (!isIP(address)) throw new Error(`TRUST_PROXY: "${entry}" is not an address or CIDR`);
    if (bits === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(bits), family);
  }
  return list;
}

export function clientIpFrom(
  remote: string | undefined,
  forwardedFor: string | undefined,
  trust: BlockList,
): string {
  const peer = (remote ?? "unknown").replace(/^::ffff:/, "");
  if (!forwardedFor || !isIP(peer)) return peer;
  if (!trust.check(peer, isIP(peer) === 6 ? "ipv6" : "ipv4")) return peer;
  return forwardedFor.split(",")[0]!.trim() || peer;
}
