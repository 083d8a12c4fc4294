// The policy schema lists every built-in rule and its options by hand; this keeps it identical
// to the rule registry, so a rule cannot gain an option users are unable to set (or lose one
// the schema still accepts).

import { describe, expect, it } from 'vitest';
import policySchema from '../../schemas/lb-gate.schema.json' with { type: 'json' };
import { loadPolicy } from '../../src/config/load-policy.js';
import { RULES } from '../../src/rules/index.js';
import type { RuleOptionSpec } from '../../src/rules/types.js';

interface OptionSchema {
  type: string;
  minimum?: number;
  maximum?: number;
  items?: { type: string };
  description?: string;
}
interface RuleSchema {
  description: string;
  anyOf: [{ $ref: string }, { type: 'object'; properties: Record<string, OptionSchema>; additionalProperties: false }];
}

const ruleSchemas = policySchema.properties.rules.properties as unknown as Record<string, RuleSchema>;

function expectedOptionSchema(spec: RuleOptionSpec): OptionSchema {
  const schema: OptionSchema =
    spec.type === 'string[]' ? { type: 'array', items: { type: 'string' } } : { type: spec.type };
  if (spec.minimum !== undefined) schema.minimum = spec.minimum;
  if (spec.maximum !== undefined) schema.maximum = spec.maximum;
  schema.description = `${spec.description} Default: ${JSON.stringify(spec.default)}.`;
  return schema;
}

describe('policy schema ↔ rule registry', () => {
  it('lists exactly the registered rule ids', () => {
    expect(RULES.length).toBeGreaterThan(0);
    expect(Object.keys(ruleSchemas).sort()).toEqual(RULES.map((r) => r.id).sort());
  });

  for (const rule of RULES) {
    describe(rule.id, () => {
      it('accepts a severity shorthand or a mapping with severity and exactly the rule options', () => {
        const schema = ruleSchemas[rule.id]!;
        expect(schema.anyOf[0]).toEqual({ $ref: '#/definitions/severity' });
        expect(schema.anyOf[1].additionalProperties).toBe(false);
        expect(Object.keys(schema.anyOf[1].properties).sort()).toEqual(['severity', ...Object.keys(rule.options)].sort());
        expect(schema.anyOf[1].properties.severity).toEqual({ $ref: '#/definitions/severity' });
      });

      it('types and bounds every option as the rule declares it', () => {
        const properties = ruleSchemas[rule.id]!.anyOf[1].properties;
        for (const [name, spec] of Object.entries(rule.options)) {
          expect(properties[name], `${rule.id}.${name}`).toEqual(expectedOptionSchema(spec));
        }
      });

      it('documents the default severity', () => {
        expect(ruleSchemas[rule.id]!.description).toMatch(new RegExp(` Default severity: ${rule.defaultSeverity}\\.$`));
      });

      it("accepts the rule's own defaults as policy values", () => {
        const options = Object.entries(rule.options)
          .map(([name, spec]) => `    ${name}: ${JSON.stringify(spec.default)}\n`)
          .join('');
        const { policy, findings } = loadPolicy(`rules:\n  ${rule.id}:\n    severity: ${rule.defaultSeverity}\n${options}`);
        expect(findings).toEqual([]);
        expect(policy.rules[rule.id]).toEqual({
          severity: rule.defaultSeverity,
          options: Object.fromEntries(Object.entries(rule.options).map(([name, spec]) => [name, spec.default])),
        });
      });
    });
  }
});
