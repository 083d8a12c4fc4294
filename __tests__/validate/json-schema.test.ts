import { describe, expect, it } from 'vitest';
import policySchema from '../../schemas/lb-gate.schema.json' with { type: 'json' };
import { compileSchema, limitProblems, schemaProblems } from '../../src/validate/json-schema.js';
import { loadYaml } from '../../src/yaml-source.js';

function problemsFor(schema: object, yaml: string, strict = true) {
  const { docs, problems } = loadYaml(yaml, {});
  expect(problems).toEqual([]);
  return schemaProblems(compileSchema(schema, { strict }), docs[0]!.value, docs[0]!.pointerLine);
}

describe('compileSchema', () => {
  it('compiles each schema object once', () => {
    const schema = { type: 'string' };
    expect(compileSchema(schema)).toBe(compileSchema(schema));
    expect(compileSchema({ type: 'string' })).not.toBe(compileSchema(schema));
  });

  it('is strict by default and can be relaxed for schemas written for other tools', () => {
    const schema = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
    expect(() => compileSchema(schema)).toThrow(/unknown keyword/);
    expect(compileSchema(schema, { strict: false })({})).toBe(true);
  });

  it('throws on an invalid schema', () => {
    expect(() => compileSchema({ type: 'nonsense' })).toThrow();
  });

  it('knows the common formats', () => {
    const validate = compileSchema({ type: 'string', format: 'uri' });
    expect(validate('https://example.com/x')).toBe(true);
    expect(validate('not a uri')).toBe(false);
  });

  it('picks the 2020-12 dialect from $schema', () => {
    const schema = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      $defs: { port: { type: 'integer', minimum: 1, maximum: 65535 } },
      properties: { port: { $ref: '#/$defs/port' } },
      unevaluatedProperties: false,
    };
    const validate = compileSchema(schema);
    expect(validate({ port: 80 })).toBe(true);
    expect(schemaProblems(validate, { port: 0, extra: 1 }, null).map((p) => p.message)).toEqual([
      '/port: must be an integer between 1 and 65535, got 0',
      'top level: unknown key "extra" (allowed: port)',
    ]);
    // The same keyword is unknown to draft-07.
    expect(() => compileSchema({ ...schema, $schema: 'http://json-schema.org/draft-07/schema#' })).toThrow(/unknown keyword/);
  });

  it('compiles the policy schema in strict mode', () => {
    expect(() => compileSchema(policySchema)).not.toThrow();
  });
});

describe('schemaProblems on the policy schema', () => {
  it('returns nothing for valid data', () => {
    expect(problemsFor(policySchema, 'fail-on: warning\nrules:\n  timeout-change: { factor: 3 }\n')).toEqual([]);
  });

  it('says what a number option expects and what it got', () => {
    const yaml = 'rules:\n  traffic-concentration:\n    max-member-share: high\n';
    expect(problemsFor(policySchema, yaml)).toEqual([
      {
        message: '/rules/traffic-concentration/max-member-share: must be a number between 0 and 1, got "high"',
        line: 3,
        column: 23,
        pointer: '/rules/traffic-concentration/max-member-share',
      },
    ]);
  });

  it('names an unknown key, the allowed ones, and the likely intended one, at the key', () => {
    const yaml = 'approvals:\n  requird:\n    2\n';
    expect(problemsFor(policySchema, yaml)).toEqual([
      {
        message:
          '/approvals: unknown key "requird" (allowed: required, by-risk, dismiss-stale, associations); did you mean "required"?',
        line: 2,
        column: 3,
        pointer: '/approvals/requird',
      },
    ]);
  });

  it('leaves out the suggestion when nothing is close', () => {
    const [problem] = problemsFor(policySchema, 'colour: blue\n');
    expect(problem!.message).toBe('top level: unknown key "colour" (allowed: paths, fail-on, rules, approvals, schemas)');
  });

  it('lists the values of an enum', () => {
    expect(problemsFor(policySchema, 'fail-on: fatal\n')).toEqual([
      { message: '/fail-on: must be one of error, warning, never, got "fatal"', line: 1, column: 10, pointer: '/fail-on' },
    ]);
  });

  it('collapses the anyOf cascade of a severity shorthand into one message', () => {
    expect(problemsFor(policySchema, 'rules:\n  health-check-missing: fatal\n')).toEqual([
      {
        message: '/rules/health-check-missing: must be one of error, warning, notice, off, got "fatal"',
        line: 2,
        column: 25,
        pointer: '/rules/health-check-missing',
      },
    ]);
  });

  it('describes both forms when the value fits neither', () => {
    expect(problemsFor(policySchema, 'rules:\n  timeout-change: 5\n')).toEqual([
      {
        message:
          '/rules/timeout-change: must be either one of error, warning, notice, off, or a mapping (keys: severity, factor), got 5',
        line: 2,
        column: 19,
        pointer: '/rules/timeout-change',
      },
    ]);
  });

  it('reports only the option error when the mapping form was meant', () => {
    const yaml = 'rules:\n  capacity-drop:\n    severity: warning\n    max-drp: 0.3\n';
    expect(problemsFor(policySchema, yaml)).toEqual([
      {
        message: '/rules/capacity-drop: unknown key "max-drp" (allowed: severity, max-drop); did you mean "max-drop"?',
        line: 4,
        column: 5,
        pointer: '/rules/capacity-drop/max-drp',
      },
    ]);
  });

  it('words integer bounds, list sizes, duplicates and missing keys', () => {
    const yaml = [
      'paths: []', // 1
      'approvals:', // 2
      '  required: -1', // 3
      '  by-risk: { high: 2.5 }', // 4
      '  associations: [OWNER, MEMBER, OWNER]', // 5
      'schemas:', // 6
      '  - files: "lb/**/*.yaml"', // 7
      '',
    ].join('\n');
    expect(problemsFor(policySchema, yaml).map((p) => [p.line, p.column, p.message])).toEqual([
      [1, 8, '/paths: must have at least 1 entry, got an empty list'],
      [3, 13, '/approvals/required: must be an integer >= 0, got -1'],
      [4, 20, '/approvals/by-risk/high: must be an integer >= 0, got 2.5'],
      [5, 33, '/approvals/associations: "OWNER" is listed twice (entries 0 and 2); each entry must be unique'],
      [7, 5, '/schemas/0: missing required key "schema"'],
    ]);
  });

  it('says what the top level must be', () => {
    expect(problemsFor(policySchema, '- a\n- b\n')).toEqual([
      { message: 'top level: must be a mapping, got a list', line: 1, column: 1, pointer: '' },
    ]);
  });

  it('describes an empty value', () => {
    const [problem] = problemsFor(policySchema, 'fail-on:\n');
    expect(problem).toEqual({
      message: '/fail-on: must be one of error, warning, never, got an empty value',
      line: 1,
      column: 1,
      pointer: '/fail-on',
    });
  });
});

describe('schemaProblems on other schemas', () => {
  it('picks the oneOf branch with the fewest errors when several fit the type', () => {
    const schema = {
      type: 'object',
      properties: {
        target: {
          oneOf: [
            { type: 'object', properties: { pool: { type: 'string' } }, required: ['pool'], additionalProperties: false },
            {
              type: 'object',
              properties: { pools: { type: 'array', items: { type: 'string' } }, weight: { type: 'integer' } },
              required: ['pools', 'weight'],
              additionalProperties: false,
            },
          ],
        },
      },
    };
    expect(problemsFor(schema, 'target:\n  pools: [a, b]\n').map((p) => p.message)).toEqual([
      '/target: missing required key "weight"',
    ]);
  });

  it('keeps the oneOf summary when the branches tie', () => {
    // An idiom strict mode rejects (required keys not declared), hence strict: false.
    const schema = {
      oneOf: [
        { type: 'object', required: ['address'] },
        { type: 'object', required: ['hostname'] },
      ],
    };
    expect(problemsFor(schema, 'port: 80\n', false).map((p) => p.message)).toEqual([
      'top level: must be a mapping with address or a mapping with hostname, got a mapping',
    ]);
  });

  it('reports data matching several oneOf branches', () => {
    const schema = { oneOf: [{ type: 'integer' }, { type: 'number', minimum: 0 }] };
    const validate = compileSchema(schema);
    expect(schemaProblems(validate, 3, null).map((p) => p.message)).toEqual([
      'top level: fits more than one of the allowed forms (an integer or a number >= 0); it must fit exactly one',
    ]);
  });

  it('describes strings with patterns and formats, and escapes keys in pointers', () => {
    const schema = {
      type: 'object',
      properties: {
        routes: {
          type: 'object',
          additionalProperties: { type: 'string', pattern: '^[a-z]+$' },
        },
        url: { type: 'string', format: 'uri' },
      },
    };
    const problems = problemsFor(schema, 'routes:\n  /api/v1: "UPPER"\nurl: nope\n');
    expect(problems).toEqual([
      { message: '/routes/~1api~1v1: must be a string matching ^[a-z]+$, got "UPPER"', line: 2, column: 12, pointer: '/routes/~1api~1v1' },
      { message: '/url: must be a string in uri format, got "nope"', line: 3, column: 6, pointer: '/url' },
    ]);
  });

  it('reports key-name rules through propertyNames once', () => {
    const schema = { type: 'object', propertyNames: { pattern: '^[a-z-]+$' } };
    expect(problemsFor(schema, 'good-key: 1\nBad_Key: 2\n')).toEqual([
      {
        message: 'top level: key "Bad_Key" is not allowed; keys must be a string matching ^[a-z-]+$',
        line: 2,
        column: 1,
        pointer: '/Bad_Key',
      },
    ]);
  });

  it('gives a null line when the document has no positions', () => {
    const validate = compileSchema({ type: 'object', properties: { n: { type: 'integer', maximum: 10 } } });
    expect(schemaProblems(validate, { n: 11 }, null)).toEqual([
      { message: '/n: must be an integer <= 10, got 11', line: null, pointer: '/n' },
    ]);
  });

  it('falls back to the nearest ancestor a locator knows', () => {
    const validate = compileSchema({ type: 'object', properties: { a: { type: 'object', properties: { b: { type: 'string' } } } } });
    const located = schemaProblems(validate, { a: { b: 1 } }, (pointer) => (pointer === '/a' ? { line: 7, column: 2 } : null));
    expect(located).toEqual([{ message: '/a/b: must be a string, got 1', line: 7, column: 2, pointer: '/a/b' }]);
  });

  it('limits how many problems it lists and says how many were left out', () => {
    const validate = compileSchema({ type: 'array', items: { type: 'string' } });
    const problems = schemaProblems(validate, Array.from({ length: 250 }, (_, i) => i), null, { max: 10 });
    expect(problems).toHaveLength(10);
    expect(problems[8]!.message).toBe('/8: must be a string, got 8');
    expect(problems[9]!.message).toBe('…and 241 more schema problems from here on, not listed');
    expect(limitProblems(problems, 100)).toBe(problems);
  });
});
