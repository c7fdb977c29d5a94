import type { Emulator } from "../core/emulator";
import { SUPPORTED_MODELS, TASK_STATES, type TaskRecord, type TaskState } from "../core/model";
import { jsonObject } from "../http/body";
import { githubError, notFound, validationFailed, type ValidationIssue } from "../http/errors";
import { linkHeader, pageOf, type Paging } from "../http/pagination";
import type { Router } from "../http/router";
import type { ApiRequest, ApiResponse } from "../http/types";
import { login, shapeContext, visibleRepo } from "./context";
import type { TaskListBody } from "./task-shapes";

const DOCS_BASE = "https://docs.github.com/rest/agent-tasks/agent-tasks";
export const TASK_DOCS = {
  listForRepo: `${DOCS_BASE}#list-tasks-for-repository`,
  create: `${DOCS_BASE}#start-a-task`,
  getByRepo: `${DOCS_BASE}#get-a-task-by-repo`,
  list: `${DOCS_BASE}#list-tasks`,
  getById: `${DOCS_BASE}#get-a-task-by-id`,
};

interface ListFilters {
  paging: Paging;
  sort: "updated_at" | "created_at";
  direction: "asc" | "desc";
  states: Set<TaskState> | null;
  isArchived: boolean;
  since: number | null;
  creatorIds: Set<number> | null;
}

function invalid(field: string, message: string): ValidationIssue {
  return { resource: "Task", field, code: "invalid", message };
}

/** Validates list query parameters strictly (422 on anything out of range), as the description declares. */
function parseFilters(query: URLSearchParams, allowCreator: boolean): ListFilters | ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const integer = (name: string, fallback: number, min: number, max: number) => {
    const raw = query.get(name);
    if (raw === null) return fallback;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < min || value > max) {
      issues.push(
        invalid(name, `${name} must be an integer between ${min} and ${max === Infinity ? "infinity" : max}`),
      );
      return fallback;
    }
    return value;
  };
  const perPage = integer("per_page", 30, 1, 100);
  const page = integer("page", 1, 1, Number.MAX_SAFE_INTEGER);
  const sort = query.get("sort") ?? "updated_at";
  if (sort !== "updated_at" && sort !== "created_at")
    issues.push(invalid("sort", "sort must be one of: updated_at, created_at"));
  const direction = query.get("direction") ?? "desc";
  if (direction !== "asc" && direction !== "desc")
    issues.push(invalid("direction", "direction must be one of: asc, desc"));
  let states: Set<TaskState> | null = null;
  const rawState = query.get("state");
  if (rawState !== null && rawState.trim() !== "") {
    const parts = rawState
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    const unknown = parts.filter((s) => !(TASK_STATES as readonly string[]).includes(s));
    if (unknown.length > 0)
      issues.push(
        invalid(
          "state",
          `state contains unknown values: ${unknown.join(", ")}. Allowed: ${TASK_STATES.join(", ")}`,
        ),
      );
    states = new Set(parts.filter((s): s is TaskState => (TASK_STATES as readonly string[]).includes(s)));
  }
  const rawArchived = query.get("is_archived");
  if (rawArchived !== null && rawArchived !== "true" && rawArchived !== "false")
    issues.push(invalid("is_archived", "is_archived must be true or false"));
  let since: number | null = null;
  const rawSince = query.get("since");
  if (rawSince !== null) {
    since = /^\d{4}-\d{2}-\d{2}/.test(rawSince) ? Date.parse(rawSince) : NaN;
    if (Number.isNaN(since)) {
      issues.push(invalid("since", "since must be an ISO 8601 timestamp"));
      since = null;
    }
  }
  let creatorIds: Set<number> | null = null;
  if (allowCreator) {
    const raw = query
      .getAll("creator_id")
      .flatMap((v) => v.split(","))
      .map((v) => v.trim())
      .filter(Boolean);
    if (raw.length > 0) {
      if (raw.some((v) => !/^\d+$/.test(v)))
        issues.push(invalid("creator_id", "creator_id must be a list of integer user IDs"));
      creatorIds = new Set(raw.filter((v) => /^\d+$/.test(v)).map(Number));
    }
  }
  if (issues.length > 0) return issues;
  return {
    paging: { page, perPage },
    sort: sort as ListFilters["sort"],
    direction: direction as ListFilters["direction"],
    states,
    isArchived: rawArchived === "true",
    since,
    creatorIds,
  };
}

export function registerAgentTaskRoutes(router: Router, emu: Emulator): void {
  const required = { auth: "required" } as const;
  const shapes = () => emu.taskShapes;

  const canSee = (req: ApiRequest, task: TaskRecord) => {
    const repo = emu.store.reposById.get(task.repoId);
    return repo !== undefined && emu.store.permission(login(req), repo) !== null;
  };

  const list = (
    req: ApiRequest,
    source: readonly TaskRecord[],
    allowCreator: boolean,
    docs: string,
  ): ApiResponse => {
    const filters = parseFilters(req.query, allowCreator);
    if (Array.isArray(filters)) return validationFailed(filters, docs);
    const engine = emu.engine;
    let active = 0;
    let archived = 0;
    const selected: { task: TaskRecord; key: number }[] = [];
    for (const task of source) {
      if (filters.creatorIds && !filters.creatorIds.has(emu.store.user(task.creatorLogin)?.id ?? -1))
        continue;
      if (filters.states && !filters.states.has(engine.state(task))) continue;
      const updatedAt = engine.updatedAt(task);
      if (filters.since !== null && updatedAt < filters.since) continue;
      const isArchived = task.archivedAt !== null;
      if (isArchived) archived++;
      else active++;
      if (isArchived !== filters.isArchived) continue;
      selected.push({ task, key: filters.sort === "created_at" ? task.createdAt : updatedAt });
    }
    const sign = filters.direction === "asc" ? 1 : -1;
    selected.sort((a, b) => (a.key - b.key) * sign || (a.task.id < b.task.id ? -sign : sign));
    const ctx = shapeContext(emu, req);
    const body: TaskListBody = {
      tasks: pageOf(selected, filters.paging).map(({ task }) => shapes().task(ctx, task)),
      total_active_count: active,
      total_archived_count: archived,
    };
    const link = linkHeader(
      `${emu.publicUrl}${req.basePath}${req.path}`,
      req.query,
      filters.paging,
      selected.length,
      "agent-tasks",
    );
    return { status: 200, body, headers: link ? { link } : {} };
  };

  router.add(
    "GET",
    "/agents/repos/{owner}/{repo}/tasks",
    (req) => {
      const repo = visibleRepo(
        emu,
        req,
        req.params.owner ?? "",
        req.params.repo ?? "",
        TASK_DOCS.listForRepo,
      );
      return list(req, emu.store.tasksByRepo.get(repo.id) ?? [], true, TASK_DOCS.listForRepo);
    },
    required,
  );

  router.add(
    "GET",
    "/agents/tasks",
    (req) => list(req, emu.store.tasksByCreator.get(req.auth!.user.login) ?? [], false, TASK_DOCS.list),
    required,
  );

  router.add(
    "GET",
    "/agents/repos/{owner}/{repo}/tasks/{task_id}",
    (req) => {
      const repo = visibleRepo(emu, req, req.params.owner ?? "", req.params.repo ?? "", TASK_DOCS.getByRepo);
      const task = emu.store.tasksById.get(req.params.task_id ?? "");
      if (!task || task.repoId !== repo.id) return notFound(TASK_DOCS.getByRepo);
      return { status: 200, body: shapes().taskWithSessions(shapeContext(emu, req), task, emu.clock.now()) };
    },
    required,
  );

  router.add(
    "GET",
    "/agents/tasks/{task_id}",
    (req) => {
      const task = emu.store.tasksById.get(req.params.task_id ?? "");
      if (!task || !canSee(req, task)) return notFound(TASK_DOCS.getById);
      return { status: 200, body: shapes().taskWithSessions(shapeContext(emu, req), task, emu.clock.now()) };
    },
    required,
  );

  router.add(
    "POST",
    "/agents/repos/{owner}/{repo}/tasks",
    (req) => {
      const user = req.auth!.user;
      const repo = visibleRepo(emu, req, req.params.owner ?? "", req.params.repo ?? "", TASK_DOCS.create);
      const body = jsonObject(req, TASK_DOCS.create);
      if (!user.copilotPlan) {
        return githubError(
          403,
          "Copilot cloud agent is not enabled for this user. Starting tasks requires a Copilot Business or Copilot Enterprise seat.",
          TASK_DOCS.create,
        );
      }
      const permission = emu.store.permission(user.login, repo);
      if (permission !== "write" && permission !== "admin") {
        return githubError(
          403,
          "You must have write access to this repository to start a Copilot cloud agent task.",
          TASK_DOCS.create,
        );
      }
      const issues: ValidationIssue[] = [];
      const field = (name: string, message: string) => issues.push(invalid(name, message));
      const prompt = body.prompt;
      if (prompt === undefined || prompt === null || (typeof prompt === "string" && prompt.trim() === "")) {
        issues.push({
          resource: "Task",
          field: "prompt",
          code: "missing_field",
          message: "prompt is required",
        });
      } else if (typeof prompt !== "string") {
        field("prompt", "prompt must be a string");
      }
      const model = body.model;
      if (
        model !== undefined &&
        model !== null &&
        (typeof model !== "string" || !(SUPPORTED_MODELS as readonly string[]).includes(model))
      ) {
        field(
          "model",
          `The model '${String(model)}' is not supported. Supported models: ${SUPPORTED_MODELS.join(", ")}.`,
        );
      }
      const createPullRequest = body.create_pull_request ?? false;
      if (typeof createPullRequest !== "boolean")
        field("create_pull_request", "create_pull_request must be a boolean");
      const refOf = (name: "base_ref" | "head_ref"): string | undefined => {
        const value = body[name];
        if (value === undefined || value === null) return undefined;
        if (typeof value !== "string" || value.trim() === "") {
          field(name, `${name} must be a non-empty string`);
          return undefined;
        }
        const branch = value.replace(/^refs\/heads\//, "");
        if (!repo.branches[branch])
          field(name, `${name} '${value}' does not exist in ${repo.owner}/${repo.name}`);
        return branch;
      };
      const baseRef = refOf("base_ref");
      const headRef = refOf("head_ref");
      const customAgent = body.custom_agent;
      if (customAgent !== undefined && customAgent !== null) {
        if (typeof customAgent !== "string" || !repo.files[`.github/agents/${customAgent}.agent.md`]) {
          field(
            "custom_agent",
            `Custom agent '${String(customAgent)}' was not found in .github/agents/ of ${repo.owner}/${repo.name}`,
          );
        }
      }
      if (issues.length > 0) return validationFailed(issues, TASK_DOCS.create);
      const existingPull = headRef ? emu.store.openPullForBranch(repo.id, headRef, baseRef) : undefined;
      const task = emu.engine.createTask({
        repo,
        creatorLogin: user.login,
        prompt: prompt as string,
        model: typeof model === "string" ? model : undefined,
        customAgent: typeof customAgent === "string" ? customAgent : undefined,
        createPullRequest: createPullRequest === true,
        baseRef: baseRef ?? existingPull?.baseRef ?? repo.defaultBranch,
        headRef,
      });
      const shaped = shapes().task(shapeContext(emu, req), task);
      return { status: 201, body: shaped, headers: shaped.url ? { location: shaped.url } : {} };
    },
    { auth: "required", creates: true },
  );
}
