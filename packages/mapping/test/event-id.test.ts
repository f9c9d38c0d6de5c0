import { describe, expect, it } from 'vitest';
import { clickpostScanId, EVENT_ID_NAMESPACE, redoReturnId } from '../src/event-id';

const scan = {
  cpId: 4,
  waybill: '420714276042',
  statusCode: 9,
  occurredAt: '2018-08-06T14:48:57.002Z',
  status: 'Pending',
};

describe('event ids', () => {
  it('are pinned: a recipe or namespace change would orphan every stored id', () => {
    expect(EVENT_ID_NAMESPACE).toBe('74eaa55b-0607-49a8-b601-3435f8512695');
    expect(clickpostScanId(scan)).toBe('86ffae06-00ec-51b7-8b48-2a4d9069951f');
    expect(redoReturnId('64df65d4c5a4ca3eff4b4e43', '2023-08-18T12:00:00.000Z')).toBe(
      '817838b6-d29d-55ce-a809-e870204357cd',
    );
  });

  it('a scan time counts to the second (channels differ in precision)', () => {
    expect(clickpostScanId({ ...scan, occurredAt: '2018-08-06T14:48:57.999Z' })).toBe(clickpostScanId(scan));
    expect(clickpostScanId({ ...scan, occurredAt: '2018-08-06T14:48:58.000Z' })).not.toBe(
      clickpostScanId(scan),
    );
  });

  it.each([
    ['cpId', 5],
    ['waybill', '420714276043'],
    ['statusCode', 8],
    ['status', 'Delivered'],
  ])('another %s is another fact', (field, value) => {
    expect(clickpostScanId({ ...scan, [field]: value })).not.toBe(clickpostScanId(scan));
  });

  it('parts cannot run into each other', () => {
    expect(clickpostScanId({ ...scan, waybill: 'AB', status: 'C' })).not.toBe(
      clickpostScanId({ ...scan, waybill: 'A', status: 'BC' }),
    );
  });
});
