/**
 * The one wildcard dialect for repository patterns (policies, routing rules, campaign name
 * patterns), matched in linear time. Client-safe and worker-safe: pure functions.
 *
 * What a pattern means (case-insensitive, always the whole name):
 *   `*`  any run of characters except `/` (it stays within the owner or the name of owner/name);
 *   `**` any run of characters, `/` included;
 *   `?`  exactly one character except `/`;
 *   every other character stands for itself.
 * There are no extglobs, braces, classes or negation: `+(a|b)`, `{a,b}`, `[ab]` and `!a` are refused,
 * not read literally, so a pattern written for another dialect never silently matches nothing.
 * This keeps the meaning of the rules and policies saved before (picomatch for policies, the
 * regex translation for routing rules: both had `*` within a segment and `**` across).
 *
 * Matching simulates the pattern as an NFA over the name: one pass over the name, a set of pattern
 * positions per character, so the cost is O(name length × pattern length) whatever the pattern;
 * nothing backtracks (picomatch's regexes did: `+(+(*))Z` never finished on 16 characters).
 */

/** Longer patterns are refused: no repository name needs them. */
export const MAX_PATTERN_LENGTH = 200;
/** At most this many wildcards (`*`, `**` or `?`, each counted once) in one pattern. */
export const MAX_WILDCARDS = 10;

const PATTERN_CHARACTERS = /^[A-Za-z0-9._*?/-]*$/;

export class GlobPatternError extends Error {
  override name = "GlobPatternError";
}

type Token = { kind: "char"; char: string } | { kind: "one" } | { kind: "star" } | { kind: "globstar" };

/** Why a pattern is refused, as a sentence for a form; null when it is fine. */
export function patternProblem(pattern: string): string | null {
  if (pattern.length === 0) return "Give a pattern.";
  if (pattern.length > MAX_PATTERN_LENGTH) return `Keep the pattern under ${MAX_PATTERN_LENGTH} characters.`;
  if (!PATTERN_CHARACTERS.test(pattern))
    return "Use letters, digits, . _ - and / with the wildcards * (any characters) and ? (one character); braces, brackets, ! and ( ) are not supported.";
  if (countWildcards(pattern) > MAX_WILDCARDS)
    return `Use at most ${MAX_WILDCARDS} wildcards (* or ?) in one pattern.`;
  return null;
}

function countWildcards(pattern: string): number {
  // A run of stars is one wildcard.
  return (pattern.match(/\*+|\?/g) ?? []).length;
}

function tokenize(pattern: string): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]!;
    if (char === "*") {
      let end = i;
      while (pattern[end + 1] === "*") end++;
      tokens.push({ kind: end > i ? "globstar" : "star" });
      i = end;
    } else if (char === "?") tokens.push({ kind: "one" });
    else tokens.push({ kind: "char", char: char.toLowerCase() });
  }
  return tokens;
}

/**
 * Compiles a pattern once, for testing many names against it. Throws GlobPatternError for a pattern
 * the schema would refuse (a stored pattern from before these rules, for instance).
 */
export function compileGlob(pattern: string): (name: string) => boolean {
  const trimmed = pattern.trim();
  const problem = patternProblem(trimmed);
  if (problem) throw new GlobPatternError(`Pattern “${trimmed.slice(0, 60)}” is not usable: ${problem}`);
  const tokens = tokenize(trimmed);
  const size = tokens.length;
  return (input: string) => {
    const name = input.toLowerCase();
    // active[i]: the first i tokens can match what has been read so far.
    let active = new Uint8Array(size + 1);
    let next = new Uint8Array(size + 1);
    active[0] = 1;
    close(tokens, active);
    for (let at = 0; at < name.length; at++) {
      const char = name[at]!;
      next.fill(0);
      let any = false;
      for (let i = 0; i < size; i++) {
        if (!active[i]) continue;
        const token = tokens[i]!;
        if (token.kind === "globstar" || (token.kind === "star" && char !== "/")) {
          next[i] = 1;
          any = true;
        } else if ((token.kind === "one" && char !== "/") || (token.kind === "char" && token.char === char)) {
          next[i + 1] = 1;
          any = true;
        }
      }
      if (!any) return false;
      close(tokens, next);
      [active, next] = [next, active];
    }
    return active[size] === 1;
  };
}

/** A star may match nothing: wherever one is active, so is the position after it. */
function close(tokens: Token[], active: Uint8Array): void {
  for (let i = 0; i < tokens.length; i++) {
    const kind = tokens[i]!.kind;
    if (active[i] && (kind === "star" || kind === "globstar")) active[i + 1] = 1;
  }
}

/** One-off match (compile once with compileGlob when testing many names). */
export function matchesGlob(pattern: string, name: string): boolean {
  return compileGlob(pattern)(name);
}
