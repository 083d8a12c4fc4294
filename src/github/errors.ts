// Turning API failures into messages an on-call can act on, and telling a missing permission
// (a fork's read-only token) from a real outage.

export interface ApiErrorShape {
  status?: number;
  message?: string;
  request?: { method?: string; url?: string };
  response?: { data?: unknown };
}

export function httpStatus(err: unknown): number | undefined {
  const status = (err as ApiErrorShape | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

/** A 403 that is not a rate limit: the token may not do this (fork PRs get read-only tokens). */
export function isPermissionDenied(err: unknown): boolean {
  if (httpStatus(err) !== 403) return false;
  return !/rate limit/i.test(String((err as ApiErrorShape).message ?? ''));
}

export function isNotFound(err: unknown): boolean {
  return httpStatus(err) === 404;
}

/** "GET /repos/o/r/pulls/1/files answered 502: Bad Gateway" — method, path and status, never headers. */
export function describeApiError(err: unknown): string {
  const e = (err ?? {}) as ApiErrorShape;
  const status = httpStatus(err);
  const method = e.request?.method ?? '';
  let where = '';
  try {
    if (e.request?.url) where = decodeURIComponent(new URL(e.request.url).pathname);
  } catch {
    where = '';
  }
  const message = String(e.message ?? err ?? 'unknown error').split('\n')[0].slice(0, 300);
  if (status === undefined) return `${method} ${where} failed: ${message}`.trim();
  return `${method} ${where} answered ${status}: ${message}`.trim();
}

/** An error that the action reports as the reason the step failed. */
export class GitHubApiError extends Error {
  constructor(what: string, cause: unknown) {
    super(`${what}: ${describeApiError(cause)}`);
    this.name = 'GitHubApiError';
  }
}
