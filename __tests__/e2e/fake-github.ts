// A fake of the slice of the GitHub REST API that lb-gate uses, served by node:http on
// 127.0.0.1: a pull request's files, contents by commit, blobs, reviews, issue comments
// (stateful), commit statuses and /user. It records every request, paginates like GitHub
// (Link headers) and can be scripted to fail (5xx, 403, rate limits) a number of times.

import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeUser {
  login: string;
  type?: 'User' | 'Bot';
}

export interface FakeReview {
  user: FakeUser | null;
  state: string;
  commit_id: string;
  author_association?: string;
}

export interface FakeComment {
  id: number;
  body: string;
  user: FakeUser;
}

export interface FakePullFile {
  filename: string;
  status: string;
  previous_filename?: string;
  sha?: string;
}

export interface Fault {
  method?: string;
  /** Matched against the request's pathname (decoded). */
  path: RegExp;
  status: number;
  /** How many matching requests fail; then the route answers normally. */
  times: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface RecordedRequest {
  method: string;
  /** Pathname, decoded. */
  path: string;
  query: Record<string, string>;
  body: unknown;
  authorization: string | undefined;
}

export interface StatusPost {
  sha: string;
  state: string;
  context: string;
  description?: string;
  target_url?: string;
}

export interface FakeGitHubOptions {
  owner?: string;
  repo?: string;
  pullNumber?: number;
  files?: FakePullFile[];
  /** Repository contents per commit sha: path → text. */
  commits?: Record<string, Record<string, string>>;
  reviews?: FakeReview[];
  comments?: FakeComment[];
  /** What GET /user answers; null answers 403 like an installation token. */
  viewer?: FakeUser | null;
  /** Who authors comments created through the API. */
  commenter?: FakeUser;
  /** Paths the contents API treats as over 1 MB (no content, only the blob sha). */
  largeFiles?: string[];
  /** Paths the contents API refuses as over 100 MB (403 too_large). */
  hugeFiles?: string[];
  /** Caps per_page to force pagination with few items. */
  maxPerPage?: number;
  faults?: Fault[];
}

export const ACTIONS_BOT: FakeUser = { login: 'github-actions[bot]', type: 'Bot' };

export function blobSha(text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

function userJson(user: FakeUser, id: number) {
  return { login: user.login, id, type: user.type ?? 'User' };
}

export class FakeGitHub {
  readonly requests: RecordedRequest[] = [];
  readonly statuses: StatusPost[] = [];
  comments: FakeComment[];
  reviews: FakeReview[];
  files: FakePullFile[];
  faults: Fault[];
  private server: Server | null = null;
  private port = 0;
  private nextCommentId = 1000;
  private readonly o: Required<Omit<FakeGitHubOptions, 'viewer'>> & { viewer: FakeUser | null };

  constructor(options: FakeGitHubOptions = {}) {
    this.o = {
      owner: 'acme',
      repo: 'edge',
      pullNumber: 7,
      files: [],
      commits: {},
      reviews: [],
      comments: [],
      viewer: null,
      commenter: ACTIONS_BOT,
      largeFiles: [],
      hugeFiles: [],
      maxPerPage: 100,
      faults: [],
      ...options,
    };
    this.comments = this.o.comments.map((c) => ({ ...c }));
    this.reviews = this.o.reviews;
    this.files = this.o.files;
    this.faults = this.o.faults.map((f) => ({ ...f }));
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        try {
          this.handle(req, res, Buffer.concat(chunks).toString('utf8'));
        } catch (err) {
          this.send(res, 599, { message: `fake server bug: ${(err as Error).message}` });
        }
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Recorded requests with this method, optionally only those whose path matches. */
  requestsTo(method: string, path?: RegExp): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && (!path || path.test(r.path)));
  }

  private send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const text = body === undefined ? '' : JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(text);
  }

  private paginate(res: ServerResponse, req: RecordedRequest, items: unknown[]): void {
    const perPage = Math.min(Number(req.query.per_page ?? 30) || 30, this.o.maxPerPage);
    const page = Math.max(1, Number(req.query.page ?? 1) || 1);
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const headers: Record<string, string> = {};
    if (page < last) {
      const link = (p: number) => `<${this.url}${req.path}?per_page=${perPage}&page=${p}>`;
      headers.link = `${link(page + 1)}; rel="next", ${link(last)}; rel="last"`;
    }
    this.send(res, 200, items.slice((page - 1) * perPage, page * perPage), headers);
  }

  private handle(raw: IncomingMessage, res: ServerResponse, bodyText: string): void {
    const url = new URL(raw.url ?? '/', 'http://127.0.0.1');
    let body: unknown;
    try {
      body = bodyText ? JSON.parse(bodyText) : undefined;
    } catch {
      body = bodyText;
    }
    const auth = raw.headers.authorization;
    const req: RecordedRequest = {
      method: raw.method ?? 'GET',
      path: url.pathname.split('/').map((s) => decodeURIComponent(s)).join('/'),
      query: Object.fromEntries(url.searchParams),
      body,
      authorization: typeof auth === 'string' ? auth : undefined,
    };
    this.requests.push(req);

    const fault = this.faults.find((f) => f.times > 0 && (!f.method || f.method === req.method) && f.path.test(req.path));
    if (fault) {
      fault.times--;
      this.send(res, fault.status, fault.body ?? { message: `scripted ${fault.status}` }, fault.headers);
      return;
    }
    this.route(req, res);
  }

  private route(req: RecordedRequest, res: ServerResponse): void {
    const { owner, repo, pullNumber } = this.o;
    const repoPrefix = `/repos/${owner}/${repo}`;
    const notFound = () => this.send(res, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
    let match: RegExpExecArray | null;

    if (req.method === 'GET' && req.path === '/user') {
      if (!this.o.viewer) return this.send(res, 403, { message: 'Resource not accessible by integration' });
      return this.send(res, 200, userJson(this.o.viewer, 1));
    }
    if (!req.path.startsWith(repoPrefix + '/')) return notFound();
    const rest = req.path.slice(repoPrefix.length);

    if (req.method === 'GET' && rest === `/pulls/${pullNumber}/files`) {
      return this.paginate(
        res,
        req,
        this.files.map((f) => ({ additions: 1, deletions: 1, changes: 2, ...f, sha: f.sha ?? this.headBlobSha(f.filename) })),
      );
    }
    if (req.method === 'GET' && rest === `/pulls/${pullNumber}/reviews`) {
      return this.paginate(
        res,
        req,
        this.reviews.map((r, i) => ({ id: 500 + i, ...r, user: r.user ? userJson(r.user, 100 + i) : null, body: '' })),
      );
    }
    if (rest === `/issues/${pullNumber}/comments`) {
      if (req.method === 'GET') return this.paginate(res, req, this.comments.map((c) => ({ ...c, user: userJson(c.user, 7) })));
      if (req.method === 'POST') {
        const text = (req.body as { body?: unknown } | undefined)?.body;
        if (typeof text !== 'string') return this.send(res, 422, { message: 'body is missing' });
        const comment: FakeComment = { id: this.nextCommentId++, body: text, user: this.o.commenter };
        this.comments.push(comment);
        return this.send(res, 201, { ...comment, user: userJson(comment.user, 7) });
      }
    }
    if (req.method === 'PATCH' && (match = /^\/issues\/comments\/(\d+)$/.exec(rest))) {
      const comment = this.comments.find((c) => c.id === Number(match![1]));
      const text = (req.body as { body?: unknown } | undefined)?.body;
      if (!comment) return notFound();
      if (typeof text !== 'string') return this.send(res, 422, { message: 'body is missing' });
      comment.body = text;
      return this.send(res, 200, { ...comment, user: userJson(comment.user, 7) });
    }
    if ((match = /^\/statuses\/([0-9a-f]+)$/.exec(rest)) && req.method === 'POST') {
      const b = (req.body ?? {}) as Partial<StatusPost>;
      if (!['success', 'failure', 'error', 'pending'].includes(String(b.state))) return this.send(res, 422, { message: 'bad state' });
      if (typeof b.description === 'string' && b.description.length > 140) return this.send(res, 422, { message: 'description is too long (maximum is 140 characters)' });
      this.statuses.push({ sha: match[1], state: b.state!, context: b.context ?? 'default', description: b.description, target_url: b.target_url });
      return this.send(res, 201, { id: this.statuses.length, state: b.state, context: b.context });
    }
    if ((match = /^\/contents(?:\/(.*))?$/.exec(rest)) && req.method === 'GET') {
      return this.contents(res, match[1] ?? '', req.query.ref);
    }
    if ((match = /^\/git\/blobs\/([0-9a-f]+)$/.exec(rest)) && req.method === 'GET') {
      for (const tree of Object.values(this.o.commits)) {
        for (const text of Object.values(tree)) {
          if (blobSha(text) === match[1]) {
            return this.send(res, 200, { sha: match[1], size: Buffer.byteLength(text), encoding: 'base64', content: Buffer.from(text).toString('base64') });
          }
        }
      }
      return notFound();
    }
    return notFound();
  }

  private headBlobSha(path: string): string | undefined {
    // The head commit is the last one declared: the PR files API reports blob shas at the head.
    const trees = Object.values(this.o.commits);
    const text = trees.length > 0 ? trees[trees.length - 1][path] : undefined;
    return text === undefined ? undefined : blobSha(text);
  }

  private contents(res: ServerResponse, path: string, ref: string | undefined): void {
    const tree = ref ? this.o.commits[ref] : undefined;
    if (!tree) return this.send(res, 404, { message: `No commit found for the ref ${ref ?? ''}` });
    const text = tree[path];
    if (text !== undefined) {
      if (this.o.hugeFiles.includes(path)) {
        return this.send(res, 403, { message: 'This API returns blobs up to 100 MB in size. The requested blob is too large to fetch via the API, but you can use the Git Data API.', errors: [{ resource: 'Blob', field: 'data', code: 'too_large' }] });
      }
      const large = this.o.largeFiles.includes(path);
      return this.send(res, 200, {
        type: 'file',
        name: path.split('/').pop(),
        path,
        sha: blobSha(text),
        size: Buffer.byteLength(text),
        encoding: large ? 'none' : 'base64',
        // GitHub wraps base64 at 60 columns; decoders must cope.
        content: large ? '' : (Buffer.from(text).toString('base64').match(/.{1,60}/g) ?? []).join('\n'),
      });
    }
    const prefix = path === '' ? '' : `${path}/`;
    const entries = new Map<string, { type: string; sha?: string }>();
    for (const [p, t] of Object.entries(tree)) {
      if (!p.startsWith(prefix)) continue;
      const [head, ...tail] = p.slice(prefix.length).split('/');
      entries.set(head, tail.length > 0 ? { type: 'dir' } : { type: 'file', sha: blobSha(t) });
    }
    if (entries.size === 0) return this.send(res, 404, { message: 'Not Found' });
    return this.send(
      res,
      200,
      [...entries].map(([name, e]) => ({ name, path: prefix + name, type: e.type, ...(e.sha ? { sha: e.sha } : {}) })),
    );
  }
}

export async function startFakeGitHub(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  return new FakeGitHub(options).start();
}
