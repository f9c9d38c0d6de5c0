import { describe, expect, it } from 'vitest';
import { bearerCredential, headerCredential } from '../src/credentials';

describe('bearerCredential', () => {
  it.each([
    ['Bearer abc', 'abc'],
    ['bearer abc', 'abc'],
    ['Bearer   abc  ', 'abc'],
    ['Bearer\tabc', 'abc'],
  ])('reads %j', (authorization, token) => {
    expect(bearerCredential({ authorization })).toBe(token);
  });

  it.each([undefined, '', 'abc', 'Bearer', 'Bearer ', 'Basic abc', 'Bearer a b', 'Bearerabc'])(
    'finds nothing in %j',
    (authorization) => {
      expect(bearerCredential(authorization === undefined ? {} : { authorization })).toBeUndefined();
    },
  );
});

describe('headerCredential', () => {
  it('reads one header by its lower-case name', () => {
    expect(headerCredential('X-Increff-Token')({ 'x-increff-token': 's' })).toBe('s');
    expect(headerCredential('webhook_key')({})).toBeUndefined();
  });

  it('finds nothing in a repeated header', () => {
    expect(headerCredential('x-token')({ 'x-token': ['a', 'b'] })).toBeUndefined();
  });
});
