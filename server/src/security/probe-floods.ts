import { fork } from "node:child_process";
import { connect } from "node:net";
import { fileURLToPath } from "node:url";
import { io, type Socket } from "socket.io-client";
import { percentile, post, startProbeNode } from "./probe-node.ts";

// Issue 17 probe, defects 4 and 7: `npx node server/src/security/probe-floods.ts`. Prints figures only.
// A legitimate student's time:sync round trip and /healthz latency, quiet and during each flood:
// (1) 10 sockets of one user sending time:sync as fast as they can (a child process, so the flood
// does not share the measuring loop), (2) 1,000 sockets of one user, (3) 1,000 connections that never
// join a namespace, (4) 200 HTTP requests whose body never arrives. Bounded in count and time.

const FLOOD_MS = 8000;

if (process.argv[2] === "flooder") {
  // Child: floods until told to stop or FLOOD_MS passes.
  const [url, token] = [process.argv[3]!, process.argv[4]!];
  let sent = 0;
  let acked = 0;
  const sockets: Socket[] = [];
  for (let i = 0; i < 10; i++)
    sockets.push(
      io(url, { auth: { token }, transports: ["websocket"], reconnection: false, forceNew: true }),
    );
  const until = Date.now() + FLOOD_MS;
  const pump = () => {
    if (Date.now() > until) {
      const connected = sockets.filter((s) => s.connected).length;
      for (const s of sockets) s.close();
      process.send!({ sent, acked, connected });
      setTimeout(() => process.exit(0), 200);
      return;
    }
    for (const s of sockets)
      if (s.connected)
        for (let k = 0; k < 50; k++) {
          sent++;
          s.emit("time:sync", { clientNow: Date.now() }, () => acked++);
        }
    setImmediate(pump);
  };
  setTimeout(pump, 500);
} else {
  await main();
}

async function main() {
  const node = await startProbeNode();
  try {
    const users: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await post(
        node.url,
        "/auth/register",
        { email: `flood-${i}@probe.local`, password: "probe-student-pass-1", fullName: "F" },
        `10.98.0.${i + 1}`,
      );
      if (r.status !== 201) throw new Error(`register ${r.status}`);
      users.push(r.body.accessToken as string);
    }
    const legit = io(node.url, { auth: { token: users[0] }, transports: ["websocket"], forceNew: true });
    await new Promise<void>((r) => legit.once("connect", () => r()));

    /** Sequential legit round trips for `ms`: socket time:sync and GET /healthz. */
    const measure = async (ms: number) => {
      const sync: number[] = [];
      const http: number[] = [];
      let failed = 0;
      const until = Date.now() + ms;
      while (Date.now() < until) {
        let t = performance.now();
        const ack = await legit
          .timeout(10_000)
          .emitWithAck("time:sync", { clientNow: Date.now() })
          .catch(() => null);
        if (ack?.ok) sync.push(performance.now() - t);
        else failed++;
        t = performance.now();
        await fetch(`${node.url}/healthz`).then((r) => r.text());
        http.push(performance.now() - t);
        await new Promise((r) => setTimeout(r, 250)); // under the per-user limit of 6 events/s
      }
      const f = (xs: number[]) =>
        `p50 ${percentile(xs, 50).toFixed(0)} / p95 ${percentile(xs, 95).toFixed(0)} ms`;
      return `time:sync ${f(sync)} (${failed} not ok), /healthz ${f(http)}`;
    };

    console.log(`quiet: ${await measure(3000)}`);

    // (1) event flood from a child process
    const child = fork(fileURLToPath(import.meta.url), ["flooder", node.url, users[1]!], {
      stdio: "inherit",
    });
    const during = measure(FLOOD_MS);
    const stats = await new Promise<{ sent: number; acked: number; connected: number }>((r) =>
      child.once("message", r as never),
    );
    console.log(
      `event flood (10 sockets, one user, ${(FLOOD_MS / 1000).toFixed(0)} s): ${await during}; flooder sent ${stats.sent}, ` +
        `acked ${stats.acked}, sockets still connected at the end ${stats.connected}/10`,
    );

    // (2) 1,000 sockets of one user
    const many: Socket[] = [];
    let accepted = 0;
    await Promise.all(
      Array.from({ length: 1000 }, async () => {
        const s = io(node.url, {
          auth: { token: users[2] },
          transports: ["websocket"],
          reconnection: false,
          forceNew: true,
        });
        many.push(s);
        const ok = await new Promise<boolean>((r) => {
          s.once("connect", () => r(true));
          s.once("connect_error", () => r(false));
          setTimeout(() => r(false), 15_000);
        });
        if (ok) accepted++;
      }),
    );
    console.log(`1,000 sockets of one user: ${accepted} accepted; meanwhile ${await measure(2000)}`);
    for (const s of many) s.close();

    // (3) 1,000 connections that never join a namespace: how many are still open after 15 s
    const { port } = new URL(node.url);
    const raws = await Promise.all(
      Array.from({ length: 1000 }, async () => {
        const WebSocket = (await import("ws")).default;
        const ws = new WebSocket(`ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket`);
        ws.on("error", () => undefined);
        ws.on("message", (d) => String(d) === "2" && ws.send("3"));
        return ws;
      }),
    );
    await new Promise((r) => setTimeout(r, 15_000));
    console.log(
      `1,000 connections that never join: ${raws.filter((w) => w.readyState === 1).length} still open after 15 s`,
    );
    for (const w of raws) w.terminate();

    // (4) 200 slow-body HTTP requests: how many still open after 40 s
    const slow = Array.from({ length: 200 }, () => {
      const s = connect(Number(port), "127.0.0.1");
      s.on("error", () => undefined);
      s.on("data", () => undefined);
      s.write(
        "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{",
      );
      return s;
    });
    const meanwhile = await measure(3000);
    await new Promise((r) => setTimeout(r, 37_000));
    console.log(
      `200 slow-body requests: ${slow.filter((s) => !s.destroyed && s.readyState === "open").length} still open after 40 s; meanwhile ${meanwhile}`,
    );
    for (const s of slow) s.destroy();
    legit.close();
  } finally {
    await node.stop();
  }
}
