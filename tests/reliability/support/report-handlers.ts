/**
 * Loaded before Concord's entry point in a test's child process: on SIGUSR2 it prints how many `uncaughtException`
 * listeners the process has, so the test can check that Concord installs none of its own.
 */
process.on("SIGUSR2", () => {
  process.stdout.write(`uncaughtException listeners: ${process.listenerCount("uncaughtException")}\n`);
});
