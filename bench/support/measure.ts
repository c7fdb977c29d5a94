/** Timing for the benchmarks: percentiles of repeated runs, two implementations in turns, one line each. */
import { performance } from "node:perf_hooks";

export type Stats = { p50: number; p95: number; mean: number; n: number };

const RUNS = 50;
const WARMUP = 5;

export function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? 0;
  return {
    p50: at(0.5),
    p95: at(0.95),
    mean: samples.reduce((a, b) => a + b, 0) / samples.length,
    n: samples.length,
  };
}

/**
 * Two functions measured in turns (a, b, a, b…), so both see the same machine: on a shared machine
 * the load moves more within a minute than between two implementations.
 */
export async function measurePair(
  a: () => Promise<unknown>,
  b: () => Promise<unknown>,
  runs = RUNS,
  warmup = WARMUP,
): Promise<[Stats, Stats]> {
  for (let i = 0; i < warmup; i++) {
    await a();
    await b();
  }
  const samples: [number[], number[]] = [[], []];
  for (let i = 0; i < runs; i++) {
    for (const [index, fn] of [a, b].entries()) {
      const started = performance.now();
      await fn();
      samples[index]!.push(performance.now() - started);
    }
  }
  return [stats(samples[0]), stats(samples[1])];
}

export async function measure(fn: () => Promise<unknown>, runs = RUNS, warmup = WARMUP): Promise<Stats> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    samples.push(performance.now() - started);
  }
  return stats(samples);
}

export const ms = (value: number) => value.toFixed(1);

export const line = (label: string, s: Stats, extra = "") =>
  console.info(
    `  ${label.padEnd(50)} p50 ${ms(s.p50).padStart(7)} ms  p95 ${ms(s.p95).padStart(7)} ms${extra}`,
  );
