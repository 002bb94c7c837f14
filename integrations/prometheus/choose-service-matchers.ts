import type { Labels } from "../../src/ports/metrics-source.ts";
import { escapeRegex, type LabelMatcher } from "./promql-selectors.ts";

/** Labels that commonly name a workload, tried after the ones that identified it. */
const COMMON_KEYS = [
  "service",
  "app_kubernetes_io_name",
  "app",
  "deployment",
  "statefulset",
  "daemonset",
  "cronjob",
  "job",
  "container",
  "exported_service",
  "exported_container",
  "exported_pod",
  "pod",
];
/** A regex alternation longer than this makes queries unwieldy; such a label is not used. */
const MAX_VALUES = 100;

interface Candidate {
  matchers: LabelMatcher[];
  strays: number;
}

/**
 * Real label matchers that select a service's series of one metric, for a query written with the
 * virtual `service` label: the catalog's matchers, or one label whose values cover every member
 * series and no other series of the metric. When nothing is exact, the candidate that covers every
 * member with the fewest strays; null when no label covers them all.
 */
export function chooseServiceMatchers(
  members: readonly Labels[],
  others: readonly Labels[],
  preferredKeys: readonly string[],
  catalogMatchers: Labels | null,
): LabelMatcher[] | null {
  const candidates: Candidate[] = [];
  if (catalogMatchers && members.every((labels) => matchesAll(labels, catalogMatchers))) {
    const matchers = Object.entries(catalogMatchers).map(([label, value]) => ({
      label,
      op: "=" as const,
      value,
    }));
    candidates.push({
      matchers,
      strays: others.filter((labels) => matchesAll(labels, catalogMatchers)).length,
    });
  }
  const keys = new Set([...preferredKeys, ...COMMON_KEYS, ...sharedKeys(members)]);
  for (const key of keys) {
    const values = new Set<string>();
    for (const labels of members) {
      const value = labels[key];
      if (value) values.add(value);
      else {
        values.clear();
        break;
      }
    }
    if (values.size === 0 || values.size > MAX_VALUES) continue;
    const strays = others.filter((labels) => values.has(labels[key] ?? "")).length;
    candidates.push({ matchers: [matcherFor(key, [...values])], strays });
  }
  const exact = candidates.find((candidate) => candidate.strays === 0);
  if (exact) return exact.matchers;
  const fewest = candidates.sort((a, b) => a.strays - b.strays)[0];
  return fewest?.matchers ?? null;
}

function matcherFor(label: string, values: string[]): LabelMatcher {
  const sorted = values.sort();
  return sorted.length === 1
    ? { label, op: "=", value: sorted[0] as string }
    : { label, op: "=~", value: sorted.map(escapeRegex).join("|") };
}

function matchesAll(labels: Labels, wanted: Labels): boolean {
  return Object.entries(wanted).every(([key, value]) => labels[key] === value);
}

function sharedKeys(members: readonly Labels[]): string[] {
  const first = members[0];
  if (!first) return [];
  return Object.keys(first)
    .filter((key) => key !== "__name__" && members.every((labels) => labels[key]))
    .sort();
}
