import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { FIXTURES_DIR } from '@shipfold/test-support';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = `${ROOT}cli/bin/shipfold.js`;
const fixture = (path: string) => `${FIXTURES_DIR}${path}`;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command from the repository root, as a user would. */
function run(file: string, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
const shipfold = (...args: string[]) => run(process.execPath, [BIN, ...args]);
const lines = (text: string) =>
  text
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line));

// Each case spawns tsx; on a loaded machine that takes seconds.
describe('shipfold normalize', { timeout: 60_000 }, () => {
  it('prints the events of every file as NDJSON and exits 0', async () => {
    const webhook = await shipfold(
      'normalize',
      fixture('clickpost/clickpost_webhook_ndr-failed-delivery_1.json'),
    );
    expect(webhook).toMatchObject({ code: 0, stderr: '' });
    const [event] = lines(webhook.stdout);
    expect(event).toMatchObject({
      type: 'shipment.status-observed',
      eventId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      occurredAt: '2016-07-12T17:12:36.000Z',
      source: 'clickpost.webhook',
      waybill: 'XYZABC',
      cpId: 1,
      statusCode: 9,
      latestStatusCode: 9,
      ndrCode: 1,
      isRvp: false,
      forwardAwb: null,
    });

    const polled = await shipfold(
      'normalize',
      '--source',
      'clickpost.track-order',
      '--cp-id',
      '10',
      fixture('clickpost/clickpost_track-order_response_5.json'),
      fixture('clickpost/constructed_track-order_legacy-scan-list.json'),
    );
    expect(polled).toMatchObject({ code: 0, stderr: '' });
    const events = lines(polled.stdout);
    expect(events).toHaveLength(9);
    expect(new Set(events.map((e) => `${e.cpId}:${e.waybill}`))).toEqual(
      new Set(['10:SF18399217NER', '10:P0109276342']),
    );
  });

  it('prints one JSON error line per rejected payload on stderr and exits 2, after the good ones', async () => {
    const result = await shipfold(
      'normalize',
      fixture('clickpost/seed_return-order-placed_as-published.txt'),
      fixture('clickpost/seed_return-order-placed.json'),
      fixture('clickpost/clickpost_test-webhook_failed-delivery_1.json'),
    );
    expect(result.code).toBe(2);
    const [placed] = lines(result.stdout);
    expect(placed).toMatchObject({
      type: 'return.placed',
      returnReference: null,
      forwardAwb: '5522110373319',
      forwardReference: '1405277',
      items: expect.arrayContaining([expect.objectContaining({ sku: '120667', quantity: 1 })]),
    });
    expect(lines(result.stderr)).toEqual([
      {
        error: 'malformed-json',
        detail: expect.stringContaining('not valid JSON'),
        path: null,
        file: fixture('clickpost/seed_return-order-placed_as-published.txt'),
      },
      {
        error: 'unsupported-event',
        detail: expect.stringContaining('test webhook'),
        path: '$.test_data',
        file: fixture('clickpost/clickpost_test-webhook_failed-delivery_1.json'),
      },
    ]);
  });

  it('a missing file is an error line and exit 1', async () => {
    const result = await shipfold('normalize', 'no/such/payload.json');
    expect(result.code).toBe(1);
    expect(lines(result.stderr)).toEqual([
      { error: 'unreadable-file', detail: expect.stringContaining('ENOENT'), file: 'no/such/payload.json' },
    ]);
    expect(result.stdout).toBe('');
  });

  it('an unknown source or zone is a usage error naming what is allowed', async () => {
    const source = await shipfold(
      'normalize',
      '--source',
      'shopify.webhook',
      fixture('redo/redo_webhook_return-event-created_1.json'),
    );
    expect(source.code).toBe(1);
    expect(source.stderr).toContain('Allowed choices are clickpost.webhook, clickpost.returns-delta');
    const zone = await shipfold(
      'normalize',
      '--zone',
      'Mars/Olympus',
      fixture('redo/redo_webhook_return-event-created_1.json'),
    );
    expect(zone.code).toBe(1);
    expect(zone.stderr).toContain('not an IANA time zone');
  });

  it('runs as `shipfold` through the workspace bin link (what npx uses)', async () => {
    const result = await run(`${ROOT}node_modules/.bin/shipfold`, [
      'normalize',
      '--source',
      'redo.webhook',
      fixture('redo/redo_webhook_return-event-created_1.json'),
    ]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(lines(result.stdout)).toEqual([
      expect.objectContaining({ type: 'return.placed', returnReference: '64df65d4c5a4ca3eff4b4e43' }),
    ]);
  });
});
