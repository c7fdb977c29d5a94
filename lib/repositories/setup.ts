/**
 * New-repository setup in two recorded steps: create the repository on GitHub, then start the setup
 * task on its default branch. The RepositorySetup row is written before anything reaches GitHub and
 * records each step, so a failure between the steps is always visible and resumable, and neither
 * step is repeated blindly: a repository POST with an unknown outcome is resolved with a GET, and an
 * unknown task start is left to the launch reconciler. No "server-only": tests pass their own deps.
 */
import type { Prisma, PrismaClient, RepositorySetup } from "@/generated/prisma/client";
import type { ActionResult } from "@/lib/result";
import type { AuditRecorder } from "@/lib/audit";
import { GitHubError, createOrgRepo, generateRepoFromTemplate, getRepo, listBranches } from "@/lib/github";
import type { CreatedRepository, GitHubClient, NewRepositoryInput, StartTaskParams } from "@/lib/github";
import { appLink, publishEvent } from "@/lib/notifications/publish";
import { saveResolvedRepository } from "@/lib/sync/store";
import { grantCreatedRepository } from "@/lib/visibility/schedule";
import { outcomeMayBeStarted, type StartOptions } from "@/lib/tasks/start-core";
import { startResultOf, type StartedTaskSummary } from "@/lib/tasks/start";
import type { ParameterValues } from "@/lib/templates/parameters";
import { TemplateRenderError } from "@/lib/templates/render";
import { loadTemplateVersion, renderForRepository } from "@/lib/templates/prompt";

type Tx = Prisma.TransactionClient;

export type SetupDeps = {
  db: PrismaClient;
  actor: { id: string; login: string };
  /** Runs GitHub calls as the actor. */
  withClient: <T>(work: (client: GitHubClient) => Promise<T>) => Promise<T>;
  /** Starts a task as the actor (lib/tasks/start.ts in the app): policy, launch intent, audit. */
  startTask: (input: StartTaskParams, options: StartOptions) => Promise<ActionResult<StartedTaskSummary>>;
  /** Writes the setup's audit records, each in the transaction of the step it describes. */
  record: AuditRecorder;
  /** Waits between checks for the new repository's default branch (tests pass a short one). */
  branchWaitMs?: number;
};

export type SetupRequest = {
  org: string;
  name: string;
  visibility: NewRepositoryInput["visibility"];
  description: string | null;
  owningTeamId: string | null;
  /** owner/name of a template repository, or null for an empty repository. */
  templateRepository: string | null;
  templateVersionId: string;
  parameters: ParameterValues;
  model: string | null;
  createPullRequest: boolean;
};

export type SetupFailure = {
  kind: string;
  message: string;
  /** Which form field the failure is about (name clash → "name"). */
  field?: string;
};

export type SetupOutcome = { setup: RepositorySetup; failure: SetupFailure | null };

/** GitHub's created_at and ours differ by clock skew and request time. */
const SKEW_MS = 120_000;
/** A launch younger than this may still be in flight in another request. */
const IN_FLIGHT_MS = 120_000;

function isNameClash(error: GitHubError): boolean {
  return (
    error.status === 422 &&
    (error.fieldErrors ?? []).some(
      (field) =>
        (field.field === "name" || field.field === undefined) &&
        (field.code === "already_exists" || /already exists/i.test(field.message ?? "")),
    )
  );
}

/** A repository-creation refusal in words a person can act on. */
export function describeRepositoryFailure(error: unknown, org: string, name: string): SetupFailure {
  if (error instanceof GitHubError) {
    if (isNameClash(error))
      return {
        kind: "name_taken",
        field: "name",
        message: `${org}/${name} already exists. Choose another name (GitHub compares names without case).`,
      };
    if (error.kind === "forbidden" || error.status === 403)
      return {
        kind: "forbidden",
        field: "org",
        message:
          `You don't have permission to create repositories in ${org}. Ask an owner of ${org} to make ` +
          "you a member with repository creation rights, or choose another organisation.",
      };
    if (error.kind === "not_found")
      return {
        kind: "not_found",
        message: `GitHub could not find ${org}, or the template repository, with your access.`,
      };
    return { kind: error.kind, message: error.message };
  }
  return { kind: "unknown", message: "Something went wrong creating the repository. Nothing was started." };
}

/** One of the setup's audit records, written in `tx` with the change it describes. */
function audit(
  deps: SetupDeps,
  tx: Tx | PrismaClient,
  setup: Pick<RepositorySetup, "id">,
  action: string,
  details: Prisma.InputJsonObject,
  outcome?: string,
) {
  return deps.record(tx, {
    action,
    githubIdentity: deps.actor.login,
    targetType: "repository_setup",
    targetId: setup.id,
    details,
    ...(outcome ? { outcome } : {}),
  });
}

/** Records the setup, then runs both steps. Always returns the row; `failure` says what stopped it. */
export async function createRepositorySetup(deps: SetupDeps, request: SetupRequest): Promise<SetupOutcome> {
  const setup = await deps.db.$transaction(async (tx) => {
    const created = await tx.repositorySetup.create({
      data: {
        userId: deps.actor.id,
        githubLogin: deps.actor.login,
        org: request.org,
        name: request.name,
        visibility: request.visibility,
        description: request.description,
        owningTeamId: request.owningTeamId,
        templateRepository: request.templateRepository,
        templateVersionId: request.templateVersionId,
        parameters: request.parameters,
        model: request.model,
        createPullRequest: request.createPullRequest,
        status: "creating_repository",
      },
    });
    await audit(deps, tx, created, "repository_setup.create", {
      repository: `${request.org}/${request.name}`,
      visibility: request.visibility,
      templateRepository: request.templateRepository,
      templateVersionId: request.templateVersionId,
      owningTeamId: request.owningTeamId,
    });
    return created;
  });
  return runFrom(deps, setup);
}

/** Continues a setup from wherever it stopped; only the missing step runs. null: no such setup. */
export async function resumeRepositorySetup(deps: SetupDeps, setupId: string): Promise<SetupOutcome | null> {
  const setup = await settleRepositorySetup(deps.db, setupId);
  if (!setup) return null;
  // Nothing changes yet: each step records itself as it runs.
  await audit(deps, deps.db, setup, "repository_setup.resume", { status: setup.status });
  return runFrom(deps, setup);
}

/** Failures a person fixes in the form (a new name, another organisation), not by resuming. */
const FINAL_REPOSITORY_FAILURES = new Set(["name_taken", "forbidden", "not_found", "invalid_input"]);

async function runFrom(deps: SetupDeps, setup: RepositorySetup): Promise<SetupOutcome> {
  let current = setup;
  if (current.status === "creating_repository" || current.status === "repository_failed") {
    if (current.status === "repository_failed" && FINAL_REPOSITORY_FAILURES.has(current.errorKind ?? ""))
      return {
        setup: current,
        failure: {
          kind: current.errorKind ?? "unknown",
          message: current.errorMessage ?? "Creating the repository failed.",
        },
      };
    const created = await createRepositoryStep(deps, current);
    current = created.setup;
    if (created.failure) return created;
  }
  if (["repository_created", "task_failed", "starting_task", "task_unknown"].includes(current.status))
    return startTaskStep(deps, current);
  return { setup: current, failure: null };
}

function splitFullName(fullName: string): { owner: string; repo: string } {
  const [owner = "", repo = ""] = fullName.split("/");
  return { owner, repo };
}

/**
 * Step 1. A refusal (4xx) is final for this form; an unknown outcome (timeout, reset, 5xx) is resolved
 * by reading the repository back before anything is sent again.
 */
async function createRepositoryStep(deps: SetupDeps, setup: RepositorySetup): Promise<SetupOutcome> {
  const { db } = deps;
  const input: NewRepositoryInput = {
    org: setup.org,
    name: setup.name,
    visibility: setup.visibility as NewRepositoryInput["visibility"],
    ...(setup.description ? { description: setup.description } : {}),
  };
  // A setup that was left "creating" (unknown outcome, or a crash) first looks for its repository.
  const wasInFlight =
    setup.errorKind === "repository_unknown" ||
    setup.status !== "creating_repository" ||
    setup.updatedAt.getTime() < Date.now() - 60_000;
  let repo: CreatedRepository | null = null;
  if (wasInFlight) {
    // Claim the step: two resumes at once must not both create (the second would see a clash).
    const claimed = await db.repositorySetup.updateMany({
      where: { id: setup.id, status: setup.status, updatedAt: setup.updatedAt },
      data: { status: "creating_repository", errorKind: null, errorMessage: null },
    });
    if (claimed.count !== 1)
      return {
        setup: (await db.repositorySetup.findUnique({ where: { id: setup.id } })) ?? setup,
        failure: {
          kind: "busy",
          message: "This setup is already being resumed. Refresh to see where it is.",
        },
      };
    try {
      repo = await findOwnRepository(deps, setup);
    } catch {
      return repositoryUnknown(deps, setup);
    }
  }
  if (!repo) {
    await db.repositorySetup.update({
      where: { id: setup.id },
      data: { status: "creating_repository", errorKind: null, errorMessage: null },
    });
    try {
      repo = await deps.withClient((client) =>
        setup.templateRepository
          ? generateRepoFromTemplate(client, splitFullName(setup.templateRepository), input)
          : createOrgRepo(client, input),
      );
    } catch (error) {
      if (!outcomeMayBeStarted(error))
        return repositoryFailed(deps, setup, describeRepositoryFailure(error, setup.org, setup.name));
      // The POST may have created it: read it back before anything is sent again.
      let found: CreatedRepository | null;
      try {
        found = await findOwnRepository(deps, setup);
      } catch {
        return repositoryUnknown(deps, setup);
      }
      if (!found)
        return repositoryFailed(deps, setup, {
          kind: "unavailable",
          message:
            `GitHub did not answer while creating ${setup.org}/${setup.name}, and it does not exist. ` +
            "Resume to try again.",
        });
      repo = found;
    }
  }
  const created = repo;
  const updated = await db.$transaction(async (tx) => {
    const row = await tx.repositorySetup.update({
      where: { id: setup.id },
      data: {
        status: "repository_created",
        repositoryId: BigInt(created.id),
        repositoryUrl: created.html_url,
        defaultBranch: created.default_branch ?? "main",
        visibility: created.visibility ?? setup.visibility,
        errorKind: null,
        errorMessage: null,
      },
    });
    // Registered with its owning team, so triage routes its tasks there.
    await saveResolvedRepository(tx, {
      id: String(created.id),
      owner: created.owner.login,
      name: created.name,
      defaultBranch: created.default_branch ?? null,
      visibility: created.visibility ?? null,
    });
    if (setup.owningTeamId)
      await tx.repository.update({
        where: { id: BigInt(created.id) },
        data: { owningTeamId: setup.owningTeamId },
      });
    // Its creator sees it on GitHub at once, so here too (and their other access is re-read).
    await grantCreatedRepository(tx, setup.userId, BigInt(created.id));
    await audit(deps, tx, setup, "repository.create", {
      repository: created.full_name,
      repositoryId: String(created.id),
      fromTemplate: setup.templateRepository,
    });
    return row;
  });
  return { setup: updated, failure: null };
}

/**
 * The repository this setup created, if it exists: created no earlier than the setup (a repository
 * that was there before is a name clash, not ours). null when it does not exist.
 */
async function findOwnRepository(deps: SetupDeps, setup: RepositorySetup): Promise<CreatedRepository | null> {
  try {
    const repo = await deps.withClient((client) => getRepo(client, setup.org, setup.name));
    const createdAt = repo.created_at ? Date.parse(repo.created_at) : 0;
    if (createdAt < setup.createdAt.getTime() - SKEW_MS) return null;
    return repo as CreatedRepository;
  } catch (error) {
    if (error instanceof GitHubError && error.kind === "not_found") return null;
    throw error;
  }
}

/** The repository step stopped: still `creating_repository` when its outcome is unknown (Resume checks GitHub first), `repository_failed` when GitHub refused. */
async function repositoryUnknown(deps: SetupDeps, setup: RepositorySetup): Promise<SetupOutcome> {
  return repositoryStepStopped(deps, setup, "creating_repository", {
    kind: "repository_unknown",
    message:
      `GitHub did not confirm whether ${setup.org}/${setup.name} was created, and it could not be ` +
      "checked just now. Resume checks GitHub first and creates it only if it does not exist.",
  });
}

function repositoryFailed(
  deps: SetupDeps,
  setup: RepositorySetup,
  failure: SetupFailure,
): Promise<SetupOutcome> {
  return repositoryStepStopped(deps, setup, "repository_failed", failure);
}

/** Records why the repository step stopped, with its audit record, in one transaction. */
async function repositoryStepStopped(
  deps: SetupDeps,
  setup: RepositorySetup,
  status: "creating_repository" | "repository_failed",
  failure: SetupFailure,
): Promise<SetupOutcome> {
  const updated = await deps.db.$transaction(async (tx) => {
    await audit(
      deps,
      tx,
      setup,
      "repository.create",
      { repository: `${setup.org}/${setup.name}` },
      failure.kind,
    );
    return tx.repositorySetup.update({
      where: { id: setup.id },
      data: { status, errorKind: failure.kind, errorMessage: failure.message },
    });
  });
  return { setup: updated, failure };
}

/** Waits (briefly) until GitHub lists the default branch: a generated repository fills in asynchronously. */
async function waitForBranch(deps: SetupDeps, owner: string, repo: string, branch: string) {
  const wait = deps.branchWaitMs ?? 1_000;
  for (let attempt = 0; attempt < 8; attempt++) {
    const listed = await deps
      .withClient((client) => listBranches(client, owner, repo, { per_page: 100 }))
      .catch(() => null);
    if (listed && !listed.notModified && listed.data.some((b) => b.name === branch)) return;
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

/** Step 2: render the setup template for the new repository and start the task on its default branch. */
async function startTaskStep(deps: SetupDeps, setup: RepositorySetup): Promise<SetupOutcome> {
  const { db } = deps;
  // Another request holds the step (a stale claim was turned into task_failed by settling).
  if (setup.status === "starting_task")
    return {
      setup,
      failure: { kind: "busy", message: "The setup task is being started. Refresh to see where it is." },
    };
  // An unknown start is never repeated until the reconciler has said GitHub did not create it.
  if (setup.status === "task_unknown") {
    const launch = await latestLaunch(db, setup.id);
    if (launch?.status === "started")
      return { setup: (await settleRepositorySetup(db, setup.id)) ?? setup, failure: null };
    if (launch?.status !== "failed")
      return {
        setup,
        failure: {
          kind: "task_unknown",
          message:
            "GitHub did not confirm whether the setup task started. Switchyard is checking with GitHub " +
            "(usually within two minutes); Resume starts it only if GitHub never created it.",
        },
      };
  }
  // Claim the step: two resumes at once must not both start a task.
  const claimed = await db.repositorySetup.updateMany({
    where: { id: setup.id, status: setup.status, updatedAt: setup.updatedAt },
    data: { status: "starting_task", errorKind: null, errorMessage: null },
  });
  if (claimed.count !== 1)
    return {
      setup: (await db.repositorySetup.findUnique({ where: { id: setup.id } })) ?? setup,
      failure: { kind: "busy", message: "This setup is already being resumed. Refresh to see where it is." },
    };
  const owner = setup.org;
  const repo = setup.name;
  const branch = setup.defaultBranch ?? "main";
  const stop = async (failure: SetupFailure, status: "task_failed" | "task_unknown" = "task_failed") => {
    const updated = await db.repositorySetup.update({
      where: { id: setup.id },
      data: { status, errorKind: failure.kind, errorMessage: failure.message },
    });
    return { setup: updated, failure };
  };
  const version = setup.templateVersionId ? await loadTemplateVersion(db, setup.templateVersionId) : null;
  if (!version)
    return stop({
      kind: "template_missing",
      message: "The setup template is no longer available. Nothing was started.",
    });
  let prompt: string;
  try {
    await waitForBranch(deps, owner, repo, branch);
    const rendered = await deps.withClient((client) =>
      renderForRepository(
        db,
        client,
        version,
        setup.parameters as ParameterValues,
        { owner, name: repo },
        {
          baseRef: branch,
          maxAgeMs: 0,
        },
      ),
    );
    if (rendered.missingParameters.length > 0)
      return stop({
        kind: "invalid_input",
        message: `The setup template needs: ${rendered.missingParameters.join(", ")}.`,
      });
    prompt = rendered.prompt;
  } catch (error) {
    return stop({
      kind:
        error instanceof GitHubError
          ? error.kind
          : error instanceof TemplateRenderError
            ? "invalid_input"
            : "unknown",
      message:
        error instanceof GitHubError
          ? `Could not read the new repository to render the setup prompt: ${error.message}`
          : error instanceof TemplateRenderError
            ? `Could not render the setup prompt: ${error.message} Nothing was started.`
            : "Could not render the setup prompt. Nothing was started.",
    });
  }
  await db.repositorySetup.update({ where: { id: setup.id }, data: { prompt } });
  const input = {
    owner,
    repo,
    prompt,
    base_ref: branch,
    create_pull_request: setup.createPullRequest,
    ...(setup.model ? { model: setup.model as StartTaskParams["model"] } : {}),
  };
  const result = await deps.startTask(input, {
    kind: "repository_setup",
    repositorySetupId: setup.id,
    templateVersionId: version.id,
    // The setup follows the start in the transaction that records it.
    settle: async (tx, outcome) => {
      const started = startResultOf(outcome, input);
      if (started.ok)
        await publishEvent(tx, {
          type: "repository_setup.finished",
          key: `repository-setup:${setup.id}:finished`,
          subject: `repository-setups/${setup.id}`,
          title: `${setup.org}/${setup.name} is set up: its first task started`,
          url: appLink(`/tasks/${encodeURIComponent(started.data.id)}`),
          data: { setupId: setup.id, repository: `${setup.org}/${setup.name}`, taskId: started.data.id },
          repository: `${setup.org}/${setup.name}`,
          templateId: version.templateId,
          audience: [setup.userId],
        });
      await tx.repositorySetup.update({
        where: { id: setup.id },
        data: started.ok
          ? {
              status: "task_started",
              taskId: started.data.id,
              launchId: outcome.launchId,
              errorKind: null,
              errorMessage: null,
            }
          : {
              status: started.code === "outcome_unknown" ? "task_unknown" : "task_failed",
              launchId: outcome.launchId,
              errorKind: started.code,
              errorMessage: started.message,
            },
      });
    },
  });
  // Normally settled above; after a failure to store the outcome, the launch says where it is.
  const updated = (await settleRepositorySetup(db, setup.id)) ?? setup;
  return { setup: updated, failure: result.ok ? null : { kind: result.code, message: result.message } };
}

function latestLaunch(db: Pick<PrismaClient, "launch">, setupId: string) {
  return db.launch.findFirst({ where: { repositorySetupId: setupId }, orderBy: { createdAt: "desc" } });
}

/**
 * Brings a setup's task step up to date with its launch, which the worker's reconciler settles:
 * a start confirmed later becomes task_started; one GitHub never received becomes task_failed
 * (resumable). Returns the current row.
 */
export async function settleRepositorySetup(
  db: PrismaClient,
  setupId: string,
): Promise<RepositorySetup | null> {
  const setup = await db.repositorySetup.findUnique({ where: { id: setupId } });
  if (!setup || (setup.status !== "task_unknown" && setup.status !== "starting_task")) return setup;
  const launch = await latestLaunch(db, setupId);
  if (!launch) {
    // Claimed but the process stopped before the launch was written: nothing reached GitHub.
    if (setup.status === "starting_task" && setup.updatedAt.getTime() < Date.now() - IN_FLIGHT_MS)
      return db.repositorySetup.update({
        where: { id: setupId },
        data: {
          status: "task_failed",
          errorKind: "interrupted",
          errorMessage: "The task start was interrupted before reaching GitHub. Resume to start it.",
        },
      });
    return setup;
  }
  if (launch.status === "started")
    return db.repositorySetup.update({
      where: { id: setupId },
      data: {
        status: "task_started",
        taskId: launch.taskId,
        launchId: launch.id,
        errorKind: null,
        errorMessage: null,
      },
    });
  if (
    setup.status === "starting_task" &&
    (launch.status === "unknown" || launch.createdAt.getTime() < Date.now() - IN_FLIGHT_MS) &&
    launch.status !== "failed"
  )
    return db.repositorySetup.update({
      where: { id: setupId },
      data: {
        status: "task_unknown",
        launchId: launch.id,
        errorKind: "outcome_unknown",
        errorMessage: "GitHub did not confirm whether the setup task started; Switchyard is checking.",
      },
    });
  if (launch.status === "failed")
    return db.repositorySetup.update({
      where: { id: setupId },
      data: {
        status: "task_failed",
        launchId: launch.id,
        errorKind: launch.errorKind ?? "failed",
        errorMessage: launch.errorMessage ?? "GitHub did not start the setup task. Resume to start it.",
      },
    });
  return setup;
}
