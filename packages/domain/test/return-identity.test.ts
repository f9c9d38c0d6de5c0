import { item, returnPlaced, returnProcessed, returnUpdated } from '@shipfold/test-support';
import { describe, expect, it } from 'vitest';
import { compareKeys, componentId, identityKeys, returnFactOf } from '../src/index';

/** The identity keys of each kind of fact, exactly, and how the id of a return or component is chosen. */

const DIGEST = /^[0-9a-f]{24}$/;
const digestOf = (key: string | undefined) => key?.split(':').at(-1);

describe('identity keys', () => {
  it('a placement with items: one request key per forward identifier, items hashed to 24 hex digits', () => {
    const keys = identityKeys(
      returnFactOf(
        returnPlaced('p', '2024-03-01T10:00:00Z', {
          forwardAwb: 'F1',
          forwardReference: 'O1',
          items: [item('A')],
        }),
      ),
    );
    const digest = digestOf(keys.request[0]);
    expect(digest).toMatch(DIGEST);
    expect(keys).toEqual({
      strong: [],
      request: [`req:fa=F1:${digest}`, `req:fr=O1:${digest}`],
      forward: ['fwd:fa=F1', 'fwd:fr=O1'],
    });
  });

  it.each([
    ['forward AWB only', { forwardAwb: 'F1' }, 'fa=F1'],
    ['forward reference only', { forwardReference: 'O1' }, 'fr=O1'],
  ])('a placement with the %s names only that one', (_, forward, id) => {
    const keys = identityKeys(
      returnFactOf(returnPlaced('p', '2024-03-01T10:00:00Z', { ...forward, items: [item('A')] })),
    );
    expect(keys).toEqual({
      strong: [],
      request: [`req:${id}:${digestOf(keys.request[0])}`],
      forward: [`fwd:${id}`],
    });
  });

  it('a placement without items has no request key: a return of its own until something names it', () => {
    expect(
      identityKeys(returnFactOf(returnPlaced('p', '2024-03-01T10:00:00Z', { forwardAwb: 'F1' }))),
    ).toEqual({
      strong: ['evt:p'],
      request: [],
      forward: ['fwd:fa=F1'],
    });
  });

  it('a warehouse callback with items is no request', () => {
    const processed = returnFactOf(
      returnProcessed('i', '2024-03-01T10:00:00Z', {
        returnReference: 'R1',
        forwardReference: 'O1',
        items: [item('A')],
      }),
    );
    expect(identityKeys(processed)).toEqual({ strong: ['ref:R1'], request: [], forward: ['fwd:fr=O1'] });
  });

  it.each([
    ['a waybill without courier (cp_id -1)', { returnAwb: 'RVP1', cpId: -1 }],
    ['a courier without waybill', { returnAwb: '  ', cpId: 25 }],
  ])('no pickup key for %s', (_, pickup) => {
    expect(
      identityKeys(
        returnFactOf(returnUpdated('u', '2024-03-01T10:00:00Z', { returnReference: 'R1', ...pickup })),
      ),
    ).toEqual({ strong: ['ref:R1'], request: [], forward: [] });
  });

  it('a pickup key with waybill and courier', () => {
    expect(
      identityKeys(
        returnFactOf(
          returnUpdated('u', '2024-03-01T10:00:00Z', { returnReference: 'R1', returnAwb: 'RVP1', cpId: 0 }),
        ),
      ),
    ).toEqual({ strong: ['ref:R1', 'awb:0:RVP1'], request: [], forward: [] });
  });

  it.each([
    ['with its return id', 'X1', ['redo:X1']],
    ['without a return id', null, ['evt:r']],
  ])('a Redo return %s never gets request or forward keys', (_, returnReference, strong) => {
    const redo = returnFactOf(
      returnUpdated('r', '2024-03-01T10:00:00Z', {
        source: 'redo.webhook',
        platform: 'redo',
        returnReference,
        forwardAwb: 'F1',
        forwardReference: 'O1',
        items: [item('A')],
      }),
    );
    expect(identityKeys(redo)).toEqual({ strong, request: [], forward: [] });
  });
});

describe('ids', () => {
  it('the smallest key by kind (ref, redo, awb, req, evt, anything else), then text, in any order', () => {
    const keys = ['fwd:fa=F1', 'evt:e', 'req:fa=F1:x', 'awb:25:RVP1', 'redo:X', 'ref:R2', 'ref:R1'];
    for (let cut = 0; cut < keys.length; cut++) {
      const rotated = [...keys.slice(cut), ...keys.slice(0, cut)];
      expect(componentId(rotated)).toBe('ref:R1');
      expect([...rotated].sort(compareKeys)).toEqual([
        'ref:R1',
        'ref:R2',
        'redo:X',
        'awb:25:RVP1',
        'req:fa=F1:x',
        'evt:e',
        'fwd:fa=F1',
      ]);
    }
    expect(componentId(['fwd:fa=F1', 'evt:e'])).toBe('evt:e');
    expect(componentId(['fwd:fa=F1', 'awb:25:RVP1', 'redo:X'])).toBe('redo:X');
    expect(compareKeys('fwd:a', 'evt:z')).toBeGreaterThan(0);
    expect(compareKeys('redo:z', 'awb:0:a')).toBeLessThan(0);
  });

  it('a component without keys has no id', () => {
    expect(() => componentId([])).toThrow('a component without keys');
  });
});
