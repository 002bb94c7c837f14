import type { IncidentDetail } from "../../src/store/create-incident-queries.ts";

export interface WebhookAnswer {
  incidentId: string | null;
  alerts: number;
  duplicate: boolean;
}

export interface ErrorAnswer {
  code: string;
  message: string;
  field?: string;
}

/** Response bodies typed as Vigil's API documents them (fetch types them `unknown`). */
export async function answerOf(response: Response): Promise<WebhookAnswer> {
  return (await response.json()) as WebhookAnswer;
}

export async function errorOf(response: Response): Promise<ErrorAnswer> {
  return ((await response.json()) as { error: ErrorAnswer }).error;
}

export async function incidentOf(response: Response): Promise<IncidentDetail> {
  return (await response.json()) as IncidentDetail;
}

/** The incident id of an answer that must have one. */
export function incidentIdOf(answer: WebhookAnswer): string {
  if (answer.incidentId === null) throw new Error("expected the delivery to belong to an incident");
  return answer.incidentId;
}
