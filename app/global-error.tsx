"use client";

import { Button } from "@/components/ui/button";
import "./globals.css";

export default function GlobalError({ retry }: { error: unknown; retry: () => void }) {
  return (
    <html lang="en">
      <body className="min-h-screen antialiased">
        <title>Error · Switchyard</title>
        <main id="main" className="mx-auto max-w-2xl px-4 py-16">
          <h1 className="text-2xl font-bold text-fg">Switchyard hit an unexpected error</h1>
          <p className="mt-2 text-fg-muted">The application could not render. Try again in a moment.</p>
          <Button variant="primary" size="lg" onClick={() => retry()} className="mt-4">
            Try again
          </Button>
        </main>
      </body>
    </html>
  );
}
