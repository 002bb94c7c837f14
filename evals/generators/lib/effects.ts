import { type Effect, MULTIPLICATIVE } from "./model.ts";

function smooth(x: number): number {
  const c = Math.min(1, Math.max(0, x));
  return c * c * (3 - 2 * c);
}

function rise(effect: Effect, t: number): number {
  if (t < effect.at) return 0;
  if (effect.growth === "linear") return (t - effect.at) / 3600;
  const ramp = effect.ramp ?? 60;
  return ramp <= 0 ? 1 : smooth((t - effect.at) / ramp);
}

/** How much of an effect is present at `t`: 0 before it, ramping to 1, decaying after `until`. */
export function strength(effect: Effect, t: number): number {
  if (effect.until === undefined || t <= effect.until) return rise(effect, t);
  const held = rise(effect, effect.until);
  const recover = effect.recover ?? 60;
  if (recover <= 0) return 0;
  return held * (1 - smooth((t - effect.until) / recover));
}

export interface EffectIndex {
  value(service: string, channel: string, t: number): number;
  list(service: string, channel: string): Effect[];
}

export function createEffectIndex(effects: Effect[]): EffectIndex {
  const byKey = new Map<string, Effect[]>();
  for (const effect of effects) {
    const key = `${effect.service}|${effect.channel}`;
    const list = byKey.get(key) ?? [];
    list.push(effect);
    byKey.set(key, list);
  }
  return {
    list: (service, channel) => byKey.get(`${service}|${channel}`) ?? [],
    value(service, channel, t) {
      const list = byKey.get(`${service}|${channel}`);
      const multiplicative = MULTIPLICATIVE.has(channel);
      if (!list) return multiplicative ? 1 : 0;
      let out = multiplicative ? 1 : 0;
      for (const effect of list) {
        const s = strength(effect, t);
        if (multiplicative) out *= 1 + (effect.value - 1) * s;
        else out += effect.value * s;
      }
      return out;
    },
  };
}
