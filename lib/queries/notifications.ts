/** TanStack Query contract for the header bell (client-safe). */
import { queryOptions } from "@tanstack/react-query";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./keys";

export type NotificationItem = {
  id: string;
  kind: string;
  title: string;
  body: string | null;
  taskId: string | null;
  createdAt: string;
  readAt: string | null;
};
export type NotificationList = { unread: number; items: NotificationItem[] };

/** The bell polls every 15 s while the tab is visible. */
export const notificationsQuery = () =>
  queryOptions({
    queryKey: queryKeys.notifications(),
    queryFn: () => fetchJson<NotificationList>("/api/notifications"),
    refetchInterval: 15_000,
    refetchIntervalInBackground: false,
  });
