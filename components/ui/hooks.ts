"use client";

import { useDeferredValue, useEffect, useState, useSyncExternalStore } from "react";

const noSubscription = () => () => {};

/**
 * false in the server render and while hydrating, true after. For what only the browser knows
 * (the viewer's time zone), and for controlled inputs that typing before hydration would lose.
 * The switch to true is deferred: React re-renders a store's readers synchronously once hydrated,
 * and with every time on a page (and the dashboard's chart) redrawn in that one task the page
 * stayed blocked for a few hundred ms after hydrating; a deferred value renders in slices that
 * yield to the browser. Components mounted later (client navigation) get true at once.
 */
export function useHydrated(): boolean {
  const hydrated = useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
  return useDeferredValue(hydrated);
}

/** The value after `delay` ms without change (pickers ask the server as people type). */
export function useDebounced<T>(value: T, delay = 250): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delay);
    return () => clearTimeout(timer);
  }, [value, delay]);
  return debounced;
}
