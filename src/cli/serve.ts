import { ConfigError, loadConfig, type VigilConfig } from "../config/index.ts";
import { stopOnSignals } from "./stop-on-signals.ts";

/**
 * `vigil serve`: reads configuration, starts Vigil, and stops it cleanly on SIGINT or SIGTERM.
 * With no data sources configured there is nothing to investigate live, so it also feeds the
 * bundled demo incident (as `vigil demo` does) to show a whole investigation.
 */
export async function run(_args: string[]): Promise<void> {
  const config = loadConfigOrExit();
  if (config.sources === null) {
    const { runDemo } = await import("../demo/run-demo.ts");
    process.stdout.write(
      "No data sources are configured (vigil.yaml `sources`): feeding the demo incident.\n",
    );
    await runDemo({ config, print: (text) => process.stdout.write(`${text}\n`), onStarted: stopOnSignals });
    return;
  }
  // Loaded only once the configuration is known to be good, so that a bad value fails fast.
  const { startVigil } = await import("../main.ts");
  stopOnSignals(await startVigil({ config }));
}

export function loadConfigOrExit(): VigilConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    // Explicit exit: a dependency's exit hook would otherwise turn the exit code into 0.
    process.exit(1);
  }
}
