import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    root: new URL("..", import.meta.url).pathname,
    include: ["tests/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Two test files at a time: most of a file's time is spent waiting (on timers, sockets and child processes), so
    // even two cores carry two; the suite takes about three quarters of the time it takes one at a time.
    maxWorkers: 2,
    globalSetup: ["tests/support/global-setup.ts"],
  },
});
