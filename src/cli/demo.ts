import { parseArgs } from "node:util";
import { runDemo } from "../demo/run-demo.ts";
import { loadConfigOrExit } from "./serve.ts";
import { stopOnSignals } from "./stop-on-signals.ts";

/**
 * `vigil demo [--case FILE]`: Vigil on embedded Postgres with one recorded incident fed through
 * its webhook; prints the RCA and keeps running.
 */
export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { case: { type: "string" } } });
  const config = loadConfigOrExit();
  await runDemo({
    config,
    ...(values.case ? { caseFile: values.case } : {}),
    print: (text) => process.stdout.write(`${text}\n`),
    onStarted: stopOnSignals,
  });
}
