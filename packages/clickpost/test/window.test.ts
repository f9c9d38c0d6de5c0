import {
  clockChange,
  localMidnights,
  nearBoundary,
  nearInstant,
  utcOffsetMinutes,
} from '@shipfold/test-support';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ClickpostClient,
  ClickpostWindowError,
  deltaQueryTimes,
  formatClickpostTime,
  MAX_DELTA_WINDOW_MS,
  planWindows,
} from '../src/index';
import { type Stub, startStub } from './stub';

const MINUTE = 60_000;
/** Instants between 2015 and 2035, milliseconds included. */
const instant = fc.integer({
  min: Date.parse('2015-01-01T00:00:00Z'),
  max: Date.parse('2035-01-01T00:00:00Z'),
});

describe('the 60-minute rule, pure', () => {
  it('formats naive timestamps in the configured zone', () => {
    const at = Date.parse('2022-11-09T11:00:48.702Z');
    expect(formatClickpostTime(at, 'UTC')).toBe('2022-11-09T11:00:48');
    expect(formatClickpostTime(at, 'Asia/Kolkata')).toBe('2022-11-09T16:30:48');
  });

  it('accepts exactly 60 minutes and refuses 60 minutes and one second, and 61 minutes', () => {
    const start = Date.parse('2022-11-09T11:00:00Z');
    expect(deltaQueryTimes({ startMs: start, endMs: start + 60 * MINUTE }, 'UTC')).toEqual({
      start_time: '2022-11-09T11:00:00',
      end_time: '2022-11-09T12:00:00',
    });
    expect(() => deltaQueryTimes({ startMs: start, endMs: start + 60 * MINUTE + 1000 }, 'UTC')).toThrow(
      ClickpostWindowError,
    );
    expect(() => deltaQueryTimes({ startMs: start, endMs: start + 61 * MINUTE }, 'UTC')).toThrow(
      /longer than 60 minutes \(61\.00 min\)/,
    );
  });

  it('refuses empty, reversed and invalid windows', () => {
    const start = Date.parse('2022-11-09T11:00:00Z');
    for (const endMs of [start, start - 1000, start + 999, Number.NaN]) {
      expect(() => deltaQueryTimes({ startMs: start, endMs }, 'UTC')).toThrow(ClickpostWindowError);
    }
  });

  it('whatever the window, what is accepted spans at most 60 minutes, and what is refused does not', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: -10 * MINUTE, max: 180 * MINUTE }), (startMs, length) => {
        const window = { startMs, endMs: startMs + length };
        let times: { start_time: string; end_time: string } | null = null;
        try {
          times = deltaQueryTimes(window, 'Asia/Kolkata');
        } catch (error) {
          expect(error).toBeInstanceOf(ClickpostWindowError);
        }
        const seconds = Math.floor(window.endMs / 1000) - Math.floor(window.startMs / 1000);
        if (times === null) {
          expect(seconds <= 0 || seconds > 3600).toBe(true);
        } else {
          const sent = Date.parse(`${times.end_time}Z`) - Date.parse(`${times.start_time}Z`);
          expect(sent).toBeGreaterThan(0);
          expect(sent).toBeLessThanOrEqual(MAX_DELTA_WINDOW_MS);
        }
      }),
      { numRuns: 500 },
    );
  }, 30_000);

  it('planned windows are contiguous, at most 60 minutes each, and cover the whole range', () => {
    fc.assert(
      fc.property(
        instant,
        fc.integer({ min: 0, max: 6 * 60 * MINUTE }),
        fc.integer({ min: 1, max: 60 }),
        (from, length, minutes) => {
          const to = from + length;
          const windows = planWindows(from, to, minutes * MINUTE);
          if (Math.ceil(to / 1000) === Math.floor(from / 1000)) {
            expect(windows).toEqual([]);
            return;
          }
          expect(windows[0]?.startMs).toBeLessThanOrEqual(from);
          expect(windows.at(-1)?.endMs).toBeGreaterThanOrEqual(to);
          windows.forEach((window, i) => {
            expect(window.endMs - window.startMs).toBeGreaterThan(0);
            expect(window.endMs - window.startMs).toBeLessThanOrEqual(minutes * MINUTE);
            if (i > 0) expect(window.startMs).toBe(windows[i - 1]?.endMs);
            expect(() => deltaQueryTimes(window, 'UTC')).not.toThrow();
          });
        },
      ),
    );
  }, 30_000);

  it('refuses to plan windows longer than 60 minutes', () => {
    expect(() => planWindows(0, 10, 61 * MINUTE)).toThrow(RangeError);
  });
});

/**
 * The rule by plain arithmetic on epoch ms: both instants are cut to the second and written as the
 * wall clock of the zone (`offsetAt`, in minutes); allowed when the end is after the start and at
 * most 3,600 s later, both as instants and as the wall-clock times Clickpost compares.
 */
function expectedWindow(startMs: number, endMs: number, offsetAt: (ms: number) => number) {
  const [start, end] = [startMs, endMs].map((ms) => Math.floor(ms / 1000) * 1000) as [number, number];
  const wall = (ms: number) => ms + offsetAt(ms) * MINUTE;
  const text = (ms: number) => new Date(wall(ms)).toISOString().slice(0, 19);
  const instantSeconds = (end - start) / 1000;
  const sentSeconds = (wall(end) - wall(start)) / 1000;
  const allowed = instantSeconds > 0 && instantSeconds <= 3600 && sentSeconds > 0 && sentSeconds <= 3600;
  return allowed ? { start_time: text(start), end_time: text(end) } : null;
}

const sent = (window: { startMs: number; endMs: number }, zone: string) => {
  try {
    return deltaQueryTimes(window, zone);
  } catch (error) {
    expect(error).toBeInstanceOf(ClickpostWindowError);
    return null;
  }
};

/** Window lengths at the edges: 60 minutes, none, each ± 1 ms and ± 1 s, or around them. */
const edgeLength = fc.oneof(nearBoundary(60 * MINUTE, [1, 1000]), nearBoundary(0, [1, 1000]));

describe('the 60-minute rule at its edges: near misses against plain arithmetic', () => {
  it('around midnight IST (and month and year ends), in IST and UTC', () => {
    const start = fc.oneof(
      nearInstant(localMidnights(330, 2015, 2034), [1, 1000, MINUTE, 60 * MINUTE]),
      instant,
    );
    fc.assert(
      fc.property(
        start,
        edgeLength,
        fc.constantFrom(['Asia/Kolkata', 330], ['UTC', 0]),
        (startMs, length, [zone, offset]) => {
          const window = { startMs, endMs: startMs + length };
          expect(sent(window, zone as string)).toEqual(
            expectedWindow(window.startMs, window.endMs, () => offset as number),
          );
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('across clock changes: what the wall clock shows must fit in 60 minutes too', () => {
    const window = clockChange().chain((change) =>
      fc.tuple(
        fc.constant(change.zone),
        nearBoundary(change.atMs, [1, 1000, MINUTE, 30 * MINUTE, 60 * MINUTE], 2 * 60 * MINUTE),
        fc.oneof(edgeLength, nearBoundary(30 * MINUTE, [1000]), fc.integer({ min: 0, max: 120 * MINUTE })),
      ),
    );
    fc.assert(
      fc.property(window, ([zone, startMs, length]) => {
        const expected = expectedWindow(startMs, startMs + length, (ms) => utcOffsetMinutes(zone, ms));
        expect(sent({ startMs, endMs: startMs + length }, zone)).toEqual(expected);
      }),
      { numRuns: 1000 },
    );
  });

  it('planned windows: as many as whole steps cover the range cut to seconds, at range lengths of n steps ± 1 ms / 1 s', () => {
    const plan = fc
      .tuple(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 0, max: 6 }))
      .chain(([minutes, steps]) =>
        fc.tuple(fc.constant(minutes), instant, nearBoundary(steps * minutes * MINUTE, [1, 999, 1000])),
      );
    fc.assert(
      fc.property(plan, ([minutes, from, length]) => {
        const to = from + Math.max(0, length);
        const [start, end] = [Math.floor(from / 1000) * 1000, Math.ceil(to / 1000) * 1000];
        const windows = planWindows(from, to, minutes * MINUTE);
        expect(windows).toHaveLength(Math.ceil((end - start) / (minutes * MINUTE)));
        expect(windows[0]?.startMs ?? start).toBe(start);
        expect(windows.at(-1)?.endMs ?? end).toBe(end);
        for (const window of windows) expect(sent(window, 'Asia/Kolkata')).not.toBeNull();
      }),
      { numRuns: 500 },
    );
  });
});

describe('the 60-minute rule, over HTTP', () => {
  let stub: Stub;
  let client: ClickpostClient;
  beforeAll(async () => {
    stub = await startStub();
    stub.handle(() => ({ meta: { status: 200, success: true, message: 'SUCCESS' }, result: [] }));
    client = new ClickpostClient({
      key: 'k',
      username: 'u',
      baseUrl: stub.baseUrl,
      rateLimit: { limit: 10_000, intervalMs: 1000 },
    });
  });
  afterAll(async () => {
    await client.close();
    await stub.close();
  });

  it('a window of 61 minutes is never requested', async () => {
    const before = stub.requests.length;
    const startMs = Date.parse('2022-11-09T11:00:00Z');
    await expect(client.returnsDelta({ startMs, endMs: startMs + 61 * MINUTE })).rejects.toBeInstanceOf(
      ClickpostWindowError,
    );
    expect(stub.requests.length).toBe(before);
  });

  it('for generated windows, no request the server sees spans more than 60 minutes', async () => {
    await fc.assert(
      fc.asyncProperty(instant, fc.integer({ min: 0, max: 120 * MINUTE }), async (startMs, length) => {
        const before = stub.requests.length;
        const outcome = await client.returnsDelta({ startMs, endMs: startMs + length }).then(
          () => 'sent',
          (error: unknown) => {
            expect(error).toBeInstanceOf(ClickpostWindowError);
            return 'refused';
          },
        );
        const sent = stub.requests.slice(before);
        expect(sent).toHaveLength(outcome === 'sent' ? 1 : 0);
        for (const request of sent) {
          const span = Date.parse(`${request.query.end_time}Z`) - Date.parse(`${request.query.start_time}Z`);
          expect(span).toBeGreaterThan(0);
          expect(span).toBeLessThanOrEqual(60 * MINUTE);
        }
        if (length >= 61 * MINUTE) expect(outcome).toBe('refused');
      }),
      { numRuns: 200 },
    );
  }, 30_000);
});
