/** TanStack Query contract for the header bell (client-safe). */
import { queryOptions } from "@tanstack/react-query";
import { fetchJson } from "./fetch-json";
import type { AsJson } from "./json";
import { queryKeys } from "./keys";
import type { NotificationList as StoredNotificationList } from "@/lib/notifications/queries";

/** The bell's list as the route sends it (lib/notifications/queries.ts, dates as strings). */
export type NotificationList = AsJson<StoredNotificationList>;
export type NotificationItem = NotificationList["items"][number];

/** The bell polls every 15 s while the tab is visible. */
export const notificationsQuery = () =>
  queryOptions({
    queryKey: queryKeys.notifications(),
    queryFn: () => fetchJson<NotificationList>("/api/notifications"),
    refetchInterval: 15_000,
    refetchIntervalInBackground: false,
  });
