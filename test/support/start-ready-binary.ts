import { type ChildProcess, spawn } from "node:child_process";
import { rm } from "node:fs/promises";

export interface ReadyBinary {
  url: string;
  /** Stops the process (SIGTERM, waits for it) and removes its working directory. */
  stop(): Promise<void>;
}

/**
 * Starts a Prometheus-family binary listening on `127.0.0.1:<port>` and waits until its `/-/ready`
 * answers; if it exits or is not ready in time, it is stopped and the error carries its output.
 */
export async function startReadyBinary({
  name,
  binary,
  args,
  port,
  dir,
  readyAttempts,
}: {
  /** For the error message, e.g. "Prometheus". */
  name: string;
  binary: string;
  args: string[];
  port: number;
  /** The process's working directory, removed on stop. */
  dir: string;
  /** Readiness polls, 100 ms apart. */
  readyAttempts: number;
}): Promise<ReadyBinary> {
  const output: string[] = [];
  const child: ChildProcess = spawn(binary, args, { stdio: ["ignore", "pipe", "pipe"] });
  child.stdout?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  const url = `http://127.0.0.1:${port}`;

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };

  for (let attempt = 0; ; attempt += 1) {
    const ready = await fetch(`${url}/-/ready`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) break;
    if (attempt > readyAttempts || child.exitCode !== null) {
      await stop();
      throw new Error(`${name} did not become ready:\n${output.join("")}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url, stop };
}
