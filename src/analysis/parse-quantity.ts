const SUFFIXES: Record<string, number> = {
  "": 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
  Ti: 1024 ** 4,
  m: 1e-3,
};

/** A Kubernetes resource quantity ("1280Mi", "1.5Gi", "500m", "2") as a number; null when it is not one. */
export function parseQuantity(text: string): number | null {
  const match = /^([0-9]+(?:\.[0-9]+)?)([a-zA-Z]{0,2})$/.exec(text.trim());
  if (!match) return null;
  const factor = SUFFIXES[match[2] ?? ""];
  return factor === undefined ? null : Number(match[1]) * factor;
}
