import type { ModelPrice } from "../../src/agent/reasoning/reasoning-model.ts";

/**
 * List prices in USD per million tokens (input, output) of models people commonly point Vigil at,
 * keyed by model-name prefix so that dated snapshots (`gpt-4o-2024-08-06`,
 * `claude-sonnet-4-5-20250929`) find their family. The longest matching prefix wins, so
 * `gpt-4o-mini` is not priced as `gpt-4o`. Prices change: a `price:` in vigil.yaml overrides this.
 */
const PRICES: Record<"openai" | "anthropic", Record<string, [number, number]>> = {
  openai: {
    "gpt-4o": [2.5, 10],
    "gpt-4o-mini": [0.15, 0.6],
    "gpt-4.1": [2, 8],
    "gpt-4.1-mini": [0.4, 1.6],
    "gpt-4.1-nano": [0.1, 0.4],
    "gpt-5": [1.25, 10],
    "gpt-5-mini": [0.25, 2],
    "gpt-5-nano": [0.05, 0.4],
    o3: [2, 8],
    "o3-mini": [1.1, 4.4],
    "o4-mini": [1.1, 4.4],
  },
  anthropic: {
    "claude-opus-4": [15, 75],
    "claude-opus-4-1": [15, 75],
    "claude-opus-4-5": [5, 25],
    "claude-sonnet-4": [3, 15],
    "claude-sonnet-4-5": [3, 15],
    "claude-haiku-4-5": [1, 5],
    "claude-3-7-sonnet": [3, 15],
    "claude-3-5-haiku": [0.8, 4],
  },
};

export interface PriceLookup {
  provider: string;
  model: string;
  /** Non-null: the configured price, used as is. */
  override?: ModelPrice | null;
  /** The OpenAI-compatible endpoint in use; a server other than OpenAI's prices its models itself. */
  baseUrl?: string | null;
}

/**
 * The price of a model, or null when it is unknown (the caller counts it as free and says so).
 * Ollama runs on your own hardware: its tokens cost nothing per call.
 */
export function priceOf({
  provider,
  model,
  override = null,
  baseUrl = null,
}: PriceLookup): ModelPrice | null {
  if (override !== null) return override;
  if (provider === "ollama") return { inputPerMillion: 0, outputPerMillion: 0 };
  if (provider !== "openai" && provider !== "anthropic") return null;
  // vLLM or LM Studio may serve a model under an OpenAI name; OpenAI's list price says nothing there.
  if (provider === "openai" && baseUrl !== null && !new URL(baseUrl).hostname.endsWith("openai.com"))
    return null;
  const table = PRICES[provider];
  const name = model.toLowerCase().replace(/^(openai|anthropic)\//, "");
  const prefix = Object.keys(table)
    .filter((key) => name === key || name.startsWith(`${key}-`))
    .sort((a, b) => b.length - a.length)[0];
  const entry = prefix === undefined ? undefined : table[prefix];
  return entry === undefined ? null : { inputPerMillion: entry[0], outputPerMillion: entry[1] };
}
