export default function Loading() {
  return (
    <div role="status" className="flex items-center gap-3 py-12 text-fg-muted">
      <span
        aria-hidden="true"
        className="size-6 animate-spin rounded-full border-4 border-line border-t-accent motion-reduce:animate-none"
      />
      <span className="sr-only">Loading…</span>
    </div>
  );
}
