/** When a sync runs next: close while work moves, slow when settled, backing off on trouble. */

export type CadenceConfig = {
  /** Just started from Switchyard (first minute): poll closely. */
  watchSeconds: number;
  /** More to fetch (detail backlog, walk cut short). */
  backlogSeconds: number;
  /** The person has queued or in-progress tasks. */
  activeSeconds: number;
  /** Everything settled. */
  settledSeconds: number;
  backoffBaseSeconds: number;
  backoffMaxSeconds: number;
};

export const DEFAULT_CADENCE: CadenceConfig = {
  watchSeconds: 3,
  backlogSeconds: 2,
  activeSeconds: 10,
  settledSeconds: 60,
  backoffBaseSeconds: 5,
  backoffMaxSeconds: 900,
};

export function nextDelaySeconds(
  input: {
    consecutiveErrors: number;
    watching: boolean;
    backlog: boolean;
    hasActive: boolean;
    /** e.g. a rate limit's reset: never earlier than this. */
    notBeforeSeconds?: number;
    random?: () => number;
  },
  config: CadenceConfig = DEFAULT_CADENCE,
): number {
  let delay: number;
  if (input.consecutiveErrors > 0) {
    const exponential = config.backoffBaseSeconds * 2 ** Math.min(input.consecutiveErrors - 1, 16);
    const jitter = 0.75 + (input.random ?? Math.random)() * 0.5; // ±25% so many users do not align
    delay = Math.min(config.backoffMaxSeconds, exponential * jitter);
  } else if (input.watching) delay = config.watchSeconds;
  else if (input.backlog) delay = config.backlogSeconds;
  else if (input.hasActive) delay = config.activeSeconds;
  else delay = config.settledSeconds;
  return Math.max(delay, input.notBeforeSeconds ?? 0);
}
