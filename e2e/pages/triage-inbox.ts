import type { Locator, Page } from "@playwright/test";

/** The triage inbox (/triage): one card per open item, and the form that acts on a selection. */
export class TriageInbox {
  readonly items: Locator;
  /** The form that acts on the selected items. */
  readonly bulk: Locator;

  constructor(readonly page: Page) {
    this.items = page.getByTestId("triage-item");
    this.bulk = page.getByRole("form", { name: "Act on several items" });
  }

  static path(view: "mine" | "teams" | "unowned" | "all" | "reviews" = "mine") {
    return `/triage?view=${view}`;
  }

  /** The card of the item opened for this task. */
  item(taskId: string): Locator {
    return this.page.locator(`[data-testid="triage-item"][data-task-id="${taskId}"]`);
  }
}
