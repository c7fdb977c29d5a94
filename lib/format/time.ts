/** Short, human durations and relative times ("3 min ago", "in 40 s"), the same on server and client. */

export function formatDuration(ms: number): string {
  const seconds = Math.round(Math.abs(ms) / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.round(hours / 24)} d`;
}

export function formatRelative(date: Date | null | undefined, now: Date = new Date()): string {
  if (!date) return "never";
  const ms = date.getTime() - now.getTime();
  if (Math.abs(ms) < 1500) return "just now";
  return ms < 0 ? `${formatDuration(ms)} ago` : `in ${formatDuration(ms)}`;
}
