/**
 * `vigil <command>`. To add a command, add one line to `commands`; its module exports
 * `run(args: string[]): Promise<void>`.
 */
interface CommandModule {
  run(args: string[]): Promise<void>;
}

const commands: Record<string, () => Promise<CommandModule>> = {
  serve: () => import("./serve.ts"),
  eval: () => import("./eval.ts"),
};

async function main(argv: string[]): Promise<void> {
  const [name, ...args] = argv;
  const load = name === undefined ? undefined : commands[name];
  if (load === undefined) {
    const known = Object.keys(commands).join(", ");
    process.stderr.write(
      name === undefined ? `usage: vigil <command>  (${known})\n` : `unknown command "${name}"; commands: ${known}\n`,
    );
    process.exitCode = 2;
    return;
  }
  await (await load()).run(args);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
