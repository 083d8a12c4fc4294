// The validated policy (`.github/lb-gate.yml`) with every default filled in.

import type { SeveritySetting } from '../findings.js';

export type FailOn = 'error' | 'warning' | 'never';
export type Risk = 'none' | 'low' | 'medium' | 'high' | 'critical';
export const RISKS: Risk[] = ['none', 'low', 'medium', 'high', 'critical'];

export interface RulePolicy {
  severity?: SeveritySetting;
  options: Record<string, unknown>;
}

export interface SchemaMapping {
  /** Glob of files this schema applies to. */
  files: string;
  /** Repository path of the JSON schema (read from the base commit). */
  schema: string;
}

export interface ApprovalPolicy {
  required: number;
  byRisk: Partial<Record<Risk, number>>;
  dismissStale: boolean;
  associations: string[];
}

export interface Policy {
  paths: string[];
  failOn: FailOn;
  /** Rule id → overrides. Rules not listed use their defaults. */
  rules: Record<string, RulePolicy>;
  approvals: ApprovalPolicy;
  schemas: SchemaMapping[];
}
