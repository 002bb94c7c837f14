import type { ReplayCase } from "../../integrations/replay/replay-case-schema.ts";

/**
 * The case as JSON a person can read and diff: the head indented, each recorded series, stream,
 * change, object and edge on a line of its own (indenting every sample would triple the size).
 */
export function formatReplayCase(replayCase: ReplayCase): string {
  const { sources, ...head } = replayCase;
  const headText = JSON.stringify(head, null, 2).replace(/\n}$/, "");
  const blocks = Object.entries(sources)
    .filter(([, entries]) => Array.isArray(entries))
    .map(([key, entries]) => {
      const lines = (entries as unknown[]).map((entry) => `      ${JSON.stringify(entry)}`);
      return lines.length === 0
        ? `    ${JSON.stringify(key)}: []`
        : `    ${JSON.stringify(key)}: [\n${lines.join(",\n")}\n    ]`;
    });
  const sourcesText = blocks.length === 0 ? "{}" : `{\n${blocks.join(",\n")}\n  }`;
  return `${headText},\n  "sources": ${sourcesText}\n}\n`;
}
