import { ConfigError } from '@shipfold/config';
import { describe, expect, it } from 'vitest';
import { groupIdOf, loadNormalizerConfig } from '../src/config';

describe('normalizer configuration', () => {
  it('has local defaults', () => {
    const env = loadNormalizerConfig({});
    expect(env).toMatchObject({ PORT: 8082, CLICKPOST_TIMEZONE: 'Asia/Kolkata', TOPIC_PREFIX: 'shipfold' });
    expect(groupIdOf(env)).toBe('shipfold.normalizer');
    expect(groupIdOf(loadNormalizerConfig({ TOPIC_PREFIX: 'x', NORMALIZER_GROUP_ID: 'g' }))).toBe('g');
  });

  it('refuses a zone that is not an IANA zone, and names the variable', () => {
    expect(() => loadNormalizerConfig({ CLICKPOST_TIMEZONE: 'Mars/Olympus' })).toThrow(ConfigError);
    expect(() => loadNormalizerConfig({ CLICKPOST_TIMEZONE: 'Mars/Olympus' })).toThrow(/CLICKPOST_TIMEZONE/);
    expect(() => loadNormalizerConfig({ NORMALIZER_CHUNK_RECORDS: '0' })).toThrow(/NORMALIZER_CHUNK_RECORDS/);
  });
});
