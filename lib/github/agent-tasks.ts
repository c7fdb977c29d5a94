/** Copilot cloud agent tasks (the Agent tasks REST API), typed from GitHub's OpenAPI description. */
import type { operations } from "@octokit/openapi-types";
import type { GitHubClient } from "./client";
import { requestConditional, requestJson, type Conditional } from "./request";

type Json<T> = T extends { content: { "application/json": infer J } } ? J : never;

type CreateTaskOperation = operations["agent-tasks/create-task-in-repo"];
type ListRepoTasksOperation = operations["agent-tasks/list-tasks-for-repo"];
type ListTasksOperation = operations["agent-tasks/list-tasks"];
type GetTaskOperation = operations["agent-tasks/get-task-by-id"];
type GetRepoTaskOperation = operations["agent-tasks/get-task-by-repo-and-id"];

export type StartTaskBody = CreateTaskOperation["requestBody"]["content"]["application/json"];
export type StartedTask = Json<CreateTaskOperation["responses"][201]>;
export type RepoTaskList = Json<ListRepoTasksOperation["responses"][200]>;
export type TaskList = Json<ListTasksOperation["responses"][200]>;
export type Task = Json<GetTaskOperation["responses"][200]>;
export type RepoTask = Json<GetRepoTaskOperation["responses"][200]>;

export type RepoTaskFilters = NonNullable<ListRepoTasksOperation["parameters"]["query"]>;
export type TaskFilters = NonNullable<ListTasksOperation["parameters"]["query"]>;

export type StartTaskParams = { owner: string; repo: string } & StartTaskBody;

/**
 * Starts a task. Never retried automatically: a second POST would start (and bill) a second task.
 * A 403 means no Copilot seat / agent disabled / no write access → kind "no_copilot_access".
 */
export async function startTask(client: GitHubClient, params: StartTaskParams): Promise<StartedTask> {
  const { owner, repo, ...body } = params;
  const { data } = await requestJson<StartedTask>(
    client,
    "POST /agents/repos/{owner}/{repo}/tasks",
    { owner, repo, ...body, model: body.model === "" ? undefined : body.model, request: { retries: 0 } },
    { owner, repo, operation: "startTask" },
  );
  return data;
}

function listQuery(filters: TaskFilters & { creator_id?: number[] }) {
  const { creator_id, ...rest } = filters;
  return { ...rest, creator_id: creator_id && creator_id.length > 0 ? creator_id.join(",") : undefined };
}

export async function listRepoTasks(
  client: GitHubClient,
  params: { owner: string; repo: string; etag?: string } & RepoTaskFilters,
): Promise<Conditional<RepoTaskList>> {
  const { owner, repo, etag, ...filters } = params;
  return requestConditional<RepoTaskList>(
    client,
    "GET /agents/repos/{owner}/{repo}/tasks",
    { owner, repo, ...listQuery(filters) },
    etag,
    { owner, repo, operation: "listRepoTasks" },
  );
}

/** Tasks the signed-in user created, across repositories. */
export async function listMyTasks(
  client: GitHubClient,
  filters: TaskFilters & { etag?: string } = {},
): Promise<Conditional<TaskList>> {
  const { etag, ...query } = filters;
  return requestConditional<TaskList>(client, "GET /agents/tasks", listQuery(query), etag, {
    operation: "listMyTasks",
  });
}

export async function getTask(client: GitHubClient, params: { task_id: string }): Promise<Task> {
  const { data } = await requestJson<Task>(client, "GET /agents/tasks/{task_id}", params, {
    operation: "getTask",
  });
  return data;
}

export async function getRepoTask(
  client: GitHubClient,
  params: { owner: string; repo: string; task_id: string },
): Promise<RepoTask> {
  const { data } = await requestJson<RepoTask>(
    client,
    "GET /agents/repos/{owner}/{repo}/tasks/{task_id}",
    params,
    {
      owner: params.owner,
      repo: params.repo,
      operation: "getRepoTask",
    },
  );
  return data;
}
