// Shared set-up for the GitHub layer's tests: a fake API on 127.0.0.1 and a client for it.

import { createClient, type GitHubClient } from '../../src/github/client.js';
import { startFakeGitHub, type FakeGitHub, type FakeGitHubOptions } from '../e2e/fake-github.js';

export const REPO = { owner: 'acme', repo: 'edge' };
export const BASE = '1'.repeat(40);
export const HEAD = '2'.repeat(40);

export async function fakeWithClient(options: FakeGitHubOptions = {}): Promise<{ fake: FakeGitHub; client: GitHubClient; warnings: string[] }> {
  const fake = await startFakeGitHub(options);
  const warnings: string[] = [];
  const client = createClient('test-token-123', { baseUrl: fake.url, retryBaseMs: 1, warn: (m) => warnings.push(m) });
  return { fake, client, warnings };
}
