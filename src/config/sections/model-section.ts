import { z } from "zod";
import { ConfigError } from "../config-error.ts";
import type { VigilEnv } from "../env-schema.ts";
import { optionalString } from "../env-value.ts";

export const MODEL_PROVIDERS = ["openai", "anthropic", "ollama"] as const;
export type ModelProvider = (typeof MODEL_PROVIDERS)[number];

const count = (defaultValue: number, max: number) => z.number().int().min(1).max(max).default(defaultValue);

/**
 * `model:` in vigil.yaml. Strict, so that a misspelt limit is reported instead of silently using
 * the default, and so that an API key written into the file is refused: keys come from env only.
 */
export const modelFileSchema = z.strictObject({
  /** `openai` covers every OpenAI-compatible server (vLLM, LM Studio, Ollama's /v1) through `baseUrl`. */
  provider: z.enum(MODEL_PROVIDERS),
  model: z.string().min(1),
  baseUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** Follow-up loop steps: model turns that may call read-only tools. */
  maxSteps: count(6, 50),
  /** Model calls per investigation, follow-up steps, critique and narrative together. */
  maxCalls: count(10, 100),
  maxInputTokens: count(100_000, 10_000_000),
  maxOutputTokens: count(8_000, 1_000_000),
  /** Per call. */
  timeoutMs: count(60_000, 600_000),
  temperature: z.number().min(0).max(2).default(0),
  /** USD per million tokens; overrides the built-in price table (e.g. 0 for a local model). */
  price: z
    .strictObject({ inputPerMillion: z.number().min(0), outputPerMillion: z.number().min(0) })
    .optional(),
});

/** The env vars the model reads: one key for Vigil, or the provider's conventional variable. */
export const modelEnvShape = {
  VIGIL_MODEL_API_KEY: optionalString(),
  OPENAI_API_KEY: optionalString(),
  ANTHROPIC_API_KEY: optionalString(),
};

export type ModelFileSection = z.output<typeof modelFileSchema>;

export interface ModelLimits {
  maxSteps: number;
  maxCalls: number;
  maxInputTokens: number;
  maxOutputTokens: number;
  timeoutMs: number;
}

/** A configured model; `null` in `VigilConfig.model` means deterministic analysis only. */
export interface ModelSettings {
  provider: ModelProvider;
  model: string;
  /** null: the provider's default endpoint. */
  baseUrl: string | null;
  /** null: none given, which only a local server (a `baseUrl`, or Ollama) accepts. */
  apiKey: string | null;
  limits: ModelLimits;
  temperature: number;
  price: { inputPerMillion: number; outputPerMillion: number } | null;
}

export function resolveModelSettings(
  file: ModelFileSection | undefined,
  env: VigilEnv,
): ModelSettings | null {
  if (file === undefined) return null;
  const providerKey = file.provider === "openai" ? env.OPENAI_API_KEY : env.ANTHROPIC_API_KEY;
  const apiKey = env.VIGIL_MODEL_API_KEY ?? (file.provider === "ollama" ? undefined : providerKey) ?? null;
  // The hosted APIs refuse every call without a key; say so at start-up rather than at the first incident.
  if (apiKey === null && file.baseUrl === undefined && file.provider !== "ollama") {
    const variable = file.provider === "openai" ? "OPENAI_API_KEY" : "ANTHROPIC_API_KEY";
    const problem = `model: provider ${file.provider} needs VIGIL_MODEL_API_KEY or ${variable} (or a baseUrl of a server that needs no key)`;
    throw new ConfigError(`Invalid configuration:\n  ${problem}`, [problem]);
  }
  return {
    provider: file.provider,
    model: file.model,
    baseUrl: file.baseUrl ?? null,
    apiKey,
    limits: {
      maxSteps: file.maxSteps,
      maxCalls: file.maxCalls,
      maxInputTokens: file.maxInputTokens,
      maxOutputTokens: file.maxOutputTokens,
      timeoutMs: file.timeoutMs,
    },
    temperature: file.temperature,
    price: file.price ?? null,
  };
}
