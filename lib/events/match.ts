/**
 * Which subscriptions an event matches, by their filters alone (visibility is checked in SQL by the
 * publisher). Pure, so the rules are tested without a database.
 */
import { compileGlob, GlobPatternError } from "@/lib/patterns/glob";
import type { EventType } from "./types";

export type SubscriptionFilters = {
  types: string[];
  repositoryPattern: string | null;
  campaignId: string | null;
  templateId: string | null;
  states: string[];
};

/** What an event is about, for matching: the repository as owner/name, its campaign, template, state. */
export type EventFacets = {
  type: EventType;
  repository?: string | null;
  campaignId?: string | null;
  templateId?: string | null;
  state?: string | null;
};

/**
 * Empty lists and null filters match everything. A filter on a facet the event does not have (a
 * repository pattern on a budget event) does not match: the subscriber asked for that repository only.
 */
export function matchesSubscription(filters: SubscriptionFilters, event: EventFacets): boolean {
  if (filters.types.length > 0 && !filters.types.includes(event.type)) return false;
  if (filters.repositoryPattern) {
    if (!event.repository) return false;
    try {
      if (!compileGlob(filters.repositoryPattern)(event.repository)) return false;
    } catch (error) {
      if (error instanceof GlobPatternError) return false;
      throw error;
    }
  }
  if (filters.campaignId && filters.campaignId !== event.campaignId) return false;
  if (filters.templateId && filters.templateId !== event.templateId) return false;
  if (filters.states.length > 0 && event.type === "task.state_changed")
    return Boolean(event.state && filters.states.includes(event.state));
  return true;
}
