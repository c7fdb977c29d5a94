export interface RateStatus {
  limit: number;
  used: number;
  remaining: number;
  /** UTC epoch seconds when the window resets. */
  reset: number;
}

const HOUR = 3_600_000;
const MINUTE = 60_000;

/** Primary (per hour) and secondary (content creation per minute) limits, keyed by user or IP. */
export class RateLimiter {
  private windows = new Map<string, { start: number; used: number }>();
  private creations = new Map<string, number[]>();

  private window(key: string, now: number) {
    let window = this.windows.get(key);
    if (!window || now >= window.start + HOUR) {
      window = { start: now, used: 0 };
      this.windows.set(key, window);
    }
    return window;
  }

  status(key: string, limit: number, now: number): RateStatus {
    const window = this.window(key, now);
    return {
      limit,
      used: window.used,
      remaining: Math.max(0, limit - window.used),
      reset: Math.ceil((window.start + HOUR) / 1000),
    };
  }

  consume(key: string, now: number): void {
    this.window(key, now).used++;
  }

  /** Seconds to wait when the creation cap is reached, otherwise null (and the creation is recorded). */
  tryCreate(key: string, limitPerMinute: number, now: number): number | null {
    const recent = (this.creations.get(key) ?? []).filter((t) => t > now - MINUTE);
    if (recent.length >= limitPerMinute) {
      this.creations.set(key, recent);
      return Math.max(1, Math.ceil((recent[0]! + MINUTE - now) / 1000));
    }
    recent.push(now);
    this.creations.set(key, recent);
    return null;
  }

  reset(key?: string): void {
    if (key === undefined) {
      this.windows.clear();
      this.creations.clear();
    } else {
      this.windows.delete(key);
      this.creations.delete(key);
    }
  }
}
