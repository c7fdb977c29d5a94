import { Random } from "../core/random";

/**
 * `reset` cuts the connection before the request is handled; `drop_response` handles it (a POST really
 * creates the task) and then cuts the connection, so the client never learns the outcome.
 */
export type FaultType = "status" | "latency" | "reset" | "drop_response" | "malformed_json";

export interface FaultRule {
  id: number;
  type: FaultType;
  /** Glob on the request path (`*` = one segment, `**` = anything) or a `/regex/`. */
  path: string;
  method: string | null;
  status: number;
  body: unknown;
  headers: Record<string, string>;
  latencyMs: number;
  /** Remaining hits for count-based faults; null for probability-based ones. */
  remaining: number | null;
  probability: number | null;
  hits: number;
}

export type FaultInput = Partial<Omit<FaultRule, "id" | "hits" | "remaining">> & {
  type: FaultType;
  count?: number;
};

function pathMatcher(pattern: string): RegExp {
  if (pattern.length > 2 && pattern.startsWith("/") && pattern.endsWith("/"))
    return new RegExp(pattern.slice(1, -1));
  const source = pattern
    .split(/(\*\*|\*)/)
    .map((part) =>
      part === "**" ? ".*" : part === "*" ? "[^/]*" : part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"),
    )
    .join("");
  return new RegExp(`^${source}$`);
}

/** Fault injection rules; the first matching rule that fires wins. */
export class FaultInjector {
  private rules: (FaultRule & { matcher: RegExp })[] = [];
  private nextId = 1;
  private random: Random;

  constructor(private readonly seed: number) {
    this.random = new Random(seed);
  }

  add(input: FaultInput): FaultRule {
    const rule = {
      id: this.nextId++,
      type: input.type,
      path: input.path ?? "**",
      method: input.method ? input.method.toUpperCase() : null,
      status: input.status ?? (input.type === "status" ? 500 : 200),
      body: input.body ?? null,
      headers: input.headers ?? {},
      latencyMs: input.latencyMs ?? (input.type === "latency" ? 1000 : 0),
      remaining: input.probability !== undefined && input.probability !== null ? null : (input.count ?? 1),
      probability: input.probability ?? null,
      hits: 0,
    };
    this.rules.push({ ...rule, matcher: pathMatcher(rule.path) });
    return rule;
  }

  list(): FaultRule[] {
    return this.rules.map(({ matcher: _matcher, ...rule }) => rule);
  }

  remove(id: number): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((rule) => rule.id !== id);
    return this.rules.length !== before;
  }

  clear(): void {
    this.rules = [];
    this.random = new Random(this.seed);
  }

  /** Returns the rule to apply to this request, consuming one use of it. */
  take(method: string, path: string): FaultRule | null {
    for (const rule of this.rules) {
      if (rule.method && rule.method !== method) continue;
      if (!rule.matcher.test(path)) continue;
      if (rule.remaining !== null) {
        if (rule.remaining <= 0) continue;
        rule.remaining--;
      } else if (this.random.next() >= (rule.probability ?? 0)) {
        continue;
      }
      rule.hits++;
      const { matcher: _matcher, ...plain } = rule;
      this.rules = this.rules.filter((r) => r.remaining === null || r.remaining > 0);
      return plain;
    }
    return null;
  }
}
