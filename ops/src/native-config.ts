import path from "node:path";
import { fileURLToPath } from "node:url";

/** deploy/ at the repository root: the files docker-compose.yml mounts. */
export const DEPLOY = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../deploy");

/**
 * Rewrites the lines of a deploy/ config marked `# native: <name>` with what a native run on
 * loopback needs, and leaves every other line as docker-compose runs it. A replacement returns the
 * new line(s) without indentation (the marked line's is kept), or null to drop the line. A marker
 * without a replacement is an error, so a config and its renderer cannot drift apart silently.
 */
export function rewriteMarked(
  template: string,
  replace: Record<string, (line: string) => string | string[] | null>,
): string {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const line of template.split("\n")) {
    const marker = /#\s*native:\s*(.+?)\s*$/.exec(line)?.[1];
    if (!marker) {
      out.push(line);
      continue;
    }
    const fn = replace[marker];
    if (!fn) throw new Error(`no native replacement for the marker "${marker}"`);
    seen.add(marker);
    const indent = /^\s*/.exec(line)![0];
    const body = line.replace(/\s*#\s*native:.*$/, "").trim();
    const result = fn(body);
    if (result === null) continue;
    for (const r of Array.isArray(result) ? result : [result]) out.push(`${indent}${r}`);
  }
  const unused = Object.keys(replace).filter((k) => !seen.has(k));
  if (unused.length) throw new Error(`markers not found in the template: ${unused.join(", ")}`);
  return out.join("\n");
}

const list = (items: string[]) => `[${items.map((t) => JSON.stringify(t)).join(", ")}]`;

/** deploy/prometheus.yml for loopback processes. */
export function renderPrometheus(
  template: string,
  o: {
    rules: string;
    alertmanager: string;
    nodes: string[];
    nodeExporter: string | null;
    blackbox: string;
    readyzUrl: string;
    websocketTarget: string;
  },
): string {
  return rewriteMarked(template, {
    rules: () => `- ${o.rules}`,
    alertmanager: () => `- targets: ${list([o.alertmanager])}`,
    nodes: () => `- targets: ${list(o.nodes)}`,
    "node-exporter": () => `- targets: ${list(o.nodeExporter ? [o.nodeExporter] : [])}`,
    "probe-readyz": () => `- targets: ${list([o.readyzUrl])}`,
    "probe-websocket": () => `- targets: ${list([o.websocketTarget])}`,
    blackbox: () => `replacement: ${o.blackbox}`,
  });
}

/** deploy/alertmanager.yml with its webhook pointed at a local receiver. */
export function renderAlertmanager(template: string, o: { webhookUrl: string }): string {
  return rewriteMarked(template, { webhook: () => `- url: ${o.webhookUrl}` });
}

/** deploy/blackbox.yml trusting a test CA and naming the loopback host. */
export function renderBlackbox(template: string, o: { caFile: string; host: string }): string {
  return rewriteMarked(template, {
    server_name: () => `server_name: ${o.host}`,
    ca_file: () => `ca_file: ${o.caFile}`,
    handshake: (line) => line.replace("Host: exam.example.uz", `Host: ${o.host}`),
  });
}
