import type { PodPlan, ServiceDef } from "../model.ts";
import type { World } from "../world.ts";
import { podCumulative, type SeriesOut } from "./series.ts";

export const MIB = 1024 * 1024;
export const GIB = 1024 * MIB;

export const keep = (list: Array<SeriesOut | null>) => list.filter((s): s is SeriesOut => s !== null);

/** The pod an exporter scrapes for a StatefulSet: its `-0` replica. */
export function primary(world: World, svc: ServiceDef): PodPlan | undefined {
  return world.podsOf(svc.name).find((p) => p.name.endsWith("-0")) ?? world.podsOf(svc.name)[0];
}

/** A counter accumulated from a rate over the grid, for one pod (resets with the container). */
export function rateCounter(world: World, pod: PodPlan, rate: (t: number) => number, startValue: number) {
  return podCumulative(
    world,
    pod,
    1,
    (t, dt) => [Math.max(0, rate(t)) * dt],
    () => [startValue],
  );
}
