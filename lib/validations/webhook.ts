/** Where a webhook may point: https, or plain http only to this machine (development). */
import { z } from "zod";

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

export const webhookUrlSchema = z
  .string()
  .max(2000, "Keep the URL under 2,000 characters.")
  .refine((value) => {
    try {
      const url = new URL(value);
      if (url.username || url.password) return false;
      return url.protocol === "https:" || (url.protocol === "http:" && LOCAL_HOSTS.has(url.hostname));
    } catch {
      return false;
    }
  }, "Use an https:// URL (http:// only for localhost or 127.0.0.1).");
