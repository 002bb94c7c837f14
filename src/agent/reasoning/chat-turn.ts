/** A tool call as the model asked for it. */
export interface ToolCallRequest {
  id: string;
  name: string;
  args: Record<string, unknown>;
}

/**
 * One message of a conversation with the model, in Vigil's own terms; `call-model.ts` redacts it
 * and turns it into LangChain's message classes at the last moment.
 */
export type ChatTurn =
  | { role: "system" | "user"; text: string }
  | { role: "assistant"; text: string; toolCalls: ToolCallRequest[] }
  | { role: "tool"; toolCallId: string; text: string };
