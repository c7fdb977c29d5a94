/** Template categories (the new-repository form lists `new_repository`). Pure, for client and server. */
export const TEMPLATE_CATEGORIES = [
  { value: "new_repository", label: "New repository" },
  { value: "upgrade", label: "Upgrade" },
  { value: "ci", label: "CI" },
  { value: "docs", label: "Documentation" },
  { value: "release", label: "Release" },
  { value: "general", label: "General" },
] as const;

export type TemplateCategory = (typeof TEMPLATE_CATEGORIES)[number]["value"];

export function categoryLabel(category: string): string {
  return TEMPLATE_CATEGORIES.find((item) => item.value === category)?.label ?? category;
}
