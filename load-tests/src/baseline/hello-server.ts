import { serve } from "@hono/node-server";
import { Hono } from "hono";
import type { AddressInfo } from "node:net";

// The baseline for the `http` scenario: a bare Hono app on @hono/node-server, one JSON route and no
// middleware. Run as its own process: `PORT=0 node hello-server.ts`.
const app = new Hono().get("/hello", (c) => c.json({ hello: "world" }));

const server = serve(
  { fetch: app.fetch, port: Number(process.env.PORT ?? 0), hostname: "127.0.0.1" },
  (info: AddressInfo) => {
    console.log(
      JSON.stringify({ msg: "listening", url: `http://127.0.0.1:${info.port}`, baseline: "hono-hello" }),
    );
  },
);
process.on("SIGTERM", () => {
  server.close();
  process.exit(0);
});
