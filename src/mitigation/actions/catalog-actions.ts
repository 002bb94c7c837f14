import type { CatalogAction, CatalogActionName } from "./catalog-action.ts";
import { cordonNodeAction } from "./cordon-node.ts";
import { disableFlagAction } from "./disable-flag.ts";
import { failoverAction } from "./failover.ts";
import { restartAction } from "./restart.ts";
import { revertConfigAction } from "./revert-config.ts";
import { rollbackAction } from "./rollback.ts";
import { scaleOutAction } from "./scale-out.ts";

/** Every catalog action's plan/apply/verify/undo, by name. */
export const CATALOG_ACTIONS: Record<CatalogActionName, CatalogAction> = {
  rollback: rollbackAction,
  "revert-config": revertConfigAction,
  "disable-flag": disableFlagAction,
  "scale-out": scaleOutAction,
  restart: restartAction,
  "cordon-node": cordonNodeAction,
  failover: failoverAction,
};
