import type { operations } from "@octokit/openapi-types";
import { iso } from "../core/clock";
import type { SessionRecord, TaskRecord } from "../core/model";
import type { Store } from "../core/store";
import type { TaskEngine } from "../core/tasks";
import { ownerId, type ShapeContext } from "./shapes";

type Json<T> = T extends { content: { "application/json": infer B } } ? B : never;

export type TaskListBody = Json<operations["agent-tasks/list-tasks-for-repo"]["responses"]["200"]>;
export type UserTaskListBody = Json<operations["agent-tasks/list-tasks"]["responses"]["200"]>;
export type TaskBody = TaskListBody["tasks"][number];
export type TaskWithSessionsBody = Json<operations["agent-tasks/get-task-by-id"]["responses"]["200"]>;
export type CreatedTaskBody = Json<operations["agent-tasks/create-task-in-repo"]["responses"]["201"]>;
export type SessionBody = NonNullable<TaskWithSessionsBody["sessions"]>[number];
type ArtifactBody = NonNullable<TaskBody["artifacts"]>[number];

export class TaskShapes {
  constructor(
    private readonly store: Store,
    private readonly engine: TaskEngine,
  ) {}

  task(ctx: ShapeContext, task: TaskRecord): TaskBody {
    const repo = this.store.reposById.get(task.repoId)!;
    const creator = this.store.user(task.creatorLogin)!;
    const artifacts: ArtifactBody[] = task.artifacts.flatMap((artifact): ArtifactBody[] => {
      if (artifact.type === "branch") {
        return [
          {
            provider: "github",
            type: "branch",
            data: { head_ref: artifact.headRef ?? "", base_ref: artifact.baseRef ?? "" },
          },
        ];
      }
      const pull = artifact.pullId !== undefined ? this.store.pullsById.get(artifact.pullId) : undefined;
      if (!pull) return [];
      return [
        {
          provider: "github",
          type: "pull",
          data: {
            id: pull.id,
            global_id: `PR_${Buffer.from(`0:${repo.id}:${pull.id}`).toString("base64url")}`,
          },
        },
      ];
    });
    return {
      id: task.id,
      url: `${ctx.api}/agents/repos/${repo.owner}/${repo.name}/tasks/${task.id}`,
      html_url: `${ctx.web}/${repo.owner}/${repo.name}/copilot/tasks/${task.id}`,
      name: task.name,
      creator: { id: creator.id },
      creator_type: "user",
      owner: { id: ownerId(this.store, repo) },
      repository: { id: repo.id },
      state: this.engine.state(task),
      session_count: task.sessions.length,
      artifacts,
      archived_at: task.archivedAt !== null ? iso(task.archivedAt) : null,
      created_at: iso(task.createdAt),
      updated_at: iso(this.engine.updatedAt(task)),
      ...(task.customAgent ? { custom_agent: { id: task.customAgent } } : {}),
    };
  }

  session(task: TaskRecord, session: SessionRecord, now: number): SessionBody {
    const repo = this.store.reposById.get(task.repoId)!;
    const user = this.store.user(session.userLogin)!;
    const completedAt = this.engine.completedAt(session);
    const error = this.engine.sessionError(session);
    return {
      id: session.id,
      name: session.name,
      user: { id: user.id },
      owner: { id: ownerId(this.store, repo) },
      repository: { id: repo.id },
      task_id: task.id,
      state: this.engine.sessionState(session),
      created_at: iso(session.createdAt),
      updated_at: iso(this.engine.sessionUpdatedAt(session)),
      ...(completedAt !== null ? { completed_at: iso(completedAt) } : {}),
      prompt: session.prompt,
      head_ref: session.headRef,
      base_ref: session.baseRef,
      model: session.model,
      usage:
        session.premiumRequests !== undefined
          ? { type: "premium_requests", amount: session.premiumRequests }
          : { type: "ai_credits", amount: this.engine.usageNanos(session, now) },
      ...(error ? { error: { message: error } } : {}),
    };
  }

  taskWithSessions(ctx: ShapeContext, task: TaskRecord, now: number): TaskWithSessionsBody {
    return { ...this.task(ctx, task), sessions: task.sessions.map((s) => this.session(task, s, now)) };
  }
}
