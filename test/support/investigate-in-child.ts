/**
 * Runs one incident's investigation in a separate process whose logs investigator never returns,
 * so a test can kill the process in the middle of the investigation (after triage was checkpointed)
 * and check that another process resumes it. Arguments: database URL, incident id, case file.
 */
import { loadReplayCase } from "../../integrations/replay/load-replay-case.ts";
import { defaultInvestigators } from "../../src/agent/create-investigation.ts";
import type { Investigator } from "../../src/agent/investigators/investigator.ts";
import { openDatabase } from "../../src/store/open-database.ts";
import { createCaseInvestigation } from "./investigation-fixture.ts";

const [url, incidentId, caseFile] = process.argv.slice(2) as [string, string, string];
const hanging: Investigator = { name: "logs", run: () => new Promise(() => {}) };
const investigators = [...defaultInvestigators().filter((item) => item.name !== "logs"), hanging];
const database = openDatabase({ url, poolSize: 4 });
const { investigate } = await createCaseInvestigation(database, await loadReplayCase(caseFile), {
  investigators,
  deadlineMs: 600_000,
});
process.stdout.write("started\n");
await investigate(incidentId);
