import type { ScenarioWeights } from "./scenarios";

export type TokenMode = "github_app" | "oauth_app";

export interface EmulatorOptions {
  /** Port to listen on; 0 picks a free port. */
  port: number;
  host: string;
  clientId: string;
  clientSecret: string;
  /** `github_app` issues expiring `ghu_` tokens with `ghr_` refresh tokens; `oauth_app` issues `gho_` tokens. */
  tokenMode: TokenMode;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  /** Multiplier on the task clock: 10 makes tasks move ten times faster. */
  speed: number;
  primaryRateLimit: number;
  secondaryCreateLimitPerMinute: number;
  taskTimeoutMinutes: number;
  /** When set, the whole state is persisted to this JSON file and reloaded on start. */
  stateFile: string | undefined;
  /** Base URL used in `url`/`html_url` fields; defaults to the listening URL. */
  publicUrl: string | undefined;
  /** Wall clock in epoch ms; the control API can advance the emulator clock past it. */
  now: () => number;
  /** Seed for every pseudo-random choice (seed data, bulk tasks, fault probabilities). */
  seed: number;
  /**
   * Registered OAuth callback URLs. Empty means "any loopback URL whose path ends
   * with /api/auth/callback/github".
   */
  callbackUrls: string[];
  scenarioWeights: Partial<ScenarioWeights> | undefined;
  /** Seed ~60 historical agent tasks for alice and bob. */
  seedTasks: boolean;
  /** Status used when the primary / secondary rate limit is exceeded (GitHub uses both). */
  primaryLimitStatus: 403 | 429;
  secondaryLimitStatus: 403 | 429;
  /** Log one line per request. */
  log: boolean;
  /** Where the request log and errors go (`npm run dev` labels them `[emulator]`). */
  logger: Pick<Console, "info" | "warn" | "error">;
}

export const DEFAULT_OPTIONS: EmulatorOptions = {
  port: 4010,
  host: "127.0.0.1",
  clientId: "switchyard-dev",
  clientSecret: "switchyard-dev-secret",
  tokenMode: "github_app",
  accessTokenTtlSeconds: 28_800,
  refreshTokenTtlSeconds: 15_811_200,
  speed: 1,
  primaryRateLimit: 5_000,
  secondaryCreateLimitPerMinute: 80,
  taskTimeoutMinutes: 60,
  stateFile: undefined,
  publicUrl: undefined,
  now: () => Date.now(),
  seed: 42,
  callbackUrls: [],
  scenarioWeights: undefined,
  seedTasks: true,
  primaryLimitStatus: 403,
  secondaryLimitStatus: 403,
  log: false,
  logger: console,
};

export function resolveOptions(partial: Partial<EmulatorOptions> = {}): EmulatorOptions {
  const defined = Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined));
  const options: EmulatorOptions = { ...DEFAULT_OPTIONS, ...defined };
  if (!(options.speed > 0)) throw new Error(`speed must be > 0, got ${options.speed}`);
  if (options.tokenMode !== "github_app" && options.tokenMode !== "oauth_app") {
    throw new Error(`tokenMode must be github_app or oauth_app, got ${String(options.tokenMode)}`);
  }
  return options;
}

function numberFromEnv(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === "") return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new Error(`${name} must be a number, got "${raw}"`);
  return value;
}

/** Reads every option that has an environment variable (see README). */
export function optionsFromEnv(env: NodeJS.ProcessEnv = process.env): Partial<EmulatorOptions> {
  const mode = env.GITHUB_EMULATOR_TOKEN_MODE;
  return {
    port: numberFromEnv(env, "GITHUB_EMULATOR_PORT"),
    host: env.GITHUB_EMULATOR_HOST || undefined,
    clientId: env.GITHUB_EMULATOR_CLIENT_ID || undefined,
    clientSecret: env.GITHUB_EMULATOR_CLIENT_SECRET || undefined,
    tokenMode: mode === "github_app" || mode === "oauth_app" ? mode : undefined,
    accessTokenTtlSeconds: numberFromEnv(env, "GITHUB_EMULATOR_TOKEN_TTL"),
    refreshTokenTtlSeconds: numberFromEnv(env, "GITHUB_EMULATOR_REFRESH_TOKEN_TTL"),
    speed: numberFromEnv(env, "GITHUB_EMULATOR_SPEED"),
    primaryRateLimit: numberFromEnv(env, "GITHUB_EMULATOR_RATE_LIMIT"),
    secondaryCreateLimitPerMinute: numberFromEnv(env, "GITHUB_EMULATOR_CREATE_LIMIT_PER_MINUTE"),
    taskTimeoutMinutes: numberFromEnv(env, "GITHUB_EMULATOR_TASK_TIMEOUT_MINUTES"),
    stateFile: env.GITHUB_EMULATOR_STATE_FILE || undefined,
    publicUrl: env.GITHUB_EMULATOR_PUBLIC_URL || undefined,
    seed: numberFromEnv(env, "GITHUB_EMULATOR_SEED"),
    callbackUrls: env.GITHUB_EMULATOR_CALLBACK_URLS
      ? env.GITHUB_EMULATOR_CALLBACK_URLS.split(",").map((url) => url.trim())
      : undefined,
    log: env.GITHUB_EMULATOR_LOG === "1" || env.GITHUB_EMULATOR_LOG === "true" ? true : undefined,
  };
}
