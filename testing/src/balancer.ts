import { createConnection, createServer, type Server, type Socket } from "node:net";

export interface Balancer {
  url: string;
  close(): Promise<void>;
}

/**
 * A round-robin TCP balancer on loopback, standing in for nginx in tests: each new connection goes
 * to the next backend, skipping one that refuses (a killed node), like a proxy's passive check.
 */
export async function startBalancer(ports: number[]): Promise<Balancer> {
  let next = 0;
  const open = new Set<Socket>();
  const server: Server = createServer((client) => {
    open.add(client);
    client.on("close", () => open.delete(client));
    const tryBackend = (left: number) => {
      if (left === 0) return client.destroy();
      const port = ports[next++ % ports.length]!;
      const upstream = createConnection({ host: "127.0.0.1", port });
      upstream.once("error", () => {
        if (!upstream.readableEnded && upstream.bytesRead === 0 && upstream.bytesWritten === 0)
          tryBackend(left - 1);
        else client.destroy();
      });
      upstream.once("connect", () => {
        open.add(upstream);
        upstream.on("close", () => {
          open.delete(upstream);
          client.destroy();
        });
        client.on("close", () => upstream.destroy());
        client.on("error", () => upstream.destroy());
        upstream.on("error", () => client.destroy());
        client.pipe(upstream);
        upstream.pipe(client);
      });
    };
    tryBackend(ports.length);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy();
        server.close(() => resolve());
      }),
  };
}
