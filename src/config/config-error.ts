/** A configuration value Vigil cannot start with; the message names the key and what is wrong. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
  constructor(
    message: string,
    readonly problems: readonly string[],
  ) {
    super(message);
  }
}
