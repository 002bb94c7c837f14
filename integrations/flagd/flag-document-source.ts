/** Where a flagd definitions document lives: read with a version, written only if still at it. */
export interface FlagDocumentSource {
  /** Where it is, for messages: "ConfigMap flags/flagd-flags key flags.flagd.json". */
  describe(): string;
  read(signal?: AbortSignal): Promise<{ text: string; version: string }>;
  /** Throws FeatureFlagConflictError (with `key` as given) when the document changed since `version`. */
  write(
    text: string,
    options: { version: string; key: string; signal?: AbortSignal },
  ): Promise<{ version: string }>;
}
