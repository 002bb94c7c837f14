import type { RcaDocument } from "../domain/rca.ts";
import type { AlertContext } from "./investigation-scope.ts";

/** What the investigation runner needs from storage; `src/store` implements it over Postgres. */
export interface InvestigationRepository {
  /** The incident's alerts, oldest first; empty when the incident does not exist. */
  alertsOf(incidentId: string): Promise<AlertContext[]>;
  /**
   * Stores the RCA once: a second save for the same incident (a resumed run) changes nothing and
   * returns false. The `rca.created` audit event is written in the same transaction.
   */
  saveRca(rca: RcaDocument): Promise<boolean>;
  audit(incidentId: string, type: string, data: Record<string, unknown>): Promise<void>;
}
