// The core-schema resolution of plain scalars: the one-pass resolver the block reader uses must
// agree with the type predicates the js-yaml reader is built from, on the usual values and on
// random strings made of the characters that matter.

import { describe, expect, it } from 'vitest';
import { boolValue, floatValue, intValue, isBoolText, isFloatText, isIntText, isNullText, resolvePlainScalar } from '../src/yaml-core-schema.js';
import { seededRandom } from './helpers/yaml-agreement.js';

const byPredicates = (d: string): unknown =>
  d === '' ? null : isNullText(d) ? null : isBoolText(d) ? boolValue(d) : isIntText(d) ? intValue(d) : isFloatText(d) ? floatValue(d) : d;

describe('resolvePlainScalar', () => {
  it.each([
    ['8080', 8080], ['-1', -1], ['+7', 7], ['012', 12], ['0x1F', 31], ['0o17', 15], ['1e3', 1000], ['0.5', 0.5], ['.5', 0.5],
    ['1.', 1], ['.inf', Infinity], ['-.Inf', -Infinity], ['null', null], ['NULL', null], ['~', null], ['true', true], ['False', false],
    ['+.INF', Infinity], ['0x', '0x'], ['0o8', '0o8'], ['.nan5', '.nan5'], ['-.5s', '-.5s'], ['5s', '5s'],
    ['0.25s', '0.25s'], ['name', 'name'], ['nul', 'nul'], ['yes', 'yes'], ['1_000', '1_000'], ['0b101', '0b101'], ['10.0.0.1', '10.0.0.1'],
  ])('%s', (text, value) => {
    expect(resolvePlainScalar(text)).toBe(value);
  });

  it('resolves .nan to NaN', () => {
    expect(resolvePlainScalar('.NaN')).toBeNaN();
  });

  it('agrees with the type predicates on random strings', () => {
    const random = seededRandom(42);
    const alphabet = '0123456789+-.eExXoOabfinINFnaNtTrRuUlLsS~_ ';
    const disagreements: string[] = [];
    for (let i = 0; i < 100_000; i++) {
      let text = '';
      for (let n = 1 + Math.floor(random() * 7); n > 0; n--) text += alphabet[Math.floor(random() * alphabet.length)];
      if (!Object.is(resolvePlainScalar(text), byPredicates(text))) disagreements.push(text);
    }
    expect(disagreements.slice(0, 5)).toEqual([]);
  });
});
