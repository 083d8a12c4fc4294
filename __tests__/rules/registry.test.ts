import { describe, expect, it } from 'vitest';
import { RULES, ruleById } from '../../src/rules/index.js';

const README_ORDER = [
  'parse-error',
  'schema',
  'no-active-members',
  'traffic-concentration',
  'single-point-of-failure',
  'capacity-drop',
  'health-check-removed',
  'health-check-missing',
  'algorithm-change',
  'listener-removed',
  'tls-removed',
  'default-route-changed',
  'dangling-reference',
  'duplicate-member',
  'timeout-change',
];

const camel = (id: string) => id.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

describe('rule registry', () => {
  it('lists the built-in rules in README order', () => {
    expect(RULES.map((r) => r.id)).toEqual(README_ORDER);
  });

  it('has unique kebab-case ids', () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
  });

  it('gives every rule a default severity and a one-paragraph doc', () => {
    for (const rule of RULES) {
      expect(['error', 'warning', 'notice']).toContain(rule.defaultSeverity);
      expect(rule.doc.length, rule.id).toBeGreaterThan(80);
      expect(rule.doc, rule.id).not.toContain('\n');
    }
  });

  it('documents every option with a default inside its bounds', () => {
    for (const rule of RULES) {
      for (const [name, spec] of Object.entries(rule.options)) {
        expect(name).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
        expect(spec.description.length, `${rule.id}.${name}`).toBeGreaterThan(10);
        if (spec.type === 'number' || spec.type === 'integer') {
          expect(typeof spec.default).toBe('number');
          if (spec.minimum !== undefined) expect(spec.default as number).toBeGreaterThanOrEqual(spec.minimum);
          if (spec.maximum !== undefined) expect(spec.default as number).toBeLessThanOrEqual(spec.maximum);
        }
      }
    }
    expect(ruleById('traffic-concentration')?.options['max-member-share']?.default).toBe(0.5);
    expect(ruleById('single-point-of-failure')?.options['min-active-members']).toMatchObject({ type: 'integer', default: 2, minimum: 1 });
    expect(ruleById('capacity-drop')?.options['max-drop']?.default).toBe(0.5);
    expect(ruleById('timeout-change')?.options.factor).toMatchObject({ default: 3, minimum: 1 });
  });

  it('marks the externally produced and traffic-taking rules', () => {
    expect(RULES.filter((r) => r.external).map((r) => r.id)).toEqual(['parse-error', 'schema']);
    expect(RULES.filter((r) => r.takesTraffic).map((r) => r.id)).toEqual([
      'no-active-members',
      'traffic-concentration',
      'single-point-of-failure',
      'listener-removed',
    ]);
    const external = RULES.filter((r) => r.external);
    for (const rule of external) {
      expect(rule.check({ file: 'x', before: null, after: null, changes: [], sharesBefore: new Map(), sharesAfter: new Map(), options: {} })).toEqual([]);
    }
  });

  it('exports each rule from src/rules/<id>.ts under its camelCase id', async () => {
    for (const rule of RULES) {
      const module = (await import(`../../src/rules/${rule.id}.ts`)) as Record<string, unknown>;
      expect(module[camel(rule.id)], rule.id).toBe(rule);
    }
  });

  it('finds rules by id', () => {
    expect(ruleById('duplicate-member')?.defaultSeverity).toBe('error');
    expect(ruleById('capacity-drop')?.defaultSeverity).toBe('warning');
    expect(ruleById('no-such-rule')).toBeUndefined();
  });
});
