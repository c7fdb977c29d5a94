import { hashToUnit } from "./random";
import { SUPPORTED_MODELS, type FailureKind, type Outcome } from "./model";

/** Relative weights of each outcome; they need not sum to 1. */
export type ScenarioWeights = Record<Outcome, number>;

export const OUTCOMES: readonly Outcome[] = [
  "completed",
  "failed",
  "waiting_for_user",
  "idle",
  "timed_out",
  "cancelled",
];

export const DEFAULT_WEIGHTS: ScenarioWeights = {
  completed: 0.6,
  failed: 0.15,
  waiting_for_user: 0.1,
  idle: 0.07,
  timed_out: 0.03,
  cancelled: 0.05,
};

export const FAILURE_KINDS: readonly FailureKind[] = ["setup", "tests", "firewall", "model"];

const FIREWALL_HOSTS = ["registry.npmjs.org", "proxy.golang.org", "files.pythonhosted.org", "api.stripe.com"];

/** Realistic `error.message` for each failure kind, chosen deterministically by `pick`. */
export function failureMessage(kind: FailureKind, pick: number): string {
  switch (kind) {
    case "setup":
      return pick < 0.5
        ? "Setup failed: the copilot-setup-steps job in .github/workflows/copilot-setup-steps.yml was not found or did not succeed."
        : "Setup failed: step 'Install dependencies' in copilot-setup-steps exited with code 1.";
    case "tests":
      return "Copilot stopped after repeated test failures: 3 tests are still failing on the branch.";
    case "firewall": {
      const host = FIREWALL_HOSTS[Math.floor(pick * FIREWALL_HOSTS.length)] ?? "registry.npmjs.org";
      return `The firewall blocked a request to ${host}. Add it to the custom allowlist in the repository's Copilot cloud agent settings.`;
    }
    case "model":
      return "The model returned an error: the request exceeded the model's context window. Try again or choose a different model.";
  }
}

const QUESTIONS = [
  "Should the new endpoint be versioned under /v2, or replace the existing /v1 route?",
  "The tests in this area depend on a live database. May I add a Testcontainers dependency, or should I mock the repository layer?",
  "I found two places that format currency. Which one should be the single source of truth?",
  "Do you want me to keep backwards compatibility for the old configuration keys?",
  "The issue mentions 'the dashboard' — do you mean the admin dashboard or the customer dashboard?",
];

export function pickQuestion(pick: number): string {
  return QUESTIONS[Math.floor(pick * QUESTIONS.length)] ?? QUESTIONS[0]!;
}

/**
 * Prompt directives let tests force a scenario. Each is a line (or inline token) of the form
 * `[emulator:key=value]`. Supported keys: outcome, failure, queue_seconds, run_seconds, question, model.
 */
export interface PromptDirectives {
  outcome?: Outcome;
  failure?: FailureKind;
  queueSeconds?: number;
  runSeconds?: number;
  question?: string;
  /** Model the emulator reports when the caller asked for auto selection. */
  model?: string;
}

const DIRECTIVE_PATTERN = /\[emulator:([a-z_]+)=([^\]]*)\]/g;

export function parseDirectives(prompt: string): PromptDirectives {
  const directives: PromptDirectives = {};
  for (const match of prompt.matchAll(DIRECTIVE_PATTERN)) {
    const key = match[1];
    const value = (match[2] ?? "").trim();
    if (key === "outcome" && (OUTCOMES as readonly string[]).includes(value)) {
      directives.outcome = value as Outcome;
    } else if (key === "failure" && (FAILURE_KINDS as readonly string[]).includes(value)) {
      directives.failure = value as FailureKind;
    } else if (key === "queue_seconds" && Number.isFinite(Number(value))) {
      directives.queueSeconds = Math.max(0, Number(value));
    } else if (key === "run_seconds" && Number.isFinite(Number(value))) {
      directives.runSeconds = Math.max(0, Number(value));
    } else if (key === "question" && value) {
      directives.question = value;
    } else if (key === "model" && (SUPPORTED_MODELS as readonly string[]).includes(value)) {
      directives.model = value;
    }
  }
  return directives;
}

export function stripDirectives(prompt: string): string {
  return prompt.replace(DIRECTIVE_PATTERN, "").trim();
}

export function pickWeighted<K extends string>(weights: Record<K, number>, unit: number): K {
  const entries = Object.entries(weights) as [K, number][];
  const total = entries.reduce((sum, [, w]) => sum + Math.max(0, w), 0);
  if (total <= 0) throw new Error("scenario weights must have a positive total");
  let cursor = unit * total;
  for (const [key, weight] of entries) {
    cursor -= Math.max(0, weight);
    if (cursor < 0) return key;
  }
  return entries[entries.length - 1]![0];
}

export interface SessionPlan {
  outcome: Outcome;
  failure: FailureKind | null;
  errorMessage: string | null;
  question: string | null;
  /** Task-clock seconds (divide by speed for wall time). */
  queueSeconds: number;
  runSeconds: number;
  model: string;
  creditsPerSecond: number;
}

/**
 * Everything about a session's future is a pure function of (repo, prompt, weights):
 * tests can predict outcomes, and `GET /_emulator/tasks/:id` shows the plan.
 */
export function planSession(input: {
  repoFullName: string;
  prompt: string;
  requestedModel: string | undefined;
  weights: ScenarioWeights;
  timeoutMinutes: number;
  salt?: string;
}): SessionPlan {
  const key = `${input.repoFullName.toLowerCase()}\n${input.prompt}${input.salt ?? ""}`;
  const unit = (label: string) => hashToUnit(`${label}\n${key}`);
  const directives = parseDirectives(input.prompt);
  const outcome = directives.outcome ?? pickWeighted(input.weights, unit("outcome"));
  const failure =
    outcome === "failed" ? (directives.failure ?? FAILURE_KINDS[Math.floor(unit("failure") * 4)]!) : null;
  const queueSeconds = directives.queueSeconds ?? 3 + Math.round(unit("queue") * 4);
  let runSeconds = directives.runSeconds ?? 30 + Math.round(unit("run") * 90);
  if (outcome === "timed_out") runSeconds = input.timeoutMinutes * 60;
  if (outcome === "cancelled" && directives.runSeconds === undefined) runSeconds = Math.round(runSeconds / 3);
  if (failure === "setup" && directives.runSeconds === undefined) runSeconds = Math.round(runSeconds / 4);
  const models = ["claude-sonnet-4.6", "claude-sonnet-4.6", "gpt-5.3-codex", "claude-opus-4.6"];
  return {
    outcome,
    failure,
    errorMessage: failure ? failureMessage(failure, unit("message")) : null,
    question: outcome === "waiting_for_user" ? (directives.question ?? pickQuestion(unit("question"))) : null,
    queueSeconds,
    runSeconds,
    model: input.requestedModel ?? directives.model ?? models[Math.floor(unit("model") * models.length)]!,
    creditsPerSecond: 20_000_000 + Math.round(unit("credits") * 60_000_000),
  };
}

/** `copilot/<slug>` branch name derived from the task name. */
export function branchSlug(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .split("-")
    .slice(0, 6)
    .join("-");
  return `copilot/${slug || "task"}`;
}

/** Human-readable task name: the prompt's first line without directives. */
export function taskName(prompt: string): string {
  const firstLine =
    stripDirectives(prompt)
      .split("\n")
      .find((line) => line.trim() !== "") ?? "";
  const trimmed = firstLine.trim();
  return trimmed.length > 120 ? `${trimmed.slice(0, 117)}...` : trimmed || "Copilot task";
}
