import { iso } from "../core/clock";
import type { Emulator } from "../core/emulator";
import type { RepoRecord, SessionRecord, TaskRecord, TaskState, UserRecord } from "../core/model";
import { formParams } from "../http/body";
import { Router } from "../http/router";
import type { ApiRequest, ApiResponse } from "../http/types";
import { html, page, type Html } from "./html";

/**
 * The emulator's web pages at the paths github.com uses, so every link Switchyard shows in demo
 * mode lands somewhere: a person or organisation, a repository, a branch, and an agent task (its
 * sessions, a made-up log, and a form that answers a waiting_for_user question). There is no web
 * sign-in, as on the emulator's OAuth page: anyone who can reach the emulator sees every page.
 * Consulted only for paths the API does not serve, so `/user` and friends stay JSON.
 */

const STATE_LABELS: Record<TaskState, string> = {
  queued: "Queued",
  in_progress: "In progress",
  completed: "Completed",
  failed: "Failed",
  idle: "Idle",
  waiting_for_user: "Waiting for you",
  timed_out: "Timed out",
  cancelled: "Cancelled",
};

/** Long enough for a real answer; bounded so a pasted file cannot grow the state without limit. */
export const MAX_ANSWER_LENGTH = 10_000;
const LIST_LIMIT = 30;

function notFoundPage(what: string): ApiResponse {
  return page(
    404,
    "Not found",
    html`<h1>404: not found</h1>
      <p>The emulator has no ${what} here.</p>
      <p><a href="/">See who and what it has</a></p>`,
  );
}

function time(ms: number): Html {
  return html`<time datetime="${iso(ms)}"
    >${iso(ms)
      .replace("T", " ")
      .replace(/\.\d+Z$/, " UTC")}</time
  >`;
}

function stateBadge(state: TaskState): Html {
  return html`<span class="state">${STATE_LABELS[state]}</span>`;
}

export function pagesRouter(emu: Emulator): Router {
  const router = new Router();
  const options = { auth: "optional" } as const;
  const { store, engine } = emu;

  const repoPath = (repo: RepoRecord) => `/${repo.owner}/${repo.name}`;
  const repoLink = (repo: RepoRecord) => html`<a href="${repoPath(repo)}">${repo.owner}/${repo.name}</a>`;
  const personLink = (login: string) => html`<a href="/${login}">${login}</a>`;
  const branchLink = (repo: RepoRecord, branch: string) =>
    html`<a href="${repoPath(repo)}/tree/${branch}"><code>${branch}</code></a>`;
  const taskPath = (task: TaskRecord, repo: RepoRecord) => `${repoPath(repo)}/copilot/tasks/${task.id}`;

  const taskItems = (tasks: readonly TaskRecord[]): Html => {
    if (tasks.length === 0) return html`<p class="meta">No Copilot tasks.</p>`;
    const newest = [...tasks].sort((a, b) => engine.updatedAt(b) - engine.updatedAt(a)).slice(0, LIST_LIMIT);
    return html`<ul class="list">
        ${newest.map((task) => {
          const repo = store.reposById.get(task.repoId)!;
          return html`<li>
            <a href="${taskPath(task, repo)}">${task.name}</a> ${stateBadge(engine.state(task))}
            <div class="meta">
              ${repo.owner}/${repo.name} · by ${task.creatorLogin} · updated ${time(engine.updatedAt(task))}
            </div>
          </li>`;
        })}
      </ul>
      ${tasks.length > LIST_LIMIT ? html`<p class="meta">The ${LIST_LIMIT} most recent of ${tasks.length}.</p>` : ""}`;
  };

  const pullItems = (repo: RepoRecord, filter: (headRef: string) => boolean): Html => {
    const pulls = store.data.pulls.filter((p) => p.repoId === repo.id && filter(p.headRef));
    if (pulls.length === 0) return html`<p class="meta">No pull requests.</p>`;
    return html`<ul class="list">
      ${pulls
        .sort((a, b) => b.number - a.number)
        .slice(0, LIST_LIMIT)
        .map(
          (p) =>
            html`<li>
              <a href="${repoPath(repo)}/pull/${p.number}">#${p.number} ${p.title}</a>
              <div class="meta">
                ${p.merged ? "Merged" : p.state === "open" ? (p.draft ? "Draft" : "Open") : "Closed"} ·
                ${p.headRef} → ${p.baseRef}
              </div>
            </li>`,
        )}
    </ul>`;
  };

  // --- home ---------------------------------------------------------------------------

  router.add(
    "GET",
    "/",
    () =>
      page(
        200,
        "Home",
        html`<h1>GitHub emulator</h1>
          <p>
            The people, organisations and repositories this emulator serves. Switchyard's "on GitHub" links
            land on these pages in demo mode.
          </p>
          <section aria-labelledby="people">
            <h2 id="people">People</h2>
            <ul class="list">
              ${store.data.users.map(
                (u) => html`<li>${personLink(u.login)} <span class="meta">${u.name}</span></li>`,
              )}
            </ul>
          </section>
          <section aria-labelledby="orgs">
            <h2 id="orgs">Organisations</h2>
            <ul class="list">
              ${store.data.orgs.map(
                (o) => html`<li>${personLink(o.login)} <span class="meta">${o.description}</span></li>`,
              )}
            </ul>
          </section>`,
      ),
    options,
  );

  // --- people and organisations -------------------------------------------------------

  const userPage = (user: UserRecord): ApiResponse => {
    const orgs = store.data.orgs.filter((o) => o.members[user.login] !== undefined);
    const repos = store.data.repos.filter((r) => r.owner === user.login);
    return page(
      200,
      `${user.login} (${user.name})`,
      html`<h1>
          <img
            src="/avatars/u/${user.id}"
            alt=""
            width="48"
            height="48"
            style="vertical-align: middle; border-radius: 50%"
          />
          ${user.name} <span class="meta">${user.login}</span>
        </h1>
        ${user.bio ? html`<p>${user.bio}</p>` : ""}
        <section aria-labelledby="profile">
          <h2 id="profile">Profile</h2>
          <dl>
            <dt>Login</dt>
            <dd>${user.login}</dd>
            <dt>Copilot</dt>
            <dd>${user.copilotPlan ? `Copilot ${user.copilotPlan}` : "No Copilot seat"}</dd>
            ${
              user.company
                ? html`<dt>Company</dt>
                    <dd>${user.company}</dd>`
                : ""
            }
            ${
              user.location
                ? html`<dt>Location</dt>
                    <dd>${user.location}</dd>`
                : ""
            }
            <dt>Organisations</dt>
            <dd>
              ${orgs.length ? orgs.map((o, i) => html`${i ? ", " : ""}${personLink(o.login)}`) : "None"}
            </dd>
          </dl>
        </section>
        <section aria-labelledby="repos">
          <h2 id="repos">Repositories</h2>
          ${
            repos.length
              ? html`<ul class="list">
                  ${repos.map((r) => html`<li>${repoLink(r)} <span class="meta">${r.visibility}</span></li>`)}
                </ul>`
              : html`<p class="meta">No repositories of their own.</p>`
          }
        </section>
        <section aria-labelledby="tasks">
          <h2 id="tasks">Copilot tasks they started</h2>
          ${taskItems(store.tasksByCreator.get(user.login) ?? [])}
        </section>`,
    );
  };

  router.add(
    "GET",
    "/{login}",
    (req) => {
      const user = store.user(req.params.login!);
      if (user) return userPage(user);
      const org = store.org(req.params.login!);
      if (!org) return notFoundPage("person or organisation");
      const repos = store.data.repos.filter((r) => r.owner === org.login);
      return page(
        200,
        org.name,
        html`<h1>${org.name} <span class="meta">${org.login}</span></h1>
          <p>${org.description}</p>
          <section aria-labelledby="members">
            <h2 id="members">Members</h2>
            <ul class="list">
              ${Object.entries(org.members).map(
                ([login, role]) => html`<li>${personLink(login)} <span class="meta">${role}</span></li>`,
              )}
            </ul>
          </section>
          <section aria-labelledby="repos">
            <h2 id="repos">Repositories (${repos.length})</h2>
            <ul class="list">
              ${repos.map(
                (r) =>
                  html`<li>
                    ${repoLink(r)}
                    <span class="meta">${r.visibility}${r.language ? ` · ${r.language}` : ""}</span
                    >${r.description ? html`<div class="meta">${r.description}</div>` : ""}
                  </li>`,
              )}
            </ul>
          </section>`,
      );
    },
    options,
  );

  // --- repositories and branches ------------------------------------------------------

  const findRepo = (req: ApiRequest) => store.repo(req.params.owner!, req.params.repo!);

  router.add(
    "GET",
    "/{owner}/{repo}",
    (req) => {
      const repo = findRepo(req);
      if (!repo) return notFoundPage("repository");
      const branches = Object.keys(repo.branches).sort((a, b) =>
        a === repo.defaultBranch ? -1 : b === repo.defaultBranch ? 1 : a.localeCompare(b),
      );
      return page(
        200,
        `${repo.owner}/${repo.name}`,
        html`<h1>${personLink(repo.owner)} / ${repo.name}</h1>
          ${repo.description ? html`<p>${repo.description}</p>` : ""}
          <section aria-labelledby="about">
            <h2 id="about">About</h2>
            <dl>
              <dt>Visibility</dt>
              <dd>${repo.visibility}</dd>
              <dt>Default branch</dt>
              <dd>${branchLink(repo, repo.defaultBranch)}</dd>
              <dt>Language</dt>
              <dd>${repo.language ?? "None detected"}</dd>
              ${
                repo.topics.length
                  ? html`<dt>Topics</dt>
                      <dd>${repo.topics.join(", ")}</dd>`
                  : ""
              }
              ${
                repo.isTemplate
                  ? html`<dt>Template</dt>
                      <dd>Yes</dd>`
                  : ""
              }
            </dl>
          </section>
          <section aria-labelledby="branches">
            <h2 id="branches">Branches (${branches.length})</h2>
            <ul class="list">
              ${branches
                .slice(0, LIST_LIMIT)
                .map(
                  (b) =>
                    html`<li>
                      ${branchLink(repo, b)} <span class="meta">${repo.branches[b]!.slice(0, 7)}</span>
                    </li>`,
                )}
            </ul>
          </section>
          <section aria-labelledby="pulls">
            <h2 id="pulls">Pull requests</h2>
            ${pullItems(repo, () => true)}
          </section>
          <section aria-labelledby="tasks">
            <h2 id="tasks">Copilot tasks</h2>
            ${taskItems(store.tasksByRepo.get(repo.id) ?? [])}
          </section>
          <section aria-labelledby="files">
            <h2 id="files">Files</h2>
            <ul class="list">
              ${Object.keys(repo.files)
                .sort()
                .map((path) => html`<li><code>${path}</code></li>`)}
            </ul>
          </section>`,
      );
    },
    options,
  );

  router.add(
    "GET",
    "/{owner}/{repo}/tree/{branch+}",
    (req) => {
      const repo = findRepo(req);
      const branch = req.params.branch!;
      const sha = repo?.branches[branch];
      if (!repo || !sha) return notFoundPage("branch");
      const tasks = (store.tasksByRepo.get(repo.id) ?? []).filter((t) =>
        t.sessions.some((s) => s.headRef === branch),
      );
      return page(
        200,
        `${branch} · ${repo.owner}/${repo.name}`,
        html`<h1><code>${branch}</code></h1>
          <p class="meta">
            A branch of ${repoLink(repo)}${branch === repo.defaultBranch ? " (its default branch)" : ""}.
          </p>
          <section aria-labelledby="head">
            <h2 id="head">Head</h2>
            <dl>
              <dt>Latest commit</dt>
              <dd><code>${sha}</code></dd>
            </dl>
          </section>
          <section aria-labelledby="pulls">
            <h2 id="pulls">Pull requests from this branch</h2>
            ${pullItems(repo, (head) => head === branch)}
          </section>
          <section aria-labelledby="tasks">
            <h2 id="tasks">Copilot tasks on this branch</h2>
            ${taskItems(tasks)}
          </section>`,
      );
    },
    options,
  );

  // --- agent tasks --------------------------------------------------------------------

  const findTask = (req: ApiRequest) => {
    const repo = findRepo(req);
    const task = store.tasksById.get(req.params.id!);
    return repo && task && task.repoId === repo.id ? { repo, task } : null;
  };

  router.add(
    "GET",
    "/{owner}/{repo}/copilot/tasks/{id}",
    (req) => {
      const found = findTask(req);
      if (!found) return notFoundPage("task");
      return taskPage(found.task, found.repo, 200, {
        notice:
          req.query.get("answered") === "1" ? "Thanks: Copilot has your answer and is back at work." : null,
        error: null,
      });
    },
    options,
  );

  router.add(
    "POST",
    "/{owner}/{repo}/copilot/tasks/{id}/answer",
    (req) => {
      const found = findTask(req);
      if (!found) return notFoundPage("task");
      const { task, repo } = found;
      const answer = (formParams(req).get("answer") ?? "").trim();
      const refuse = (status: number, error: string) =>
        taskPage(task, repo, status, { notice: null, error, answer });
      if (engine.state(task) !== "waiting_for_user")
        return refuse(409, "This task is not waiting for an answer any more.");
      if (!answer) return refuse(422, "Write an answer before sending it.");
      if (answer.length > MAX_ANSWER_LENGTH)
        return refuse(422, `An answer can be at most ${MAX_ANSWER_LENGTH.toLocaleString("en")} characters.`);
      engine.answer(task, answer);
      // 303: the browser follows with a GET, so a reload does not send the answer twice.
      return { status: 303, text: "", headers: { location: `${taskPath(task, repo)}?answered=1` } };
    },
    options,
  );

  const sessionLog = (session: SessionRecord, task: TaskRecord, repo: RepoRecord): string => {
    // A made-up but consistent log: one line per applied phase, in the words an agent log uses.
    const lines: string[] = [];
    const pull = engine.taskPull(task);
    let started = false;
    for (const phase of session.phases.slice(0, session.applied)) {
      const at = iso(phase.at).slice(11, 19);
      const say = (text: string) => lines.push(`${at}  ${text}`);
      switch (phase.state) {
        case "queued":
          say(`Task queued by @${session.userLogin} on ${repo.owner}/${repo.name}`);
          break;
        case "in_progress":
          if (started) {
            say(session.answer ? "Read the answer; back at work" : "Back at work");
            break;
          }
          started = true;
          say(`Starting session with model ${session.model}`);
          say(`Checked out ${session.baseRef}; working on branch ${session.headRef}`);
          say("Reading the repository and planning the change");
          break;
        case "completed":
          say("Ran the repository's tests: all passing");
          say(
            `Pushed commits to ${session.headRef}${pull ? `; pull request #${pull.number} is ready for review` : ""}`,
          );
          break;
        case "failed":
          say(`Stopped: ${session.errorMessage ?? "agent task failed"}`);
          break;
        case "waiting_for_user":
          say(`Asked a question and is waiting for an answer: ${session.question ?? ""}`);
          break;
        case "idle":
          say("The turn ended without finishing; a follow-up is needed");
          break;
        case "timed_out":
          say("Stopped: the session ran out of time");
          break;
        case "cancelled":
          say("Cancelled");
          break;
      }
    }
    return lines.join("\n");
  };

  const taskPage = (
    task: TaskRecord,
    repo: RepoRecord,
    status: number,
    feedback: { notice: string | null; error: string | null; answer?: string },
  ): ApiResponse => {
    const state = engine.state(task);
    const latest = engine.latestSession(task);
    const pull = engine.taskPull(task);
    const branch = task.artifacts.find((a) => a.type === "branch")?.headRef;
    const waiting = state === "waiting_for_user";
    return page(
      status,
      `${task.name} · Copilot task`,
      html`<p class="meta">Copilot task in ${repoLink(repo)}</p>
        <h1>${task.name}</h1>
        <p>
          ${stateBadge(state)}${task.archivedAt !== null ? html` <span class="state">Archived</span>` : ""}
        </p>
        ${feedback.notice ? html`<p class="notice" role="status">${feedback.notice}</p>` : ""}
        ${
          waiting
            ? html`<section class="question" aria-labelledby="question">
                <h2 id="question">Copilot is waiting for you</h2>
                <p>${latest.question ?? "Copilot needs more information to continue."}</p>
                <form method="post" action="${taskPath(task, repo)}/answer">
                  ${feedback.error ? html`<p class="error" id="answer-error" role="alert">${feedback.error}</p>` : ""}
                  <label for="answer">Your answer</label>
                  <textarea
                    id="answer"
                    name="answer"
                    required
                    maxlength="${MAX_ANSWER_LENGTH}"
                    ${feedback.error ? html` aria-describedby="answer-error" aria-invalid="true"` : ""}
                  >
${feedback.answer ?? ""}</textarea>
                  <button type="submit">Answer and resume</button>
                </form>
              </section>`
            : feedback.error
              ? html`<p class="error" role="alert">${feedback.error}</p>`
              : ""
        }
        <section aria-labelledby="details">
          <h2 id="details">Details</h2>
          <dl>
            <dt>Started by</dt>
            <dd>${personLink(task.creatorLogin)}</dd>
            <dt>Created</dt>
            <dd>${time(task.createdAt)}</dd>
            <dt>Updated</dt>
            <dd>${time(engine.updatedAt(task))}</dd>
            <dt>Branch</dt>
            <dd>
              ${branch && repo.branches[branch] ? branchLink(repo, branch) : (branch ?? "Not pushed yet")}
            </dd>
            <dt>Pull request</dt>
            <dd>
              ${pull ? html`<a href="${repoPath(repo)}/pull/${pull.number}">#${pull.number} ${pull.title}</a>` : "None"}
            </dd>
          </dl>
        </section>
        <h2>Sessions (${task.sessions.length})</h2>
        ${task.sessions.map(
          (session, i) =>
            html`<article aria-labelledby="session-${i + 1}">
              <h3 id="session-${i + 1}">Session ${i + 1}: ${stateBadge(engine.sessionState(session))}</h3>
              <dl>
                <dt>Model</dt>
                <dd>${session.model}</dd>
                <dt>Started</dt>
                <dd>${time(session.createdAt)}</dd>
                ${
                  engine.completedAt(session) !== null
                    ? html`<dt>Finished</dt>
                        <dd>${time(engine.completedAt(session)!)}</dd>`
                    : ""
                }
                ${
                  session.question && (session.answer || engine.sessionState(session) === "waiting_for_user")
                    ? html`<dt>Question</dt>
                        <dd>${session.question}</dd>`
                    : ""
                }
                ${
                  session.answer
                    ? html`<dt>Answer</dt>
                        <dd>
                          ${session.answer.text} <span class="meta">(${time(session.answer.at)})</span>
                        </dd>`
                    : ""
                }
              </dl>
              <h4>Prompt</h4>
              <pre>${session.prompt}</pre>
              <h4>Log</h4>
              <pre>${sessionLog(session, task, repo)}</pre>
            </article>`,
        )}`,
    );
  };

  return router;
}
