/**
 * The emulator's web page for a pull request (`/{owner}/{repo}/pull/{number}`, where the API's
 * `html_url` points): state, reviews, checks, runs waiting for approval, and buttons that merge,
 * close, or approve the waiting workflows, as a person would on github.com.
 */
import type { Emulator } from "../core/emulator";
import type { PullRecord, RepoRecord } from "../core/model";
import { formParams } from "../http/body";
import type { Router } from "../http/router";
import type { ApiRequest, ApiResponse } from "../http/types";
import { escapeHtml as escape } from "./html";

function page(status: number, title: string, body: string): ApiResponse {
  return {
    status,
    headers: { "content-type": "text/html; charset=utf-8" },
    text: `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title>
<style>
  body { font-family: system-ui, sans-serif; background: #f6f8fa; color: #1f2328; margin: 0; }
  main { max-width: 48rem; margin: 2rem auto; background: #fff; border: 1px solid #d1d9e0; border-radius: 12px; padding: 1.5rem 2rem; }
  h1 { font-size: 1.5rem; margin: 0 0 0.5rem; }
  h2 { font-size: 1rem; margin: 1.5rem 0 0.5rem; }
  .state { display: inline-block; border-radius: 2rem; padding: 0.25rem 0.75rem; color: #fff; font-weight: 600; }
  .open { background: #1f883d; } .draft { background: #59636e; } .merged { background: #8250df; } .closed { background: #cf222e; }
  ul { padding-left: 1.25rem; } li { margin: 0.25rem 0; }
  form { display: inline; }
  button { font-size: 1rem; padding: 0.5rem 1rem; border-radius: 6px; border: 1px solid #1f883d; background: #1f883d; color: #fff; cursor: pointer; margin: 0.25rem 0.5rem 0.25rem 0; }
  button.secondary { background: #fff; color: #1f2328; border-color: #d1d9e0; }
  button:focus-visible { outline: 3px solid #0969da; outline-offset: 2px; }
  .meta { color: #59636e; font-size: 0.875rem; }
  code { background: #eff2f5; padding: 0.1rem 0.3rem; border-radius: 4px; }
</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`,
  };
}

function stateOf(pull: PullRecord): "open" | "draft" | "merged" | "closed" {
  if (pull.merged) return "merged";
  if (pull.state === "closed") return "closed";
  return pull.draft ? "draft" : "open";
}

function render(emu: Emulator, repo: RepoRecord, pull: PullRecord): ApiResponse {
  const state = stateOf(pull);
  const path = `/${repo.owner}/${repo.name}/pull/${pull.number}`;
  const list = (items: string[], empty: string) =>
    items.length > 0
      ? `<ul>${items.map((item) => `<li>${item}</li>`).join("")}</ul>`
      : `<p class="meta">${empty}</p>`;
  const reviews = emu.store
    .reviewsOf(pull.id)
    .map((r) => `${escape(r.login)}: ${r.state.toLowerCase().replace("_", " ")}`);
  const requested = [
    ...pull.requestedReviewers.map(escape),
    ...pull.requestedTeams.map((t) => `@${escape(repo.owner)}/${escape(t)}`),
  ];
  const checks = emu.store
    .checkRunsFor(repo.id, pull.headSha)
    .map(
      (c) =>
        `${escape(c.name)}: ${c.status === "completed" ? escape(c.conclusion ?? "") : c.status.replace("_", " ")}`,
    );
  const waiting = emu.store
    .workflowRunsOf(repo.id)
    .filter((r) => r.headSha === pull.headSha && r.conclusion === "action_required");
  const button = (action: string, label: string, secondary = false) =>
    `<form method="post" action="${path}/${action}"><button type="submit"${secondary ? ' class="secondary"' : ""}>${label}</button></form>`;
  const actions =
    pull.state === "open"
      ? `${waiting.length > 0 ? button("approve-workflows", "Approve and run workflows") : ""}${button("merge", "Merge pull request")}${button("close", "Close pull request", true)}`
      : "";
  return page(
    200,
    `${pull.title} · Pull Request #${pull.number} · ${repo.owner}/${repo.name}`,
    `<p class="meta"><a href="/${escape(repo.owner)}/${escape(repo.name)}">${escape(repo.owner)}/${escape(repo.name)}</a></p>
<h1>${escape(pull.title)} <span class="meta">#${pull.number}</span></h1>
<p><span class="state ${state}">${state[0]!.toUpperCase()}${state.slice(1)}</span>
<span class="meta">${escape(pull.userLogin)} wants to merge <code>${escape(pull.headRef)}</code> into <code>${escape(pull.baseRef)}</code></span></p>
<h2>Reviewers</h2>
${list(requested.map((r) => `${r}: review requested`).concat(reviews), "No reviews yet.")}
<h2>Checks</h2>
${list(checks, "No checks have run on this commit.")}
${waiting.length > 0 ? `<p>${waiting.length} workflow ${waiting.length === 1 ? "run is" : "runs are"} awaiting approval from a maintainer.</p>` : ""}
${actions}`,
  );
}

export function registerPullPage(router: Router, emu: Emulator): void {
  const options = { auth: "optional" } as const;
  const find = (req: ApiRequest) => {
    const repo = emu.store.repo(req.params.owner ?? "", req.params.repo ?? "");
    const pull = repo ? emu.store.pull(repo.id, Number(req.params.number)) : undefined;
    return repo && pull ? { repo, pull } : null;
  };
  const missing = () => page(404, "Page not found", "<h1>This is not the web page you are looking for.</h1>");

  router.add(
    "GET",
    "/{owner}/{repo}/pull/{number}",
    (req) => {
      const found = find(req);
      return found ? render(emu, found.repo, found.pull) : missing();
    },
    options,
  );

  // The emulator's web has no signed-in person: the buttons act as `?as=<login>` or the PR's reviewer.
  router.add(
    "POST",
    "/{owner}/{repo}/pull/{number}/{action}",
    (req) => {
      const found = find(req);
      if (!found) return missing();
      const { repo, pull } = found;
      const login = formParams(req).get("as") ?? pull.requestedReviewers[0] ?? pull.assignees[0] ?? "alice";
      const action = req.params.action;
      if (action === "merge" || action === "close") emu.pulls.act(repo, pull, action, login);
      else if (action === "approve-workflows") emu.pulls.approveAll(repo, pull, login);
      else return missing();
      return {
        status: 303,
        text: "",
        headers: { location: `/${repo.owner}/${repo.name}/pull/${pull.number}` },
      };
    },
    options,
  );
}
