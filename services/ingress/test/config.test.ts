import { ConfigError } from '@shipfold/config';
import { nearBoundary } from '@shipfold/test-support';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadIngressConfig } from '../src/config';

describe('loadIngressConfig', () => {
  it('has obviously dev-only local defaults', () => {
    const { env, secrets } = loadIngressConfig({});
    expect(secrets.clickpostWebhookKeys).toEqual(['dev-only-clickpost-webhook-key']);
    expect(secrets.increffHeader).toBe('x-increff-token');
    expect(env.INGRESS_MAX_BODY_BYTES).toBe(1024 * 1024);
  });

  it('takes two secrets per source during a rotation', () => {
    const { secrets } = loadIngressConfig({
      REDO_WEBHOOK_TOKENS: 'new-token-0123456789, old-token-0123456789',
      INCREFF_CALLBACK_HEADER: 'X-Callback-Key',
    });
    expect(secrets.redoBearerTokens).toEqual(['new-token-0123456789', 'old-token-0123456789']);
    expect(secrets.increffHeader).toBe('x-callback-key');
  });

  it('names every bad variable, never echoing a secret', () => {
    const attempt = () =>
      loadIngressConfig({
        CLICKPOST_WEBHOOK_KEYS: 'short',
        REDO_WEBHOOK_TOKENS: 'a-token-0123456789,b-token-0123456789,c-token-0123456789',
        INCREFF_CALLBACK_HEADER: 'bad header',
        INGRESS_LINGER_MS: 'soon',
      });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain('INCREFF_CALLBACK_HEADER');
      expect(message).toContain('INGRESS_LINGER_MS');
      expect(message).not.toContain('short');
    }
  });

  it('checks secrets: length, count, and no dev default in production', () => {
    expect(() => loadIngressConfig({ CLICKPOST_WEBHOOK_KEYS: 'short' })).toThrow(/CLICKPOST_WEBHOOK_KEYS/);
    expect(() =>
      loadIngressConfig({ REDO_WEBHOOK_TOKENS: 'a-token-0123456789,b-token-0123456789,c-token-0123456789' }),
    ).toThrow(/at most 2/);
    expect(() => loadIngressConfig({ NODE_ENV: 'production' })).toThrow(/dev-only/);
  });

  it('takes a body limit from 1 KiB to 16 MiB and a secret of 16 characters or more, at the edges too', () => {
    const loads = (source: Record<string, string>) => {
      try {
        loadIngressConfig(source);
        return true;
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return false;
      }
    };
    fc.assert(
      fc.property(
        fc.oneof(nearBoundary(1024, [1, 1024]), nearBoundary(16 * 1024 * 1024, [1, 1024])),
        fc.oneof(nearBoundary(16, [1, 2]), fc.integer({ min: 1, max: 64 })), // empty is unset: the default
        (limit, secretLength) => {
          expect(loads({ INGRESS_MAX_BODY_BYTES: String(limit) })).toBe(
            limit >= 1024 && limit <= 16 * 1024 * 1024,
          );
          const secret = 's'.repeat(secretLength);
          expect(loads({ CLICKPOST_WEBHOOK_KEYS: secret })).toBe(secretLength >= 16);
        },
      ),
      { numRuns: 200 },
    );
  });
});
