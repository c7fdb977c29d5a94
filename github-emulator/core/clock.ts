/**
 * The emulator clock: the injected wall clock plus an offset that the control API can advance.
 * Every timestamp (tokens, rate-limit windows, tasks) reads this clock, so advancing it moves
 * everything at once. Task durations are divided by `speed` when they are planned.
 */
export class Clock {
  constructor(
    private readonly wall: () => number,
    public offsetMs = 0,
  ) {}

  now(): number {
    return this.wall() + this.offsetMs;
  }

  advance(seconds: number): number {
    this.offsetMs += Math.round(seconds * 1000);
    return this.now();
  }
}

export function iso(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}
