import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const api = process.env.IMTIHON_API ?? "http://127.0.0.1:3000";

/** Builds into web/dist (served by the server at `/`); `npm run dev` proxies the API to a running server. */
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true, target: "es2022" },
  server: {
    port: 5173,
    proxy: {
      "/api": { target: api, changeOrigin: true },
      "/socket.io": { target: api, ws: true, changeOrigin: true },
    },
  },
});
