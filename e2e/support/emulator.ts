import type { APIRequestContext } from "@playwright/test";
import type { z } from "zod";
import type { schemas } from "../../github-emulator/routes/control";

/** The e2e stack's emulator (scripts/e2e-server.ts), on the port Playwright gave it. */
export const EMULATOR_URL = `http://127.0.0.1:${process.env.E2E_EMULATOR_PORT ?? 4011}`;

type Settings = z.input<typeof schemas.settings>;
type Fault = z.input<typeof schemas.fault>;
type Transition = z.input<typeof schemas.transition>;
type BulkTasks = z.input<typeof schemas.bulkTasks>;
export type Pull = {
  id: number;
  repository: string;
  number: number;
  state: "open" | "closed";
  merged: boolean;
  draft: boolean;
  head: string;
  base: string;
  title: string;
};

/**
 * A client for the emulator's control API (`/_emulator/*`, see github-emulator/README.md). The
 * emulator is shared by every worker, so what a test changes is put back when it ends: settings it
 * patched return to their earlier values and faults it added that never fired are removed.
 */
export class EmulatorControl {
  private readonly changedSettings: Partial<Record<keyof Settings, unknown>> = {};
  private readonly addedFaults: number[] = [];

  constructor(private readonly request: APIRequestContext) {}

  private async call<T>(method: string, path: string, data?: unknown): Promise<T> {
    const response = await this.request.fetch(`${EMULATOR_URL}/_emulator${path}`, { method, data });
    if (!response.ok())
      throw new Error(`emulator ${method} ${path}: ${response.status()} ${await response.text()}`);
    return (await response.json()) as T;
  }

  async isHealthy(): Promise<boolean> {
    return (await this.request.get(`${EMULATOR_URL}/_emulator/health`)).ok();
  }

  /** Patches runtime settings (token TTL, speed, limits…) for the length of the test. */
  async settings(patch: Settings): Promise<void> {
    const current = await this.call<Settings>("GET", "/settings");
    for (const key of Object.keys(patch) as (keyof Settings)[])
      if (!(key in this.changedSettings)) this.changedSettings[key] = current[key];
    await this.call("PATCH", "/settings", patch);
  }

  /** Makes the next matching request(s) fail (status, latency, reset, dropped response…). */
  async fault(fault: Fault): Promise<void> {
    const { id } = await this.call<{ id: number }>("POST", "/faults", fault);
    this.addedFaults.push(id);
  }

  /** Moves a task to a state now (or replaces its planned outcome with `when: "next"`). */
  async transition(taskId: string, transition: Transition): Promise<void> {
    await this.call("POST", `/tasks/${encodeURIComponent(taskId)}/transition`, transition);
  }

  async revokeTokens(login: string): Promise<void> {
    await this.call("POST", `/users/${encodeURIComponent(login)}/revoke-tokens`);
  }

  async bulkTasks(bulk: BulkTasks): Promise<{ created: number }> {
    return this.call("POST", "/tasks/bulk", bulk);
  }

  async pulls(repository?: string): Promise<Pull[]> {
    return this.call("GET", repository ? `/pulls?repo=${encodeURIComponent(repository)}` : "/pulls");
  }

  /**
   * Back to the seed for everyone: every worker's data and every saved sign-in's GitHub tokens go.
   * Only for a spec that runs alone.
   */
  /** Acts on a pull request as GitHub's people would: merge, close, fail its checks, review. */
  async pullAction(
    repository: string,
    number: number,
    action: "merge" | "close" | "checks" | "reviews" | "approve-workflows",
    data: unknown = {},
  ): Promise<void> {
    await this.call("POST", `/repos/${repository}/pulls/${number}/${action}`, data);
  }

  async reset(): Promise<void> {
    await this.call("POST", "/reset");
  }

  /** Puts back what this test changed (the fixture calls it when the test ends). */
  async restore(): Promise<void> {
    if (Object.keys(this.changedSettings).length) await this.call("PATCH", "/settings", this.changedSettings);
    for (const id of this.addedFaults) await this.call("DELETE", `/faults/${id}`);
  }
}
