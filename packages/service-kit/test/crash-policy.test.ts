import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../src/backoff';
import { keepTrying } from '../src/keep-trying';

function recorder() {
  const lines: string[] = [];
  return {
    lines,
    log: {
      info: (_details: Record<string, unknown>, message: string) => lines.push(`info ${message}`),
      warn: (_details: Record<string, unknown>, message: string) => lines.push(`warn ${message}`),
    },
  };
}
const fast = { initialMs: 1, maxMs: 4 };

describe('keepTrying', () => {
  it('retries until the attempt succeeds, logging the change of state twice, not every retry', async () => {
    const { lines, log } = recorder();
    let attempts = 0;
    const done = await keepTrying(
      'the registry',
      async () => {
        attempts++;
        if (attempts < 6) throw new Error('ECONNREFUSED');
      },
      { log, stopped: () => false, backoff: fast },
    );
    expect(done).toBe(true);
    expect(attempts).toBe(6);
    expect(lines).toEqual([
      'warn the registry: failed, retrying with backoff until it works',
      'info the registry: done after waiting',
    ]);
  });

  it('says nothing when the first attempt works', async () => {
    const { lines, log } = recorder();
    expect(
      await keepTrying('Kafka', async () => undefined, { log, stopped: () => false, backoff: fast }),
    ).toBe(true);
    expect(lines).toEqual([]);
  });

  it('gives up quietly once the service stops', async () => {
    const { log } = recorder();
    let attempts = 0;
    let stopped = false;
    const done = await keepTrying(
      'PostgreSQL',
      async () => {
        attempts++;
        if (attempts === 3) stopped = true;
        throw new Error('down');
      },
      { log, stopped: () => stopped, backoff: fast },
    );
    expect(done).toBe(false);
    expect(attempts).toBe(3);
  });
});

describe('backoffDelay', () => {
  it('doubles from the first wait up to the cap, with the upper half random', () => {
    const policy = { initialMs: 500, maxMs: 30_000 };
    expect([1, 2, 3, 4, 7, 8, 20].map((retry) => backoffDelay(retry, policy, () => 0))).toEqual([
      250, 500, 1000, 2000, 15_000, 15_000, 15_000,
    ]);
    expect(backoffDelay(1, policy, () => 0.999_999)).toBe(500);
    expect(backoffDelay(9, policy, () => 0.999_999)).toBe(30_000);
  });
});

describe('exitOnFatal', () => {
  it('exits with code 1 after the deadline even when a shutdown hook hangs', async () => {
    const service = fileURLToPath(new URL('../src/service.ts', import.meta.url));
    const script = `
      const { createService } = await import(${JSON.stringify(service)});
      const service = createService({ name: 't', host: '127.0.0.1', port: 0, logLevel: 'silent' });
      service.onShutdown(() => new Promise(() => setInterval(() => {}, 1000)));
      await service.start();
      service.exitOnFatal(new Error('consumer crashed for good'), 300);`;
    const started = Date.now();
    const code = await new Promise<number | null>((resolve) => {
      execFile(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], (error) =>
        resolve(error ? (typeof error.code === 'number' ? error.code : null) : 0),
      );
    });
    expect(code).toBe(1);
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});

describe('stopOnSignals', () => {
  const service = fileURLToPath(new URL('../src/service.ts', import.meta.url));
  /** Runs a service that stops on signals (with a shutdown hook that hangs, or not), sends SIGTERM, returns the exit code. */
  async function exitCodeAfterSigterm(hookHangs: boolean): Promise<number | null> {
    const script = `
      const { createService } = await import(${JSON.stringify(service)});
      const service = createService({ name: 't', host: '127.0.0.1', port: 0, logLevel: 'silent' });
      ${hookHangs ? 'service.onShutdown(() => new Promise(() => setInterval(() => {}, 1000)));' : ''}
      service.stopOnSignals(300);
      await service.start();
      process.stdout.write('listening\\n');`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve) =>
      child.stdout.on('data', (data) => String(data).includes('listening') && resolve()),
    );
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    return code as number | null;
  }

  it('exits 0 once the graceful shutdown is done', async () => {
    expect(await exitCodeAfterSigterm(false)).toBe(0);
  });

  it('exits 1 when the shutdown does not finish within its deadline', async () => {
    expect(await exitCodeAfterSigterm(true)).toBe(1);
  });
});
