import type { Locator, Page } from "@playwright/test";

/** The task queue (/tasks): state filters, the table, and saved views. */
export class TaskQueue {
  /** The table's task rows (each carries data-task-id). */
  readonly rows: Locator;
  readonly saveViewAs: Locator;

  constructor(readonly page: Page) {
    this.rows = page.locator("tbody tr[data-task-id]");
    this.saveViewAs = page.getByLabel("Save these filters as");
  }

  async open(search = "") {
    await this.page.goto(`/tasks${search}`);
  }

  /** The state filter's checkbox, by the state's label ("Failed", "Timed out"…). */
  stateFilter(label: string): Locator {
    return this.page.getByRole("checkbox", { name: label, exact: true });
  }

  async filterByStates(...labels: string[]) {
    for (const label of labels) await this.stateFilter(label).check();
    await this.page.getByRole("button", { name: "Apply filters" }).click();
  }

  row(taskId: string): Locator {
    return this.page.locator(`tr[data-task-id="${taskId}"]`);
  }

  async saveView(name: string) {
    await this.saveViewAs.fill(name);
    await this.page.getByRole("button", { name: "Save view" }).click();
  }

  /** A saved view's link. */
  view(name: string): Locator {
    return this.page.getByRole("link", { name });
  }

  async deleteView(name: string) {
    await this.page.getByRole("button", { name: `Delete view ${name}` }).click();
  }
}
