import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One message of a chat completions request, as the OpenAI client sends it. */
export interface ChatMessage {
  role: "system" | "user" | "assistant" | "tool" | "developer";
  content: string | Array<{ type: string; text?: string }> | null;
  tool_calls?: Array<{ id: string; type: "function"; function: { name: string; arguments: string } }>;
  tool_call_id?: string;
}

export interface ChatCompletionRequest {
  model: string;
  messages: ChatMessage[];
  tools?: Array<{ type: "function"; function: { name: string; description?: string; parameters: unknown } }>;
  max_tokens?: number;
  max_completion_tokens?: number;
  temperature?: number;
  stream?: boolean;
  [key: string]: unknown;
}

export interface RecordedRequest {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** The raw body exactly as it arrived, for assertions that nothing slipped through. */
  raw: string;
  body: ChatCompletionRequest;
}

/** What the fake answers to one request. */
export interface FakeReply {
  content?: string | null;
  toolCalls?: Array<{ id?: string; name: string; arguments: Record<string, unknown> | string }>;
  /** Default: about a token per four characters of the request's messages and of the reply. */
  usage?: { promptTokens?: number; completionTokens?: number };
  finishReason?: string;
  /** An HTTP error instead of a completion. */
  status?: number;
  error?: string;
}

export type FakeScript = (request: RecordedRequest, index: number) => FakeReply | Promise<FakeReply>;

export interface FakeOpenAi {
  /** The OpenAI base URL to configure (`.../v1`). */
  baseUrl: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/**
 * A loopback server speaking OpenAI's chat completions protocol (`POST /v1/chat/completions`,
 * non-streaming): each request is recorded and answered by the test's script with content (plain
 * or JSON), tool calls, usage, or an HTTP error. Scripts that run past their replies answer 500,
 * so a test that expected fewer calls fails loudly.
 */
export async function startFakeOpenAi(script: FakeScript | FakeReply[]): Promise<FakeOpenAi> {
  const requests: RecordedRequest[] = [];
  const answer: FakeScript = Array.isArray(script)
    ? (_request, index) => script[index] ?? { status: 500, error: `the script has no reply ${index + 1}` }
    : script;
  const server = createServer((request, response) => {
    void handle(request, response).catch((error: unknown) => {
      response.writeHead(500, { "content-type": "application/json" });
      response.end(JSON.stringify({ error: { message: String(error), type: "fake_error" } }));
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    if (request.method !== "POST" || request.url !== "/v1/chat/completions") {
      response.writeHead(404, { "content-type": "application/json" });
      response.end(JSON.stringify({ error: { message: `no route ${request.method} ${request.url}` } }));
      return;
    }
    const recorded: RecordedRequest = {
      path: request.url,
      headers: request.headers,
      raw,
      body: JSON.parse(raw) as ChatCompletionRequest,
    };
    requests.push(recorded);
    const reply = await answer(recorded, requests.length - 1);
    if (reply.status !== undefined && reply.status >= 400) {
      response.writeHead(reply.status, { "content-type": "application/json" });
      response.end(
        JSON.stringify({ error: { message: reply.error ?? "scripted error", type: "server_error" } }),
      );
      return;
    }
    response.writeHead(200, { "content-type": "application/json" });
    response.end(JSON.stringify(completion(recorded.body, reply, requests.length)));
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function completion(body: ChatCompletionRequest, reply: FakeReply, serial: number) {
  const toolCalls = (reply.toolCalls ?? []).map((call, index) => ({
    id: call.id ?? `call_${serial}_${index}`,
    type: "function" as const,
    function: {
      name: call.name,
      arguments: typeof call.arguments === "string" ? call.arguments : JSON.stringify(call.arguments),
    },
  }));
  const content = reply.content === undefined ? (toolCalls.length > 0 ? null : "") : reply.content;
  const replyChars =
    (content ?? "").length + toolCalls.reduce((sum, call) => sum + call.function.arguments.length, 0);
  const promptTokens = reply.usage?.promptTokens ?? Math.ceil(JSON.stringify(body.messages).length / 4);
  const completionTokens = reply.usage?.completionTokens ?? Math.max(1, Math.ceil(replyChars / 4));
  return {
    id: `chatcmpl-fake-${serial}`,
    object: "chat.completion",
    created: 1_700_000_000 + serial,
    model: body.model,
    choices: [
      {
        index: 0,
        message: { role: "assistant", content, ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}) },
        finish_reason: reply.finishReason ?? (toolCalls.length > 0 ? "tool_calls" : "stop"),
        logprobs: null,
      },
    ],
    usage: {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
    },
  };
}

/** All text the request carried in its messages, in order. */
export function messageText(request: RecordedRequest): string {
  return request.body.messages
    .map((message) =>
      typeof message.content === "string"
        ? message.content
        : (message.content ?? []).map((part) => part.text ?? "").join(""),
    )
    .join("\n");
}

/** The evidence ids a request mentions, in order of first mention: what a model could cite. */
export function evidenceIdsIn(text: string): string[] {
  return [...new Set(text.match(/\bev-[a-z]{1,4}-[0-9a-f]{10}\b/g) ?? [])];
}
