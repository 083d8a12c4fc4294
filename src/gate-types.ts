// The data that flows into and out of the gate: changed files in, a verdict with findings,
// semantic changes and traffic shares out. Shared by the CLI, the action and every renderer.

import type { FailOn, Policy, Risk } from './config/types.js';
import type { Change } from './diff/types.js';
import type { Finding } from './findings.js';
import type { FormatId } from './formats/types.js';

export type FileStatus = 'added' | 'removed' | 'modified' | 'renamed';

export interface GateFile {
  /** Repository path at the head (for removals: the path that was removed). */
  path: string;
  /** The old path of a rename. */
  previousPath?: string;
  status: FileStatus;
  /** Text at the base commit; null when the file did not exist there. */
  before: string | null;
  /** Text at the head commit; null when the file was removed. */
  after: string | null;
  /** Forces a format instead of detecting it (CLI `--as`). */
  as?: FormatId;
}

export interface GateInput {
  files: GateFile[];
  policy: Policy;
  /** Problems found in the policy file itself (reported as `schema` findings). */
  policyFindings?: Finding[];
  /** Reads an included file (nginx `include`, path already resolved) at one side; null when unavailable. */
  readInclude?: (side: 'before' | 'after', path: string, fromFile: string) => string | null;
  /** User schemas by repository path (already parsed JSON), as mapped by `policy.schemas`. */
  userSchemas?: Record<string, unknown>;
  /**
   * Whether to compute each file's unified text diff (default true). Reports that never show
   * it (the CLI's text, JSON and SARIF output) skip the work; `FileReport.diff` is then empty
   * and marked `omitted`.
   */
  textDiff?: boolean;
}

export interface TextDiff {
  /** Unified diff text (may be cut short; see `truncated`). */
  text: string;
  added: number;
  removed: number;
  truncated: boolean;
  /** True when the diff text was not computed because the report does not show it. */
  omitted?: boolean;
}

export interface FileReport {
  path: string;
  previousPath?: string;
  status: FileStatus;
  /** The detected or forced format; null when the file matched no known format. */
  format: FormatId | null;
  findings: Finding[];
  changes: Change[];
  diff: TextDiff;
}

export interface TrafficRow {
  file: string;
  pool: string;
  member: string;
  /** Share 0..1 of the pool's requests; null where the pool or member is absent on that side. */
  before: number | null;
  after: number | null;
}

export interface GateResult {
  result: 'pass' | 'fail';
  risk: Risk;
  requiredApprovals: number;
  failOn: FailOn;
  findings: Finding[];
  files: FileReport[];
  traffic: TrafficRow[];
  counts: { error: number; warning: number; notice: number };
}

/** One reviewer's standing, as the approvals step judged it. */
export interface ReviewerVerdict {
  login: string;
  /** The reviewer's latest deciding review state: APPROVED, CHANGES_REQUESTED, DISMISSED … */
  state: string;
  counted: boolean;
  /** Why it counted or not, e.g. 'approved the head commit', 'PR author', 'stale: approved abc1234'. */
  reason: string;
}

export interface ApprovalReport {
  required: number;
  approved: number;
  /** Logins whose latest review requests changes: the gate blocks while any remain. */
  changesRequested: string[];
  reviewers: ReviewerVerdict[];
}
