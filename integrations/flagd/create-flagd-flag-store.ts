import type { FeatureFlagStore } from "../../src/ports/feature-flags.ts";
import { SourceUnavailableError } from "../../src/ports/source-errors.ts";
import { evaluateOfrepFlag, type OfrepOptions } from "./evaluate-ofrep-flag.ts";
import type { FlagDocumentSource } from "./flag-document-source.ts";
import {
  FlagDocumentError,
  flagOf,
  formatFlagDocument,
  parseFlagDocument,
  withFlag,
} from "./flagd-document.ts";

/**
 * A `FeatureFlagStore` for flagd: flags are read from and written to the definitions document flagd
 * syncs from (a ConfigMap or a file), and read back through flagd's OFREP evaluation API.
 */
export function createFlagdFlagStore(options: {
  document: FlagDocumentSource;
  ofrep: OfrepOptions;
}): FeatureFlagStore {
  const load = async (signal?: AbortSignal) => {
    const { text, version } = await options.document.read(signal);
    try {
      return { document: parseFlagDocument(text), version };
    } catch (error) {
      if (error instanceof FlagDocumentError) {
        throw new SourceUnavailableError("feature-flags", `${options.document.describe()}: ${error.message}`);
      }
      throw error;
    }
  };
  return {
    async read(key, signal) {
      const { document, version } = await load(signal);
      const flag = flagOf(document, key);
      return flag ? { flag, version } : null;
    },
    async write(flag, { version, signal }) {
      const { document } = await load(signal);
      const written = await options.document.write(formatFlagDocument(withFlag(document, flag)), {
        version,
        key: flag.key,
        ...(signal ? { signal } : {}),
      });
      return { flag, version: written.version };
    },
    evaluate: (key, signal) => evaluateOfrepFlag(options.ofrep, key, signal),
  };
}
