import { routes, type RouteDef, type RouteName } from "./routes.ts";

export interface RouteMatch {
  name: RouteName;
  params: Record<string, string>;
  query: Record<string, string>;
}

interface Compiled {
  name: RouteName;
  method: RouteDef["method"];
  pattern: RegExp;
  keys: string[];
}

let compiled: Compiled[] | undefined;

function compile(): Compiled[] {
  const list = (Object.entries(routes) as [RouteName, RouteDef][]).map(([name, def]) => {
    const keys: string[] = [];
    const source = def.path
      .split("/")
      .map((part) => {
        if (!part.startsWith(":")) return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
        keys.push(part.slice(1));
        return "([^/]+)";
      })
      .join("/");
    return { name, method: def.method, pattern: new RegExp(`^${source}$`), keys };
  });
  // A literal segment wins over a parameter (`/admin/users/import` before `/admin/users/:id`).
  return list.sort((a, b) => a.keys.length - b.keys.length);
}

/**
 * The route of the protocol's table that `method` and `path` (as the route table writes it:
 * relative to `/api/v1` unless the route is a root one; a query string allowed) name, with its
 * decoded path parameters and query; undefined when the table has no such route. For callers that
 * hold paths rather than route names (links, older code): `HttpClient.callPath` is built on it.
 */
export function matchRoute(method: string, path: string): RouteMatch | undefined {
  compiled ??= compile();
  const [pathname = "", search = ""] = path.split("?", 2);
  const m = method.toLowerCase();
  for (const c of compiled) {
    if (c.method !== m) continue;
    const hit = c.pattern.exec(pathname);
    if (!hit) continue;
    const params = Object.fromEntries(c.keys.map((k, i) => [k, decodeURIComponent(hit[i + 1]!)]));
    return { name: c.name, params, query: Object.fromEntries(new URLSearchParams(search)) };
  }
  return undefined;
}
