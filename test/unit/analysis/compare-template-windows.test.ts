import { describe, expect, it } from "vitest";
import { compareTemplateWindows, poissonScore } from "../../../src/analysis/compare-template-windows.ts";

const repeat = (count: number, line: (i: number) => string) =>
  Array.from({ length: count }, (_, i) => line(i));

describe("compareTemplateWindows", () => {
  const baseline = [
    ...repeat(40, (i) => `level=info msg="served request" path=/cart duration=${10 + i}ms`),
    ...repeat(20, (i) => `level=info msg="cache refreshed" entries=${100 + i}`),
    ...repeat(2, (i) => `level=error msg="charge declined" order=${i}`),
  ];
  const incident = [
    ...repeat(40, (i) => `level=info msg="served request" path=/cart duration=${10 + i}ms`),
    ...repeat(2, (i) => `level=error msg="charge declined" order=${i}`),
    ...repeat(
      30,
      (i) => `level=error msg="query failed" err="pq: relation \\"orders_v2\\" does not exist" attempt=${i}`,
    ),
    {
      line: "FATAL: remaining connection slots are reserved for non-replication superuser connections",
      level: "error",
    },
  ];

  it("lists templates seen only in the incident window, errors first, with a sample and a cause", () => {
    const result = compareTemplateWindows(baseline, incident, { baselineSeconds: 600, incidentSeconds: 600 });
    expect(result.newTemplates.map((stat) => [stat.incidentCount, stat.level, stat.cause])).toEqual([
      [30, "error", "schema-migration"],
      [1, "fatal", "connection-pool-exhaustion"],
    ]);
    expect(result.newTemplates[0]).toMatchObject({
      baselineCount: 0,
      isError: true,
      sample: 'query failed: pq: relation "orders_v2" does not exist',
      template: "query failed: pq: relation <STR> does not exist",
    });
  });

  it("reports an error burst against the baseline error rate", () => {
    const { errorBurst } = compareTemplateWindows(baseline, incident, {
      baselineSeconds: 600,
      incidentSeconds: 600,
    });
    expect(errorBurst).toMatchObject({
      baselineErrors: 2,
      incidentErrors: 33,
      baselineTotal: 62,
      incidentTotal: 73,
    });
    expect(errorBurst.incidentRate).toBeCloseTo(33 / 600, 12);
    expect(errorBurst.score).toBeCloseTo(poissonScore(2, 33, 1), 12);
    expect(errorBurst.score).toBeGreaterThan(15);
  });

  it("reports templates whose rate jumped or collapsed, and scales by window length", () => {
    const result = compareTemplateWindows(baseline, incident, { baselineSeconds: 600, incidentSeconds: 600 });
    expect(result.jumps.map((jump) => [jump.template, jump.direction])).toEqual([
      ["cache refreshed", "down"],
    ]);
    const shortIncident = compareTemplateWindows(baseline, incident.slice(0, 10), {
      baselineSeconds: 600,
      incidentSeconds: 60,
    });
    expect(shortIncident.jumps.find((jump) => jump.template.startsWith("served request"))).toBeUndefined();
  });

  it("finds nothing new when the incident window repeats the baseline", () => {
    const result = compareTemplateWindows(baseline, baseline);
    expect(result.newTemplates).toEqual([]);
    expect(result.jumps).toEqual([]);
    expect(result.errorBurst.score).toBeLessThan(1);
  });
});

describe("poissonScore", () => {
  it("measures the surplus over the count the baseline rate predicts, in standard deviations", () => {
    expect(poissonScore(3.5, 8, 1)).toBe(2);
    expect(poissonScore(0, 0, 1)).toBeCloseTo(-Math.sqrt(0.5), 12);
  });
});
