/**
 * CODEOWNERS as a repository fact: where GitHub looks for it, its rules, and who owns the repository
 * as a whole. Pure; triage reads and caches the file (lib/triage/codeowners.ts).
 */
export type CodeownersRule = { pattern: string; owners: string[] };

/** Where GitHub looks for CODEOWNERS, in the order it looks (the first one found is used). */
export const CODEOWNERS_PATHS = [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"] as const;

const USER_OWNER = /^@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;
const TEAM_OWNER = /^@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\/[A-Za-z0-9._-]+$/;
const EMAIL_OWNER = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

export function isValidOwner(owner: string): boolean {
  return USER_OWNER.test(owner) || TEAM_OWNER.test(owner) || EMAIL_OWNER.test(owner);
}

/** Splits a line on whitespace, stopping at an unescaped `#`; `\#` and `\ ` are literal. */
function tokenize(line: string): string[] {
  const tokens: string[] = [];
  let current = "";
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!;
    const next = line[i + 1];
    if (char === "\\" && next !== undefined && (next === "#" || /\s/.test(next))) {
      current += next;
      i++;
    } else if (char === "#") {
      break;
    } else if (/\s/.test(char)) {
      if (current) tokens.push(current);
      current = "";
    } else {
      current += char;
    }
  }
  if (current) tokens.push(current);
  return tokens;
}

/**
 * The rules of a CODEOWNERS file, in file order. Like GitHub, a line with invalid syntax (an owner
 * that is not `@user`, `@org/team` or an email, or a `!` / `[...]` pattern) is skipped. A pattern
 * with no owners is kept: it makes matching paths unowned.
 */
export function parseCodeowners(text: string): CodeownersRule[] {
  const rules: CodeownersRule[] = [];
  for (const line of text.split(/\r?\n/)) {
    const [pattern, ...owners] = tokenize(line);
    if (pattern === undefined) continue;
    if (pattern.startsWith("!") || /[[\]]/.test(pattern)) continue;
    if (!owners.every(isValidOwner)) continue;
    rules.push({ pattern, owners });
  }
  return rules;
}

/** Patterns that match every path in the repository (gitignore semantics: a matched directory covers its contents). */
const WHOLE_REPOSITORY_PATTERNS = new Set(["*", "/*", "**", "/**", "**/*", "/**/*"]);

/**
 * Owners of the repository as a whole: the last rule whose pattern covers every path (`*`, `/*`,
 * `**`, `/**`, `**\/*`). Narrower rules such as `*.md` or `/docs/` are not "the rule for the
 * repository root", even though they match some root files. Empty when there is no such rule or
 * the last one lists no owners.
 */
export function ownersForRoot(rules: CodeownersRule[]): string[] {
  let owners: string[] = [];
  for (const rule of rules) if (WHOLE_REPOSITORY_PATTERNS.has(rule.pattern)) owners = rule.owners;
  return owners;
}
