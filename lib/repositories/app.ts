import "server-only";
import type { AuditRecorder } from "@/lib/audit";
import type { SignedInUser } from "@/lib/auth/session";
import { actingAs } from "@/lib/auth/user-github";
import { startTask } from "@/lib/tasks/start";
import type { SetupDeps } from "./setup";

/**
 * The setup flow acting as this person: their token, and their action's audit recorder for every
 * step (the start's own record is `task.repository_setup`).
 */
export function setupDepsFor(user: SignedInUser, record: AuditRecorder): SetupDeps {
  const acting = actingAs(user);
  return {
    db: acting.db,
    actor: { id: user.id, login: user.login },
    withClient: acting.withClient,
    startTask: (input, options) =>
      startTask(acting, input, {
        ...options,
        record: (tx, fields = {}) => record(tx, { ...fields, action: "task.repository_setup" }),
      }),
    record,
  };
}
