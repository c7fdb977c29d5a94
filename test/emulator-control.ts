/**
 * The emulator's control API (`/_emulator/...`) for integration tests: faults, clock, people, tasks.
 * Throws with the status and body when the emulator refuses, so a test says what went wrong.
 */
export function emulatorControl(baseUrl: string) {
  return async function control<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${baseUrl}/_emulator${path}`, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok)
      throw new Error(`emulator ${method} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
}
