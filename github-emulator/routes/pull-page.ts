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
import { html, page } from "./html";

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
      ? html`<ul class="list">
          ${items.map((item) => html`<li>${item}</li>`)}
        </ul>`
      : html`<p class="meta">${empty}</p>`;
  const reviews = emu.store
    .reviewsOf(pull.id)
    .map((r) => `${r.login}: ${r.state.toLowerCase().replace("_", " ")}`);
  const requested = [...pull.requestedReviewers, ...pull.requestedTeams.map((t) => `@${repo.owner}/${t}`)];
  const checks = emu.store
    .checkRunsFor(repo.id, pull.headSha)
    .map((c) => `${c.name}: ${c.status === "completed" ? (c.conclusion ?? "") : c.status.replace("_", " ")}`);
  const waiting = emu.store
    .workflowRunsOf(repo.id)
    .filter((r) => r.headSha === pull.headSha && r.conclusion === "action_required");
  const button = (action: string, label: string, secondary = false) =>
    html`<form class="inline" method="post" action="${path}/${action}">
      <button type="submit" class="${secondary ? "secondary" : ""}">${label}</button>
    </form>`;
  const actions =
    pull.state === "open"
      ? html`${waiting.length > 0 ? button("approve-workflows", "Approve and run workflows") : ""}
        ${button("merge", "Merge pull request")} ${button("close", "Close pull request", true)}`
      : "";
  return page(
    200,
    `${pull.title} · Pull Request #${pull.number} · ${repo.owner}/${repo.name}`,
    html`<p class="meta"><a href="/${repo.owner}/${repo.name}">${repo.owner}/${repo.name}</a></p>
      <h1>${pull.title} <span class="meta">#${pull.number}</span></h1>
      <p>
        <span class="state ${state}">${state[0]!.toUpperCase()}${state.slice(1)}</span>
        <span class="meta"
          >${pull.userLogin} wants to merge <code>${pull.headRef}</code> into
          <code>${pull.baseRef}</code></span
        >
      </p>
      <section>
        <h2>Reviewers</h2>
        ${list(requested.map((r) => `${r}: review requested`).concat(reviews), "No reviews yet.")}
      </section>
      <section>
        <h2>Checks</h2>
        ${list(checks, "No checks have run on this commit.")}
        ${
          waiting.length > 0
            ? html`<p>
                ${waiting.length} workflow ${waiting.length === 1 ? "run is" : "runs are"} awaiting approval
                from a maintainer.
              </p>`
            : ""
        }
      </section>
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
  const missing = () =>
    page(404, "Page not found", html`<h1>This is not the web page you are looking for.</h1>`);

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
