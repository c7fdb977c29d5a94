import type { Handler } from "./types";

export interface RouteOptions {
  /** `required`: 401 without a valid token; `optional`: anonymous callers see public data. */
  auth: "required" | "optional";
  /** Counts against the secondary (content creation) limit. */
  creates?: boolean;
  /** Does not count against the primary rate limit (GET /rate_limit). */
  uncounted?: boolean;
}

export interface Route {
  method: string;
  /** OpenAPI-style template, e.g. `/repos/{owner}/{repo}`; `{path+}` matches the rest of the path. */
  template: string;
  handler: Handler;
  options: RouteOptions;
  regex: RegExp;
  keys: string[];
}

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

function compile(template: string): { regex: RegExp; keys: string[] } {
  const keys: string[] = [];
  const source = template
    .split("/")
    .map((segment) => {
      const match = /^\{(\w+)(\+?)\}$/.exec(segment);
      if (!match) return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      keys.push(match[1]!);
      return match[2] ? "(.+)" : "([^/]+)";
    })
    .join("/");
  return { regex: new RegExp(`^${source}/?$`), keys };
}

export class Router {
  private readonly routes: Route[] = [];

  add(method: string, template: string, handler: Handler, options: RouteOptions): this {
    this.routes.push({ method, template, handler, options, ...compile(template) });
    return this;
  }

  /** Returns the route for method+path, or `"method"` when only the path matched. */
  match(method: string, path: string): RouteMatch | "method" | null {
    let pathMatched = false;
    for (const route of this.routes) {
      const match = route.regex.exec(path);
      if (!match) continue;
      pathMatched = true;
      if (route.method !== method && !(method === "HEAD" && route.method === "GET")) continue;
      const params: Record<string, string> = {};
      route.keys.forEach((key, i) => {
        params[key] = decodeURIComponent(match[i + 1] ?? "");
      });
      return { route, params };
    }
    return pathMatched ? "method" : null;
  }
}
