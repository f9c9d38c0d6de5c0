import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { FIXTURES_DIR } from '@shipfold/test-support';

/**
 * The project's payload fixtures (@shipfold/test-support, fixtures/README.md): the published reference
 * samples, the seeds' payloads (also as published, malformed) and constructed sender quirks,
 * one folder per vendor, which is also the route they are posted to.
 */
const fixturesDir = FIXTURES_DIR;

export type Route = 'clickpost' | 'redo' | 'increff';

export interface Fixture {
  name: string;
  route: Route;
  /** The bytes to post, exactly as in the file. */
  body: Buffer;
}

/** One fixture's text, by its path below the fixtures folder (e.g. `redo/redo_webhook_return-event-created_1.json`). */
export const fixtureText = (relative: string): string =>
  readFileSync(path.join(fixturesDir, relative), 'utf8');

export const webhookFixtures = (): Fixture[] =>
  (['clickpost', 'redo', 'increff'] as const).flatMap((route) =>
    readdirSync(path.join(fixturesDir, route))
      .filter((file) => file.endsWith('.json') || file.endsWith('.txt'))
      .sort()
      .map((file) => ({
        name: `${route}/${file}`,
        route,
        body: readFileSync(path.join(fixturesDir, route, file)),
      })),
  );

export const isValidJson = (body: Buffer): boolean => {
  try {
    JSON.parse(body.toString('utf8'));
    return true;
  } catch {
    return false;
  }
};
