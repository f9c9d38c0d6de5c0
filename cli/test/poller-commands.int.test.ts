import { ClickpostSimulator } from '@shipfold/clickpost-simulator';
import { waitFor } from '@shipfold/test-support';
import { freshDatabase, freshTopics, readRawTopic } from '@shipfold/test-support/integration';
import type { Command } from 'commander';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { backfillCommand } from '../src/commands/backfill';
import { registerCommand } from '../src/commands/register';

/** The `backfill returns` and `register` commands, run in-process with the poller's configuration. */

const KEY = 'cli-int-test-key';
let simulator: ClickpostSimulator;
let savedEnv: NodeJS.ProcessEnv;
let names: Awaited<ReturnType<typeof freshTopics>>['names'];

beforeAll(async () => {
  simulator = new ClickpostSimulator({
    seed: 'cli-int',
    key: KEY,
    world: { shipments: 20, returnRate: 0.8 },
  });
  const baseUrl = await simulator.listen();
  const topics = await freshTopics();
  names = topics.names;
  savedEnv = { ...process.env };
  const endpoints = inject('endpoints');
  Object.assign(process.env, {
    KAFKA_BROKERS: endpoints.kafkaBrokers,
    SCHEMA_REGISTRY_URL: endpoints.schemaRegistryUrl,
    DATABASE_URL: await freshDatabase(),
    TOPIC_PREFIX: topics.prefix,
    CLICKPOST_API_KEY: KEY,
    CLICKPOST_BASE_URL: baseUrl,
    CLICKPOST_REQUESTS_PER_SECOND: '200',
  });
});
afterAll(async () => {
  process.env = savedEnv;
  await simulator?.close();
});
afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

/** Runs a command with `args`, capturing stdout and stderr; commander's own exits become errors. */
async function run(command: Command, args: string[]) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout.push(String(chunk));
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr.push(String(chunk));
    return true;
  });
  const exitOverride = (cmd: Command) => {
    cmd
      .exitOverride()
      .configureOutput({ writeErr: (text) => stderr.push(text), writeOut: (text) => stdout.push(text) });
    cmd.commands.forEach(exitOverride);
  };
  exitOverride(command);
  let thrown: unknown = null;
  try {
    await command.parseAsync(args, { from: 'user' });
  } catch (error) {
    thrown = error;
  }
  vi.restoreAllMocks();
  return { stdout: stdout.join(''), stderr: stderr.join(''), thrown, exitCode: process.exitCode };
}

describe('shipfold backfill returns', () => {
  it('walks the range and publishes every return', async () => {
    const reader = await readRawTopic(names);
    try {
      const from = new Date(
        Math.min(...simulator.state.world.returns.map((order) => order.requestedAt)) - 3_600_000,
      );
      const result = await run(backfillCommand(), [
        'returns',
        '--from',
        from.toISOString(),
        '--to',
        new Date().toISOString(),
      ]);
      expect(result.thrown).toBeNull();
      const summary = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}');
      expect(summary.results).toBe(simulator.state.world.returns.length);
      expect(summary.windows).toBeGreaterThan(1);
      expect(result.stderr).toContain('windows');
      await waitFor(
        'every backfilled return on the raw topic',
        () => reader.records.length === summary.results,
      );
      expect(new Set(reader.records.map(({ key }) => key))).toEqual(
        new Set(simulator.state.world.returns.map((order) => `return:${order.returnReference}`)),
      );
    } finally {
      await reader.stop();
    }
  }, 60_000);

  it.each([
    [['returns', '--from', 'last tuesday']],
    [['returns', '--from', '2024-06-01T10:00:00Z', '--to', '2024-13-01']],
    [['returns']],
  ])('refuses %j', async (args) => {
    const result = await run(backfillCommand(), args);
    expect(result.thrown).toMatchObject({ exitCode: 1 });
  });

  it('refuses a range that ends before it starts', async () => {
    const result = await run(backfillCommand(), ['returns', '--from', '2024-06-02', '--to', '2024-06-01']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('--to must be after --from');
  });
});

describe('shipfold register', () => {
  it('registers, then unregisters, printing the stored state', async () => {
    const registered = await run(registerCommand(), [
      'CLI-AWB-1',
      '--cp-id',
      '4',
      '--account-code',
      'Delhivery_Express_B2C',
    ]);
    expect(registered.thrown).toBeNull();
    expect(JSON.parse(registered.stdout)).toMatchObject({
      waybill: 'CLI-AWB-1',
      cpId: 4,
      state: 'registered',
    });
    const unregistered = await run(registerCommand(), ['CLI-AWB-1', '--cp-id', '4', '--unregister']);
    expect(JSON.parse(unregistered.stdout)).toMatchObject({ state: 'unregistered' });
  });

  it('a bad waybill or cp id is refused; a wrong key is reported without the key', async () => {
    expect((await run(registerCommand(), ['A,B', '--cp-id', '4'])).exitCode).toBe(1);
    expect((await run(registerCommand(), ['AWB', '--cp-id', 'x'])).thrown).toMatchObject({ exitCode: 1 });
    process.env.CLICKPOST_API_KEY = 'a-wrong-key';
    try {
      const result = await run(registerCommand(), ['CLI-AWB-2', '--cp-id', '4']);
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toContain('status 301');
      expect(result.stderr).not.toContain('a-wrong-key');
    } finally {
      process.env.CLICKPOST_API_KEY = KEY;
    }
  });
});
