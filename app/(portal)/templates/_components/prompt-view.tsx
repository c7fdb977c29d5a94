"use client";

import { useState } from "react";
import Markdown, { type Components } from "react-markdown";

// Headings inside a prompt must not break the page's own outline: they render as bold lines.
const heading: Components["h1"] = ({ children }) => <p className="mt-3 font-semibold">{children}</p>;
const COMPONENTS: Components = {
  h1: heading,
  h2: heading,
  h3: heading,
  h4: heading,
  h5: heading,
  h6: heading,
};

/**
 * A prompt read as rendered Markdown or as the raw text it is sent as. Rendering is safe: raw HTML
 * in the prompt is never rendered (no rehype-raw) and react-markdown drops unsafe link protocols.
 */
export function PromptView({ body, label }: { body: string; label: string }) {
  const [mode, setMode] = useState<"rendered" | "raw">("rendered");
  return (
    <div className="mt-2">
      <div
        role="group"
        aria-label={`How to show ${label}`}
        className="inline-flex gap-1 rounded-md border border-line p-0.5"
      >
        {(["rendered", "raw"] as const).map((option) => (
          <button
            key={option}
            type="button"
            aria-pressed={mode === option}
            onClick={() => setMode(option)}
            className={
              mode === option
                ? "rounded px-2 py-0.5 text-xs font-semibold bg-accent text-on-accent"
                : "rounded px-2 py-0.5 text-xs font-semibold text-fg hover:bg-canvas"
            }
          >
            {option === "rendered" ? "Rendered" : "Raw"}
          </button>
        ))}
      </div>
      {mode === "raw" ? (
        <pre
          tabIndex={0}
          className="mt-2 max-h-96 overflow-auto rounded-md border border-line bg-canvas p-3 text-xs whitespace-pre-wrap"
        >
          {body}
        </pre>
      ) : (
        <div
          tabIndex={0}
          data-testid="prompt-rendered"
          className="mt-2 max-h-96 overflow-auto rounded-md border border-line bg-canvas p-3 text-sm [&_a]:text-accent [&_a]:underline [&_code]:font-mono [&_code]:text-xs [&_li]:my-0.5 [&_ol]:list-decimal [&_ol]:pl-5 [&_p]:my-2 [&_pre]:overflow-auto [&_pre]:rounded [&_pre]:border [&_pre]:border-line [&_pre]:p-2 [&_ul]:list-disc [&_ul]:pl-5"
        >
          <Markdown components={COMPONENTS}>{body}</Markdown>
        </div>
      )}
    </div>
  );
}
