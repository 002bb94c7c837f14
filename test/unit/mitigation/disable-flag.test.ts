import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createConfigMapFlagSource } from "../../../integrations/flagd/create-config-map-flag-source.ts";
import { createFileFlagSource } from "../../../integrations/flagd/create-file-flag-source.ts";
import { createFlagdFlagStore } from "../../../integrations/flagd/create-flagd-flag-store.ts";
import { formatFlagDocument } from "../../../integrations/flagd/flagd-document.ts";
import { CATALOG_ACTIONS } from "../../../src/mitigation/actions/catalog-actions.ts";
import { FeatureFlagConflictError } from "../../../src/ports/feature-flags.ts";
import { type FakeFlagd, startFakeFlagd } from "../../support/fake-flagd.ts";
import { createInMemoryCluster } from "../../support/in-memory-cluster.ts";
import { executePorts, planPorts, request } from "./cluster-fixtures.ts";

const DEFINITIONS = {
  $schema: "https://flagd.dev/schema/v0/flags.json",
  flags: {
    "pricing-dynamic-bundles": {
      state: "ENABLED",
      variants: { on: true, off: false },
      defaultVariant: "on",
      targeting: { if: [{ "==": [{ var: "tier" }, "beta"] }, "on", "off"] },
      metadata: { owner: "pricing" },
    },
    "checkout-theme": {
      state: "ENABLED",
      variants: { blue: "blue", green: "green" },
      defaultVariant: "green",
    },
  },
};

const FLAG = { kind: "FeatureFlag" as const, name: "pricing-dynamic-bundles" };

describe("disable-flag through flagd", () => {
  let flagd: FakeFlagd | undefined;
  afterEach(async () => {
    await flagd?.stop();
    flagd = undefined;
  });

  async function setUp() {
    const memory = createInMemoryCluster([
      {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: "flagd-flags", namespace: "flags" },
        data: { "flags.flagd.json": formatFlagDocument(DEFINITIONS) },
      },
    ]);
    const definitions = () =>
      String(
        (memory.object("ConfigMap", "flags", "flagd-flags")!.data as Record<string, string>)[
          "flags.flagd.json"
        ],
      );
    flagd = await startFakeFlagd(definitions);
    const flags = createFlagdFlagStore({
      document: createConfigMapFlagSource({
        cluster: memory.cluster,
        namespace: "flags",
        name: "flagd-flags",
        key: "flags.flagd.json",
      }),
      ofrep: { url: flagd.url },
    });
    return { memory, flags, definitions };
  }

  it("serves the off variant after apply, confirmed through OFREP, and undo restores the definitions", async () => {
    const { memory, flags, definitions } = await setUp();
    const draft = await CATALOG_ACTIONS["disable-flag"].plan(request(FLAG), planPorts(memory, { flags }));
    expect(draft.summary).toBe("Disable feature flag pricing-dynamic-bundles (serve variant off)");
    expect(draft.changes).toContainEqual({
      path: "flag pricing-dynamic-bundles.defaultVariant",
      before: "on",
      after: "off",
    });

    const applied = await CATALOG_ACTIONS["disable-flag"].apply(
      draft.record!,
      executePorts(memory, { flags }),
    );

    expect(applied).toMatchObject({ ok: true, detail: "flagd serves off (STATIC)" });
    expect(flagd?.requests.map((asked) => asked.key)).toContain("pricing-dynamic-bundles");
    const off = JSON.parse(definitions()).flags["pricing-dynamic-bundles"];
    expect(off).toEqual({
      state: "ENABLED",
      variants: { on: true, off: false },
      defaultVariant: "off",
      metadata: { owner: "pricing" },
    });

    const undone = await CATALOG_ACTIONS["disable-flag"].undo(draft.record!, executePorts(memory, { flags }));
    expect(undone).toMatchObject({ ok: true });
    expect(JSON.parse(definitions())).toEqual(DEFINITIONS);
  });

  it("sets a flag without an off variant to DISABLED", async () => {
    const { memory, flags } = await setUp();
    const draft = await CATALOG_ACTIONS["disable-flag"].plan(
      request({ kind: "FeatureFlag", name: "checkout-theme" }),
      planPorts(memory, { flags }),
    );
    const applied = await CATALOG_ACTIONS["disable-flag"].apply(
      draft.record!,
      executePorts(memory, { flags }),
    );
    expect(applied).toMatchObject({ ok: true, detail: "flagd serves no value (DISABLED)" });
  });

  it("writes nothing when the definitions changed between plan and apply (409)", async () => {
    const { memory, flags, definitions } = await setUp();
    const draft = await CATALOG_ACTIONS["disable-flag"].plan(request(FLAG), planPorts(memory, { flags }));
    memory.conflictOnce("ConfigMap", "flags", "flagd-flags");
    const before = definitions();

    const applied = await CATALOG_ACTIONS["disable-flag"].apply(
      draft.record!,
      executePorts(memory, { flags }),
    );

    expect(applied).toMatchObject({ ok: false, failure: "conflict" });
    expect(definitions()).toBe(before);
  });

  it("refuses to plan without a flag store, for a flag that does not exist, or one already off", async () => {
    const { memory, flags } = await setUp();
    expect((await CATALOG_ACTIONS["disable-flag"].plan(request(FLAG), planPorts(memory))).record).toBeNull();
    const missing = await CATALOG_ACTIONS["disable-flag"].plan(
      request({ kind: "FeatureFlag", name: "nope" }),
      planPorts(memory, { flags }),
    );
    expect(missing.preconditions).toEqual([{ description: "flag nope exists", ok: false }]);
    const draft = await CATALOG_ACTIONS["disable-flag"].plan(request(FLAG), planPorts(memory, { flags }));
    await CATALOG_ACTIONS["disable-flag"].apply(draft.record!, executePorts(memory, { flags }));
    const again = await CATALOG_ACTIONS["disable-flag"].plan(request(FLAG), planPorts(memory, { flags }));
    expect(again.preconditions).toContainEqual(
      expect.objectContaining({ ok: false, detail: "it is already off" }),
    );
  });
});

describe("the file flag source", () => {
  it("refuses a write when the file changed since it was read", async () => {
    const dir = await mkdtemp(join(tmpdir(), "vigil-flags-"));
    try {
      const path = join(dir, "flags.json");
      await writeFile(path, formatFlagDocument(DEFINITIONS));
      const source = createFileFlagSource(path);
      const { version } = await source.read();
      await writeFile(path, formatFlagDocument({ flags: {} }));

      await expect(source.write("{}", { version, key: "x" })).rejects.toBeInstanceOf(
        FeatureFlagConflictError,
      );
      const current = await source.read();
      const written = await source.write(formatFlagDocument(DEFINITIONS), {
        version: current.version,
        key: "x",
      });
      expect(JSON.parse(await readFile(path, "utf8"))).toEqual(DEFINITIONS);
      expect(written.version).not.toBe(current.version);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
