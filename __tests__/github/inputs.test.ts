import { describe, expect, it } from 'vitest';
import { InputError, readInputs } from '../../src/github/inputs.js';

function inputs(values: Record<string, string>) {
  return readInputs((name) => values[name] ?? '');
}

const token = { 'github-token': 'ghs_x' };

describe('readInputs', () => {
  it('applies the defaults when inputs are empty', () => {
    expect(inputs(token)).toEqual({ token: 'ghs_x', configPath: '.github/lb-gate.yml', comment: true, statusContext: 'lb-gate' });
  });

  it('reads every input', () => {
    expect(
      inputs({
        ...token,
        config: './ops/lb-gate.yml',
        paths: 'lb/**/*.cfg\n\n# nginx too\n  nginx/**  \n',
        'required-approvals': '2',
        'fail-on': 'Warning',
        comment: 'false',
        'status-context': 'lb-gate / edge',
      }),
    ).toEqual({
      token: 'ghs_x',
      configPath: 'ops/lb-gate.yml',
      paths: ['lb/**/*.cfg', 'nginx/**'],
      requiredApprovals: 2,
      failOn: 'warning',
      comment: false,
      statusContext: 'lb-gate / edge',
    });
  });

  it('rejects invalid values, naming the input and what it accepts', () => {
    expect(() => inputs({ ...token, 'fail-on': 'errors' })).toThrow('input fail-on must be one of error, warning, never; got "errors"');
    expect(() => inputs({ ...token, 'required-approvals': 'two' })).toThrow('input required-approvals must be a whole number from 0 to 100; got "two"');
    expect(() => inputs({ ...token, 'required-approvals': '-1' })).toThrow(InputError);
    expect(() => inputs({ ...token, comment: 'yes please' })).toThrow('input comment must be true or false; got "yes please"');
    expect(() => inputs({ ...token, config: '../outside.yml' })).toThrow(/input config must be a path inside the repository/);
    expect(() => inputs({ ...token, config: '/etc/passwd' })).toThrow(InputError);
    expect(() => inputs({})).toThrow(/input github-token is empty/);
  });
});
