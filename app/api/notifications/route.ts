import { ok } from "@/lib/result";
import { jsonRoute } from "@/lib/http/route";
import { listNotifications } from "@/lib/notifications/queries";

/** The bell's unread count and latest items, polled by the header. */
export const GET = jsonRoute({}, async ({ user }) => ok(await listNotifications(user, { limit: 20 })));
