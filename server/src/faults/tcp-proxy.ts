import { createConnection, createServer, type Server, type Socket } from "node:net";

export interface TcpProxy {
  port: number;
  /** Drops every open connection and refuses new ones (the backend is "down"). */
  cut(): void;
  /** Accepts connections again. */
  restore(): void;
  /** Holds each chunk, in both directions, this long before passing it on (0: none). */
  setDelay(ms: number): void;
  /** Connections accepted so far (to show the clients came back). */
  readonly accepted: number;
  close(): Promise<void>;
}

/**
 * A loopback TCP proxy in front of a server we must not touch (the shared Postgres): cutting or
 * slowing it stands in for a database restart or a slow disk, for the nodes behind it only.
 */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let down = false;
  let delayMs = 0;
  let accepted = 0;
  const open = new Set<Socket>();

  const relay = (from: Socket, to: Socket) => {
    // Chunks keep their order: each waits for the previous one's timer.
    let chain = Promise.resolve();
    from.on("data", (chunk) => {
      if (delayMs === 0) {
        to.write(chunk);
        return;
      }
      from.pause();
      const ms = delayMs;
      chain = chain.then(
        () =>
          new Promise<void>((resolve) =>
            setTimeout(() => {
              if (!to.destroyed) to.write(chunk);
              from.resume();
              resolve();
            }, ms),
          ),
      );
    });
  };

  const server: Server = createServer((client) => {
    if (down) {
      client.destroy();
      return;
    }
    accepted++;
    const upstream = createConnection(target);
    open.add(client);
    open.add(upstream);
    const end = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on("error", end).on("close", end);
    upstream.on("error", end).on("close", end);
    relay(client, upstream);
    relay(upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    port,
    cut() {
      down = true;
      for (const s of open) s.destroy();
      open.clear();
    },
    restore() {
      down = false;
    },
    setDelay(ms) {
      delayMs = ms;
    },
    get accepted() {
      return accepted;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy();
        server.close(() => resolve());
      }),
  };
}
