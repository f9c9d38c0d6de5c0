import { describe, expect, it } from 'vitest';
import { loadProjectorConfig, projectorProcessEnv } from '../src/config';

describe('the projector process environment', () => {
  it('asks glibc for huge pages', () => {
    expect(projectorProcessEnv({})).toEqual({ GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1' });
  });

  it("leaves the caller's own glibc tunables as they are", () => {
    expect(projectorProcessEnv({ GLIBC_TUNABLES: 'glibc.malloc.arena_max=2' })).toEqual({
      GLIBC_TUNABLES: 'glibc.malloc.arena_max=2',
    });
  });
});

describe('the projector configuration', () => {
  it('has local defaults', () => {
    const config = loadProjectorConfig({});
    expect(config.PROJECTOR_PARTITIONS_CONCURRENTLY).toBe(2);
    expect(config.PROJECTOR_DB_POOL_SIZE).toBe(4);
  });

  it('refuses a fetch size out of bounds, naming the variable', () => {
    expect(() => loadProjectorConfig({ PROJECTOR_MAX_BYTES_PER_PARTITION: '1024' })).toThrow(
      /PROJECTOR_MAX_BYTES_PER_PARTITION/,
    );
  });
});
