/**
 * A new attempt at an earlier task, built from how that task was launched: triage's Retry, Retry with
 * a narrower prompt and Follow up, a campaign's bulk retry, and the Edit and retry form all start
 * from here. The launch Switchyard recorded is the source (the prompt and options actually sent);
 * a task Switchyard did not start falls back to what the sync read from GitHub. Client-safe types.
 */
import type { Prisma } from "@/generated/prisma/client";
import type { StartTaskParams } from "@/lib/github";

/** What a retry reads of the task it retries. */
export const retrySourceSelect = {
  id: true,
  name: true,
  prompt: true,
  headRef: true,
  baseRef: true,
  repositoryId: true,
  repository: { select: { owner: true, name: true } },
  launch: {
    select: { prompt: true, baseRef: true, model: true, customAgent: true, createPullRequest: true },
  },
} satisfies Prisma.TaskSelect;

export type RetrySource = Prisma.TaskGetPayload<{ select: typeof retrySourceSelect }>;

/**
 * retry: the same inputs again. narrower_retry: the same options with a new prompt. follow_up: a new
 * task on the same branch (`head_ref`), whose prompt is the answer the agent was waiting for.
 */
export type RetryMode = "retry" | "narrower_retry" | "follow_up";

export type RetryInput = { ok: true; input: StartTaskParams } | { ok: false; message: string };

export function retryInputFor(task: RetrySource, mode: RetryMode, prompt?: string): RetryInput {
  const { launch } = task;
  const options: Partial<StartTaskParams> = {
    ...(launch?.model ? { model: launch.model as StartTaskParams["model"] } : {}),
    ...(launch?.customAgent ? { custom_agent: launch.customAgent } : {}),
    ...(launch?.createPullRequest !== null && launch?.createPullRequest !== undefined
      ? { create_pull_request: launch.createPullRequest }
      : {}),
  };
  const repository = { owner: task.repository.owner, repo: task.repository.name };
  if (mode === "follow_up") {
    if (!task.headRef) return { ok: false, message: "the task has no branch to follow up on" };
    if (!prompt) return { ok: false, message: "write the answer for the agent" };
    return {
      ok: true,
      input: {
        ...repository,
        ...options,
        prompt,
        head_ref: task.headRef,
        ...(task.baseRef ? { base_ref: task.baseRef } : {}),
      },
    };
  }
  const text = mode === "retry" ? (launch?.prompt ?? task.prompt) : prompt;
  if (!text)
    return {
      ok: false,
      message:
        mode === "retry"
          ? "its prompt has not been read yet; use Edit and retry"
          : "write the narrower prompt",
    };
  return {
    ok: true,
    input: {
      ...repository,
      ...options,
      prompt: text,
      ...(launch?.baseRef ? { base_ref: launch.baseRef } : {}),
    },
  };
}

/** An earlier task's launch inputs as the launch form's values (Edit and retry). */
export function retryFormValues(task: RetrySource): Record<string, string> {
  return {
    owner: task.repository.owner,
    repo: task.repository.name,
    prompt: task.launch?.prompt ?? task.prompt ?? "",
    base_ref: task.launch?.baseRef ?? "",
    model: task.launch?.model ?? "",
    create_pull_request: task.launch?.createPullRequest === false ? "off" : "on",
  };
}
