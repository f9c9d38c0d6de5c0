import { describe, expect, it } from 'vitest';
import { cacheKey } from '../src/cache';
import { formatBytes, parseMavenDownload } from '../src/maven-output';

describe('parseMavenDownload', () => {
  it('reports jars and archives with their size', () => {
    expect(
      parseMavenDownload(
        '[INFO] Downloaded from central: https://repo.maven.apache.org/maven2/org/apache/kafka/kafka_2.13/3.9.1/kafka_2.13-3.9.1.jar (4.7 MB at 2.1 MB/s)',
      ),
    ).toEqual({ file: 'kafka_2.13-3.9.1.jar', size: '4.7 MB' });
    expect(
      parseMavenDownload(
        'Downloaded from central: https://repo.maven.apache.org/maven2/io/apicurio/apicurio-registry-app/3.3.3/apicurio-registry-app-3.3.3-all.tar.gz (159 MB)',
      ),
    ).toEqual({ file: 'apicurio-registry-app-3.3.3-all.tar.gz', size: '159 MB' });
  });

  it.each([
    '[INFO] Downloaded from central: https://repo.maven.apache.org/maven2/org/apache/kafka/kafka_2.13/3.9.1/kafka_2.13-3.9.1.pom (5.1 kB at 90 kB/s)',
    '[INFO] Downloading from central: https://repo.maven.apache.org/maven2/org/apache/kafka/kafka_2.13/3.9.1/kafka_2.13-3.9.1.jar',
    '[INFO] BUILD SUCCESS',
    '',
  ])('ignores %j', (line) => expect(parseMavenDownload(line)).toBeUndefined());
});

describe('cacheKey', () => {
  it('changes with the pom and names the component', () => {
    expect(cacheKey('kafka', '<a/>')).toMatch(/^kafka-[0-9a-f]{12}$/);
    expect(cacheKey('kafka', '<a/>')).toBe(cacheKey('kafka', '<a/>'));
    expect(cacheKey('kafka', '<a/>')).not.toBe(cacheKey('kafka', '<b/>'));
  });
});

describe('formatBytes', () => {
  it.each([
    [512, '512 B'],
    [2048, '2 KiB'],
    [47_710_000, '45.5 MiB'],
  ])('%i -> %s', (bytes, text) => expect(formatBytes(bytes)).toBe(text));
});
