/** Words for a setup's status (shared by the list and the status page). */
export const SETUP_STATUS_LABELS: Record<string, string> = {
  creating_repository: "Creating the repository",
  repository_failed: "Repository not created",
  repository_created: "Repository created; setup task not started",
  starting_task: "Starting the setup task",
  task_failed: "Setup task not started",
  task_unknown: "Setup task start not confirmed",
  task_started: "Setup task started",
};

export function needsAttention(status: string): boolean {
  return ["repository_failed", "repository_created", "task_failed", "task_unknown"].includes(status);
}
