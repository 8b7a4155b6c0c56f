import http from "node:http";

export interface HttpRequestSpec {
  method: "GET" | "POST";
  path: string;
  body?: string;
  token?: string;
}

/**
 * Closed-loop HTTP load: `connections` keep-alive loops, each on its own loopback source address,
 * sending the next request as soon as the previous answer is read. Latency per request in µs.
 */
export async function runHttpLoad(o: {
  baseUrls: string[];
  connections: number;
  durationMs: number;
  sourceAddresses: string[];
  next: (loop: number) => HttpRequestSpec;
  onResult: (status: number | string, us: number) => void;
}): Promise<void> {
  const bases = o.baseUrls.map((u) => new URL(u));
  const until = performance.now() + o.durationMs;
  const agents = o.sourceAddresses.map((localAddress) => ({
    agent: new http.Agent({ keepAlive: true, maxSockets: 1024 }),
    localAddress,
  }));
  const one = (loop: number, spec: HttpRequestSpec) =>
    new Promise<number | string>((resolve) => {
      const { agent, localAddress } = agents[loop % agents.length]!;
      const base = bases[loop % bases.length]!;
      const headers: Record<string, string> = {};
      if (spec.body) headers["content-type"] = "application/json";
      if (spec.token) headers.authorization = `Bearer ${spec.token}`;
      const req = http.request(
        {
          host: base.hostname,
          port: base.port,
          method: spec.method,
          path: spec.path,
          headers,
          agent,
          localAddress,
          timeout: 30_000,
        },
        (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode ?? 0));
          res.on("error", (e) => resolve(e.message));
        },
      );
      req.on("timeout", () => req.destroy(new Error("timeout")));
      req.on("error", (e) => resolve(e.message));
      req.end(spec.body);
    });
  await Promise.all(
    Array.from({ length: o.connections }, async (_, loop) => {
      while (performance.now() < until) {
        const t0 = performance.now();
        const status = await one(loop, o.next(loop));
        o.onResult(status, (performance.now() - t0) * 1000);
      }
    }),
  );
  for (const { agent } of agents) agent.destroy();
}
