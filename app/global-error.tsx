"use client";

import "./globals.css";

export default function GlobalError({ retry }: { error: unknown; retry: () => void }) {
  return (
    <html lang="en">
      <body className="min-h-screen antialiased">
        <title>Error · Switchyard</title>
        <main id="main" className="mx-auto max-w-2xl px-4 py-16">
          <h1 className="text-2xl font-bold text-fg">Switchyard hit an unexpected error</h1>
          <p className="mt-2 text-fg-muted">The application could not render. Try again in a moment.</p>
          <button
            type="button"
            onClick={() => retry()}
            className="mt-4 rounded-md bg-accent px-4 py-2 text-sm font-medium text-on-accent"
          >
            Try again
          </button>
        </main>
      </body>
    </html>
  );
}
