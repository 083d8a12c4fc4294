// The registry of built-in rules, in the order the README documents them.

import { algorithmChange } from './algorithm-change.js';
import { capacityDrop } from './capacity-drop.js';
import { danglingReference } from './dangling-reference.js';
import { defaultRouteChanged } from './default-route-changed.js';
import { duplicateMember } from './duplicate-member.js';
import { healthCheckMissing } from './health-check-missing.js';
import { healthCheckRemoved } from './health-check-removed.js';
import { listenerRemoved } from './listener-removed.js';
import { noActiveMembers } from './no-active-members.js';
import { parseError } from './parse-error.js';
import { schema } from './schema.js';
import { singlePointOfFailure } from './single-point-of-failure.js';
import { timeoutChange } from './timeout-change.js';
import { tlsRemoved } from './tls-removed.js';
import { trafficConcentration } from './traffic-concentration.js';
import type { Rule } from './types.js';

export const RULES: Rule[] = [
  parseError,
  schema,
  noActiveMembers,
  trafficConcentration,
  singlePointOfFailure,
  capacityDrop,
  healthCheckRemoved,
  healthCheckMissing,
  algorithmChange,
  listenerRemoved,
  tlsRemoved,
  defaultRouteChanged,
  danglingReference,
  duplicateMember,
  timeoutChange,
];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}
