import type { PodPlan, ServiceDef } from "../model.ts";
import type { Rng } from "../rng.ts";
import type { World } from "../world.ts";

export type Level = "debug" | "info" | "warn" | "error";

export interface LogContent {
  level?: Level;
  msg: string;
  fields?: Record<string, string | number | boolean>;
  /** Logger, class or caller, depending on the format. */
  logger?: string;
  /** A line that ignores the service's format (an access log, a stack trace line). */
  raw?: string;
}

export interface LogCtx {
  rng: Rng;
  t: number;
  pod: PodPlan;
  svc: ServiceDef;
  world: World;
  /** Services and resources this service calls. */
  peers: string[];
}

export interface LogTemplate {
  level: Level;
  weight: number;
  render: (c: LogCtx) => LogContent;
}

export function tpl(level: Level, weight: number, render: (c: LogCtx) => LogContent | string): LogTemplate {
  return {
    level,
    weight,
    render: (c) => {
      const out = render(c);
      return typeof out === "string" ? { msg: out } : out;
    },
  };
}
