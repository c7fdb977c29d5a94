/** Template categories (the new-repository form lists `new_repository`). Pure, for client and server. */
import type { TemplateCategory } from "@/generated/prisma/enums";

export type { TemplateCategory };

// A Record, so a category added to the database's enum does not compile until it has a label.
const LABELS: Record<TemplateCategory, string> = {
  new_repository: "New repository",
  upgrade: "Upgrade",
  ci: "CI",
  docs: "Documentation",
  release: "Release",
  general: "General",
};

export const TEMPLATE_CATEGORIES = (Object.keys(LABELS) as TemplateCategory[]).map((value) => ({
  value,
  label: LABELS[value],
}));

export function categoryLabel(category: string): string {
  return TEMPLATE_CATEGORIES.find((item) => item.value === category)?.label ?? category;
}
