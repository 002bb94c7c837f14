import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createGithubChangeSource } from "../../integrations/github/create-github-change-source.ts";
import type { ChangeSource } from "../../src/ports/change-source.ts";
import { SourceUnavailableError } from "../../src/ports/source-errors.ts";
import { findFreePort } from "../../src/store/find-free-port.ts";
import { describeChangeSourceContract } from "../support/contracts/index.ts";
import {
  type FakeGithub,
  type FakeGithubDeploymentInput,
  githubReposFor,
  startFakeGithub,
} from "../support/fake-github.ts";

describeChangeSourceContract(
  "GitHub deployments",
  async (fixture) => {
    const { repos, mappings, idOf } = githubReposFor(fixture.changes);
    const github = await startFakeGithub({ repos });
    const source = createGithubChangeSource({ url: github.url, token: github.token, repos: mappings });
    return { source: renamed(source, idOf), close: () => github.stop() };
  },
  async () => ({
    source: createGithubChangeSource({
      url: `http://127.0.0.1:${await findFreePort()}`,
      repos: [{ repo: "acme/shop", service: "checkout" }],
      retries: 0,
    }),
    close: async () => {},
  }),
);

function renamed(source: ChangeSource, idOf: Map<string, string>): ChangeSource {
  return {
    list: async (range, signal) =>
      (await source.list(range, signal)).map((change) => ({
        ...change,
        id: idOf.get(change.id) ?? change.id,
      })),
  };
}

const T = Date.parse("2024-05-01T10:00:00Z");
const iso = (minutes: number) => new Date(T + minutes * 60_000).toISOString().replace(/\.\d{3}Z$/, "Z");
const window = { start: T / 1000, end: T / 1000 + 3 * 3600 };

describe("GitHub change source", () => {
  let github: FakeGithub;
  beforeAll(async () => {
    const history: FakeGithubDeploymentInput[] = [];
    // 250 older production deploys (three pages of 100), then the ones in the window.
    for (let index = 0; index < 250; index++) {
      history.push({ id: index + 1, ref: `v1.0.${index}`, createdAt: iso(-24 * 60 - 250 + index) });
    }
    history.push(
      {
        id: 300,
        ref: "v1.1.0",
        createdAt: iso(10),
        creator: "dana",
        description: "Release v1.1.0",
        statuses: [
          { state: "in_progress", createdAt: iso(10) },
          { state: "success", createdAt: iso(14) },
        ],
      },
      { id: 301, ref: "v1.1.1", createdAt: iso(30), statuses: [{ state: "failure", createdAt: iso(32) }] },
      { id: 302, ref: "v1.1.2", environment: "staging", createdAt: iso(40) },
      {
        id: 303,
        ref: "a".repeat(40),
        createdAt: iso(60),
        task: "deploy:migrations",
        statuses: [{ state: "in_progress", createdAt: iso(61) }],
      },
    );
    github = await startFakeGithub({ repos: { "acme/checkout": history } });
  });
  afterAll(async () => {
    await github.stop();
  });
  afterEach(() => {
    github.requests.length = 0;
  });
  const source = (environment?: string) =>
    createGithubChangeSource({
      url: github.url,
      token: github.token,
      repos: [
        {
          repo: "acme/checkout",
          service: "checkout",
          namespace: "shop",
          ...(environment ? { environment } : {}),
        },
      ],
    });

  it("dates each deployment by its first success, skips failed ones and takes `from` from the one before", async () => {
    const changes = await source("production").list(window);
    expect(changes).toEqual([
      {
        id: "gh-deploy-300",
        kind: "deploy",
        service: "checkout",
        namespace: "shop",
        at: iso(14),
        from: "v1.0.249",
        to: "v1.1.0",
        author: "dana",
        summary: "Release v1.1.0",
        origin: "github",
      },
      expect.objectContaining({
        id: "gh-deploy-303",
        kind: "migration",
        at: iso(60),
        from: "v1.1.0",
        to: "aaaaaaa",
      }),
    ]);
  });

  it("stops paging once a page reaches before the range", async () => {
    await source("production").list(window);
    const pages = github.requests.filter((request) => request.path.endsWith("/deployments"));
    expect(pages).toHaveLength(1);
    expect(pages[0]?.query).toEqual({ per_page: "100", environment: "production" });
    await source().list({ start: T / 1000 - 24 * 3600 - 300 * 60, end: window.end });
    const deeper = github.requests.filter((request) => request.path.endsWith("/deployments"));
    expect(deeper.map((request) => request.query.page)).toEqual([undefined, undefined, "2", "3"]);
  });

  it("sends the token, the API version and a user agent", async () => {
    await source("staging").list(window);
    expect(github.requests[0]?.headers).toEqual({
      authorization: `Bearer ${github.token}`,
      accept: "application/vnd.github+json",
      "x-github-api-version": "2022-11-28",
      "user-agent": "vigil",
    });
  });

  it("answers SourceUnavailableError for refused credentials and for a repository it cannot see", async () => {
    const refused = createGithubChangeSource({
      url: github.url,
      token: "nope",
      repos: [{ repo: "acme/checkout", service: "checkout" }],
    });
    await expect(refused.list(window)).rejects.toThrow(/Bad credentials/);
    const hidden = createGithubChangeSource({
      url: github.url,
      token: github.token,
      repos: [{ repo: "acme/secret", service: "x" }],
    });
    await expect(hidden.list(window)).rejects.toBeInstanceOf(SourceUnavailableError);
    await expect(hidden.list(window)).rejects.toThrow(/cannot see it/);
  });

  it("answers SourceUnavailableError when the rate limit is spent", async () => {
    const limited = await startFakeGithub({ repos: { "acme/checkout": [] }, rateLimitRemaining: 0 });
    try {
      const client = createGithubChangeSource({
        url: limited.url,
        token: limited.token,
        repos: [{ repo: "acme/checkout", service: "checkout" }],
      });
      await expect(client.list(window)).rejects.toThrow(/rate limit exceeded/);
    } finally {
      await limited.stop();
    }
  });
});
