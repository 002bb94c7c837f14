import { serviceOf } from "../../src/analysis/index.ts";
import type { Labels, MetricsSource, Series } from "../../src/ports/metrics-source.ts";
import type { TimeRange } from "../../src/ports/time-range.ts";
import { chooseServiceMatchers } from "./choose-service-matchers.ts";
import {
  type CatalogService,
  createServiceIdentifier,
  exporterLabelKeys,
  type ServiceIdentity,
} from "./identify-service.ts";
import { matchesSelector } from "./matches-selector.ts";
import { escapeRegex, type LabelMatcher, mapSelectors, metricOf, type Selector } from "./promql-selectors.ts";

export interface ServiceLabelMappingOptions {
  source: MetricsSource;
  /** vigil.yaml `services[]`; entries with `labels` select their series by those matchers. */
  services?: readonly CatalogService[];
  /** How many (metric, service) translations to remember for queries. */
  memory?: number;
}

/** Labels that name a workload; a `{service="x"}` series lookup also asks each of them for x. */
const ALTERNATIVE_KEYS = [
  "job",
  "app",
  "app_kubernetes_io_name",
  "deployment",
  "statefulset",
  "daemonset",
  "container",
];
const SERVICE = "service";

interface MappedLabels {
  labels: Labels;
  identity: ServiceIdentity | null;
  /** `service` was set to the identified service: queries selecting it need translating. */
  changed: boolean;
  /** Any label was set or dropped, so two series may have become one. */
  altered: boolean;
}

/**
 * A `MetricsSource` whose series carry the `service` label the investigators expect, as replays do,
 * on data labelled the way real clusters label it. Each label set is identified (catalog first, then
 * the common workload labels, see `createServiceIdentifier`); where that names a different service
 * than the series' own labels would, or one where they name none, `service` is set to it. A query
 * that then selects `service="x"` on one metric is translated back to the real matchers learnt from
 * the series lookups, and a series lookup for `{service="x"}` also asks the catalog's matchers and
 * the common alternatives for x.
 */
export function createServiceLabelMapping(options: ServiceLabelMappingOptions): MetricsSource {
  const { source } = options;
  const catalog = options.services ?? [];
  const identify = createServiceIdentifier(catalog);
  const memory = options.memory ?? 50_000;
  const translations = new Map<string, LabelMatcher[]>();

  const mapLabels = (labels: Labels): MappedLabels => {
    const identity = identify(labels);
    const own = serviceOf(labels);
    if (identity?.service === own || (!identity && !own)) {
      return { labels: serviceFirst(labels), identity, changed: false, altered: false };
    }
    if (!identity) {
      // The labels name only the exporter: they go, and the series names no service.
      const dropped = new Set(exporterLabelKeys(labels));
      const kept = Object.fromEntries(Object.entries(labels).filter(([key]) => !dropped.has(key)));
      return { labels: kept, identity, changed: false, altered: dropped.size > 0 };
    }
    // Appended last, so a real label with the same value still names the service in selectors.
    const { [SERVICE]: _own, ...rest } = labels;
    return { labels: { ...rest, [SERVICE]: identity.service }, identity, changed: true, altered: true };
  };

  const remember = (key: string, matchers: LabelMatcher[]) => {
    translations.delete(key);
    translations.set(key, matchers);
    if (translations.size > memory) translations.delete(translations.keys().next().value as string);
  };

  const learn = (raw: Labels[], mapped: MappedLabels[]) => {
    const byMetric = new Map<string, number[]>();
    raw.forEach((labels, index) => {
      const name = labels.__name__;
      if (!name) return;
      const list = byMetric.get(name);
      if (list) list.push(index);
      else byMetric.set(name, [index]);
    });
    for (const [name, indices] of byMetric) {
      const changedServices = new Set(
        indices.flatMap((index) => (mapped[index]?.changed ? [mapped[index].labels[SERVICE] as string] : [])),
      );
      for (const service of changedServices) {
        const members = indices.filter((index) => serviceOf(mapped[index]?.labels ?? {}) === service);
        const memberSet = new Set(members);
        const others = indices.filter((index) => !memberSet.has(index)).map((index) => raw[index] as Labels);
        const identities = members.map((index) => mapped[index]?.identity ?? null);
        const preferred = [...new Set(identities.flatMap((identity) => identity?.keys ?? []))];
        const catalogMatchers =
          identities.find((identity) => identity?.catalogMatchers)?.catalogMatchers ?? null;
        const matchers = chooseServiceMatchers(
          members.map((index) => raw[index] as Labels),
          others,
          preferred,
          catalogMatchers,
        );
        if (matchers) remember(translationKey(name, service), matchers);
      }
    }
  };

  const translate = (selector: Selector): LabelMatcher[] | null => {
    const metric = metricOf(selector);
    const wanted = selector.matchers.find((matcher) => matcher.label === SERVICE && matcher.op === "=");
    if (!metric || !wanted) return null;
    const real = translations.get(translationKey(metric, wanted.value));
    if (!real) return null;
    const kept = selector.matchers.filter((matcher) => matcher !== wanted);
    const same = (a: LabelMatcher, b: LabelMatcher) =>
      a.label === b.label && a.op === b.op && a.value === b.value;
    return [...kept, ...real.filter((matcher) => !kept.some((other) => same(matcher, other)))];
  };

  const alternativesFor = (selector: Selector): Selector[] => {
    const wanted = selector.matchers.find((matcher) => matcher.label === SERVICE && matcher.op === "=");
    if (!wanted || wanted.value === "") return [];
    const kept = selector.matchers.filter((matcher) => matcher !== wanted);
    const service = wanted.value;
    const sets: LabelMatcher[][] = [
      ...catalog
        .filter((entry) => entry.name === service && Object.keys(entry.labels).length > 0)
        .map((entry) =>
          Object.entries(entry.labels).map(([label, value]) => ({ label, op: "=" as const, value })),
        ),
      ...ALTERNATIVE_KEYS.map((label) => [{ label, op: "=" as const, value: service }]),
      [{ label: "pod", op: "=~", value: `${escapeRegex(service)}-.+` }],
      [{ label: "job", op: "=~", value: `.+/${escapeRegex(service)}` }],
    ];
    return sets.map((set) => ({ metric: selector.metric, matchers: [...kept, ...set] }));
  };

  return {
    async queryRange(query: string, range: TimeRange, signal?: AbortSignal): Promise<Series[]> {
      const series = await source.queryRange(mapSelectors(query, translate), range, signal);
      return series.map((item) => ({ ...item, metric: mapLabels(item.metric).labels }));
    },

    async series(
      matchers: string[],
      range: Omit<TimeRange, "stepSeconds">,
      signal?: AbortSignal,
    ): Promise<Labels[]> {
      const asked: Selector[] = [];
      const expanded = new Set<string>();
      let understood = true;
      for (const matcher of matchers) {
        expanded.add(matcher);
        const before = asked.length;
        mapSelectors(matcher, (selector) => {
          asked.push(selector);
          for (const alternative of alternativesFor(selector)) {
            expanded.add(mapSelectors(matcher, () => alternative.matchers));
          }
          return null;
        });
        if (asked.length === before) understood = false;
      }
      const raw = await source.series([...expanded], range, signal);
      const mapped = raw.map(mapLabels);
      learn(raw, mapped);
      // The alternatives also bring series of other services (pods of "x-v2" for "x"): only what the
      // caller's selectors select on the mapped labels is theirs.
      const filter = understood && expanded.size > new Set(matchers).size;
      const selected = mapped
        .map((item) => item.labels)
        .filter(
          (labels) => !filter || asked.some((selector) => matchesSelector(effective(labels), selector)),
        );
      return mapped.some((item) => item.altered) ? distinct(selected) : selected;
    },
  };
}

/**
 * Prometheus answers with labels sorted by name; recordings list `service` first, the conventional
 * join key. Where a series has one, it leads again, so the investigators select by it (not by an
 * equal `job`) and their queries read as they do in a replay.
 */
function serviceFirst(labels: Labels): Labels {
  const own = labels[SERVICE];
  if (own === undefined) return labels;
  const { __name__: name, [SERVICE]: _own, ...rest } = labels;
  return name === undefined ? { [SERVICE]: own, ...rest } : { __name__: name, [SERVICE]: own, ...rest };
}

/** The label set as a lookup by service sees it: `service` is the service the investigators would name. */
function effective(labels: Labels): Labels {
  return { ...labels, [SERVICE]: serviceOf(labels) ?? "" };
}

function translationKey(metric: string, service: string): string {
  return `${metric}\u0000${service}`;
}

/** Two series that differed only in an exporter's `service` label are one series once it is replaced. */
function distinct(labelSets: Labels[]): Labels[] {
  const seen = new Set<string>();
  return labelSets.filter((labels) => {
    const key = JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
