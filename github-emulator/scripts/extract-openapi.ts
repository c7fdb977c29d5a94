/**
 * Regenerates openapi/operations.json: the dereferenced operations the emulator serves, taken from
 * @octokit/openapi's `generated/api.github.com.deref.json`.
 *
 *   npx tsx github-emulator/scripts/extract-openapi.ts <path/to/api.github.com.deref.json> [out.json]
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** method → paths, in the order they appear in operations.json. */
export const OPERATIONS: Record<string, string[]> = {
  "/agents/repos/{owner}/{repo}/tasks": ["get", "post"],
  "/agents/repos/{owner}/{repo}/tasks/{task_id}": ["get"],
  "/agents/tasks": ["get"],
  "/agents/tasks/{task_id}": ["get"],
  "/orgs/{org}/repos": ["get", "post"],
  "/orgs/{org}/teams/{team_slug}/members": ["get"],
  "/rate_limit": ["get"],
  "/repos/{owner}/{repo}": ["get"],
  "/repos/{owner}/{repo}/branches": ["get"],
  "/repos/{owner}/{repo}/contents/{path}": ["get"],
  "/repos/{owner}/{repo}/actions/runs": ["get"],
  "/repos/{owner}/{repo}/actions/runs/{run_id}/approve": ["post"],
  "/repos/{owner}/{repo}/commits/{ref}/check-runs": ["get"],
  "/repos/{owner}/{repo}/commits/{ref}/status": ["get"],
  "/repos/{owner}/{repo}/pulls": ["get", "post"],
  "/repos/{owner}/{repo}/pulls/{pull_number}": ["get"],
  "/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers": ["get"],
  "/repos/{owner}/{repo}/pulls/{pull_number}/reviews": ["get"],
  "/repos/{template_owner}/{template_repo}/generate": ["post"],
  "/user": ["get"],
  "/user/emails": ["get"],
  "/user/memberships/orgs/{org}": ["get"],
  "/user/orgs": ["get"],
  "/user/repos": ["get"],
};

interface Description {
  info: { version: string } & Record<string, unknown>;
  paths: Record<string, Record<string, unknown>>;
}

export function extract(description: Description, source: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [path, methods] of Object.entries(OPERATIONS)) {
    for (const method of methods) {
      const operation = description.paths[path]?.[method];
      if (!operation) throw new Error(`${method.toUpperCase()} ${path} is missing from ${source}`);
      (paths[path] ??= {})[method] = operation;
    }
  }
  return {
    source: `@octokit/openapi@${description.info.version} generated/api.github.com.deref.json (dereferenced)`,
    info: description.info,
    paths,
  };
}

function main(): void {
  const [input, output] = process.argv.slice(2);
  if (!input) {
    console.error(
      "usage: tsx github-emulator/scripts/extract-openapi.ts <api.github.com.deref.json> [out.json]",
    );
    process.exit(2);
  }
  const here = dirname(fileURLToPath(import.meta.url));
  const target = output ?? join(here, "..", "openapi", "operations.json");
  const description = JSON.parse(readFileSync(input, "utf8")) as Description;
  const extracted = extract(description, input);
  writeFileSync(target, JSON.stringify(extracted));
  const count = Object.values(extracted.paths).reduce((n, methods) => n + Object.keys(methods).length, 0);
  console.info(`wrote ${count} operations to ${target}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
