import { describe, expect, it } from 'vitest';
import { chooseJava, parseJavaRelease } from '../src/java';

describe('parseJavaRelease', () => {
  it.each([
    ['IMPLEMENTOR="Debian"\nJAVA_VERSION="17.0.15"\n', 17],
    ['JAVA_VERSION="25.0.3"\nJAVA_VERSION_DATE="2026-04-21"', 25],
    ['JAVA_VERSION="21"', 21],
    ['JAVA_VERSION="1.8.0_392"', 8],
  ])('reads %j as %i', (text, major) => expect(parseJavaRelease(text)).toBe(major));

  it.each(['', 'JAVA_RUNTIME_VERSION="17.0.15+6"', 'JAVA_VERSION=17', 'JAVA_VERSION="abc"'])(
    'finds none in %j',
    (text) => expect(parseJavaRelease(text)).toBeUndefined(),
  );
});

describe('chooseJava', () => {
  const jdk17 = { home: '/usr/lib/jvm/java-17', major: 17 };
  const jdk21 = { home: '/usr/lib/jvm/java-21', major: 21 };
  const jdk25 = { home: '/usr/lib/jvm/temurin-25', major: 25 };

  it('takes the first candidate that is new enough, in the order of preference', () => {
    expect(chooseJava([jdk17, jdk21, jdk25], 17)).toBe(jdk17);
    expect(chooseJava([jdk17, jdk21, jdk25], 21)).toBe(jdk21);
    expect(chooseJava([jdk17, jdk25], 21)).toBe(jdk25);
  });

  it('finds none when all are too old', () => {
    expect(chooseJava([jdk17], 21)).toBeUndefined();
    expect(chooseJava([], 17)).toBeUndefined();
  });
});
