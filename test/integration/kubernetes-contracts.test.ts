import { createKubernetesChangeSource } from "../../integrations/kubernetes/create-kubernetes-change-source.ts";
import { createKubernetesClient } from "../../integrations/kubernetes/create-kubernetes-client.ts";
import type { ChangeSource } from "../../src/ports/change-source.ts";
import { findFreePort } from "../../src/store/find-free-port.ts";
import { describeChangeSourceContract, describeClusterReaderContract } from "../support/contracts/index.ts";
import {
  type FakeKubernetesObject,
  rolloutObjectsFor,
  startFakeKubernetesApi,
} from "../support/fake-kubernetes-api.ts";

const unreachable = async () =>
  createKubernetesClient({ url: `http://127.0.0.1:${await findFreePort()}`, timeoutMs: 2_000 });

describeClusterReaderContract(
  "Kubernetes API",
  async (fixture) => {
    const api = await startFakeKubernetesApi({ objects: fixture.objects as FakeKubernetesObject[] });
    return { source: createKubernetesClient({ url: api.url, token: api.token }), close: () => api.stop() };
  },
  async () => ({ source: await unreachable(), close: async () => {} }),
);

describeChangeSourceContract(
  "Kubernetes rollout history",
  async (fixture) => {
    const { objects, idOf } = rolloutObjectsFor(fixture.changes);
    const api = await startFakeKubernetesApi({ objects });
    const cluster = createKubernetesClient({ url: api.url, token: api.token });
    return { source: renamed(createKubernetesChangeSource({ cluster }), idOf), close: () => api.stop() };
  },
  async () => ({
    source: createKubernetesChangeSource({ cluster: await unreachable() }),
    close: async () => {},
  }),
);

/** The adapter names its changes its own way; the contract asks for the recording's ids. */
function renamed(source: ChangeSource, idOf: Map<string, string>): ChangeSource {
  return {
    list: async (range, signal) =>
      (await source.list(range, signal)).map((change) => ({
        ...change,
        id: idOf.get(change.id) ?? change.id,
      })),
  };
}
