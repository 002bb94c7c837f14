import type { Evidence } from "../../domain/evidence.ts";
import type { FollowUpQuery, ReasoningFallback } from "../../domain/model-reasoning.ts";
import type { ModelCaller } from "./call-model.ts";
import type { ChatTurn, ToolCallRequest } from "./chat-turn.ts";
import { FOLLOW_UP_TOOLS, type ToolOutcome } from "./follow-up-tools.ts";
import { followUpTask, SYSTEM_PROMPT } from "./prompts.ts";

/** Calls the critique and the narrative need after the loop; the loop stops early to leave them. */
export const CALLS_AFTER_FOLLOW_UP = 2;
const OUTPUT_TOKENS_PER_STEP = 1_000;
/** A model that asks for many tools in one turn gets the first few; the rest are answered as skipped. */
const TOOL_CALLS_PER_STEP = 4;

export type FollowUpResult =
  | { ok: true; evidence: Evidence[]; followUps: FollowUpQuery[]; steps: number }
  | { ok: false; fallback: ReasoningFallback; detail: string; followUps: FollowUpQuery[] };

/**
 * The bounded follow-up loop: the model reads the case file and may call read-only tools, turn by
 * turn, for at most `maxSteps` turns; a turn without tool calls ends it. It also ends, without
 * falling back, when fewer calls are left than the critique and the narrative need.
 */
export async function runFollowUpLoop(input: {
  caller: ModelCaller;
  caseFile: string;
  maxSteps: number;
  runTool: (call: ToolCallRequest) => Promise<ToolOutcome>;
}): Promise<FollowUpResult> {
  const turns: ChatTurn[] = [
    { role: "system", text: SYSTEM_PROMPT },
    { role: "user", text: `${input.caseFile}\n\n${followUpTask(input.maxSteps)}` },
  ];
  const evidence = new Map<string, Evidence>();
  const followUps: FollowUpQuery[] = [];
  let steps = 0;
  while (steps < input.maxSteps && input.caller.callsLeft() > CALLS_AFTER_FOLLOW_UP) {
    const reply = await input.caller.call("follow-up", turns, {
      tools: FOLLOW_UP_TOOLS,
      wantedOutputTokens: OUTPUT_TOKENS_PER_STEP,
    });
    if (!reply.ok) return { ok: false, fallback: reply.fallback, detail: reply.detail, followUps };
    steps += 1;
    turns.push({ role: "assistant", text: reply.text, toolCalls: reply.toolCalls });
    if (reply.toolCalls.length === 0) break;
    for (const [index, call] of reply.toolCalls.entries()) {
      if (index >= TOOL_CALLS_PER_STEP) {
        turns.push({ role: "tool", toolCallId: call.id, text: "Skipped: too many tool calls in one turn." });
        continue;
      }
      const outcome = await input.runTool(call);
      followUps.push(outcome.followUp);
      if (outcome.evidence) evidence.set(outcome.evidence.id, outcome.evidence);
      turns.push({ role: "tool", toolCallId: call.id, text: outcome.text });
    }
  }
  return { ok: true, evidence: [...evidence.values()], followUps, steps };
}
