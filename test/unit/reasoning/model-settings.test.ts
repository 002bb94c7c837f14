import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ChatAnthropic } from "@langchain/anthropic";
import { ChatOllama } from "@langchain/ollama";
import { ChatOpenAI } from "@langchain/openai";
import { afterAll, describe, expect, it } from "vitest";
import { createChatModel } from "../../../integrations/models/create-chat-model.ts";
import { priceOf } from "../../../integrations/models/prices.ts";
import { ConfigError, loadConfig } from "../../../src/config/index.ts";

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function withConfig(yaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), "vigil-model-config-"));
  made.push(dir);
  writeFileSync(join(dir, "vigil.yaml"), yaml);
  return dir;
}

function problemsOf(load: () => unknown): string[] {
  try {
    load();
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  throw new Error("expected loadConfig to refuse the configuration");
}

describe("the model: section", () => {
  it("is null without a model: section, so the analysis stays deterministic", () => {
    expect(loadConfig({ env: {}, cwd: withConfig("services: []\n") }).model).toBeNull();
  });

  it("fills in the limits and takes the key from VIGIL_MODEL_API_KEY before the provider's variable", () => {
    const cwd = withConfig("model:\n  provider: openai\n  model: gpt-4o-mini\n");
    const config = loadConfig({ env: { VIGIL_MODEL_API_KEY: "sk-vigil", OPENAI_API_KEY: "sk-openai" }, cwd });
    expect(config.model).toEqual({
      provider: "openai",
      model: "gpt-4o-mini",
      baseUrl: null,
      apiKey: "sk-vigil",
      limits: {
        maxSteps: 6,
        maxCalls: 10,
        maxInputTokens: 100_000,
        maxOutputTokens: 8_000,
        timeoutMs: 60_000,
      },
      temperature: 0,
      price: null,
    });
    expect(loadConfig({ env: { OPENAI_API_KEY: "sk-openai" }, cwd }).model?.apiKey).toBe("sk-openai");
  });

  it("accepts a local OpenAI-compatible server without a key", () => {
    const cwd = withConfig(
      "model:\n  provider: openai\n  model: qwen2.5\n  baseUrl: http://localhost:8000/v1\n  maxSteps: 3\n  price: { inputPerMillion: 0, outputPerMillion: 0 }\n",
    );
    expect(loadConfig({ env: {}, cwd }).model).toMatchObject({
      baseUrl: "http://localhost:8000/v1",
      apiKey: null,
      limits: { maxSteps: 3 },
      price: { inputPerMillion: 0, outputPerMillion: 0 },
    });
  });

  it("refuses a hosted provider without a key, an API key in the file, and a misspelt limit", () => {
    expect(
      problemsOf(() =>
        loadConfig({
          env: {},
          cwd: withConfig("model:\n  provider: anthropic\n  model: claude-sonnet-4-5\n"),
        }),
      ),
    ).toEqual([
      "model: provider anthropic needs VIGIL_MODEL_API_KEY or ANTHROPIC_API_KEY (or a baseUrl of a server that needs no key)",
    ]);
    const problems = problemsOf(() =>
      loadConfig({
        env: { VIGIL_MODEL_API_KEY: "k" },
        cwd: withConfig("model:\n  provider: openai\n  model: m\n  apiKey: sk-in-file\n  maxStep: 3\n"),
      }),
    );
    expect(problems.join("\n")).toMatch(/model: Unrecognized keys: "apiKey", "maxStep"/);
  });
});

describe("createChatModel", () => {
  const limits = {
    maxSteps: 6,
    maxCalls: 10,
    maxInputTokens: 1_000,
    maxOutputTokens: 1_000,
    timeoutMs: 1_000,
  };
  const settings = { model: "m", baseUrl: null, apiKey: "k", limits, temperature: 0, price: null };

  it("builds LangChain's client for each provider with the reply length capped per call", () => {
    const openai = createChatModel({
      ...settings,
      provider: "openai",
      baseUrl: "http://127.0.0.1:9/v1",
    }).chat({ maxOutputTokens: 123, timeoutMs: 1_000 });
    expect(openai).toBeInstanceOf(ChatOpenAI);
    expect((openai as ChatOpenAI).maxTokens).toBe(123);
    const anthropic = createChatModel({ ...settings, provider: "anthropic" }).chat({
      maxOutputTokens: 45,
      timeoutMs: 1_000,
    });
    expect(anthropic).toBeInstanceOf(ChatAnthropic);
    expect((anthropic as ChatAnthropic).maxTokens).toBe(45);
    const ollama = createChatModel({ ...settings, provider: "ollama", apiKey: null }).chat({
      maxOutputTokens: 67,
      timeoutMs: 1_000,
    });
    expect(ollama).toBeInstanceOf(ChatOllama);
    expect((ollama as ChatOllama).baseUrl).toBe("http://127.0.0.1:11434");
  });

  it("warns once when it knows no price for the model", () => {
    const warnings: string[] = [];
    const model = createChatModel(
      { ...settings, provider: "openai", model: "my-finetune" },
      { warn: (message) => warnings.push(message) },
    );
    expect(model.price).toBeNull();
    expect(warnings).toEqual(["no price known for the model: its cost is counted as 0 and flagged unknown"]);
  });
});

describe("priceOf", () => {
  it("finds a dated snapshot's family by the longest prefix", () => {
    expect(priceOf({ provider: "openai", model: "gpt-4o-2024-08-06" })).toEqual({
      inputPerMillion: 2.5,
      outputPerMillion: 10,
    });
    expect(priceOf({ provider: "openai", model: "gpt-4o-mini" })).toEqual({
      inputPerMillion: 0.15,
      outputPerMillion: 0.6,
    });
    expect(priceOf({ provider: "anthropic", model: "claude-sonnet-4-5-20250929" })).toEqual({
      inputPerMillion: 3,
      outputPerMillion: 15,
    });
  });

  it("knows no price for unknown models or other OpenAI-compatible servers, and none is owed to Ollama", () => {
    expect(priceOf({ provider: "openai", model: "gpt-4o-mini", baseUrl: "http://vllm:8000/v1" })).toBeNull();
    expect(
      priceOf({ provider: "openai", model: "gpt-4o-mini", baseUrl: "https://api.openai.com/v1" }),
    ).not.toBeNull();
    expect(priceOf({ provider: "anthropic", model: "claude-next" })).toBeNull();
    expect(priceOf({ provider: "ollama", model: "llama3.1" })).toEqual({
      inputPerMillion: 0,
      outputPerMillion: 0,
    });
    expect(
      priceOf({ provider: "openai", model: "x", override: { inputPerMillion: 1, outputPerMillion: 2 } }),
    ).toEqual({ inputPerMillion: 1, outputPerMillion: 2 });
  });
});
