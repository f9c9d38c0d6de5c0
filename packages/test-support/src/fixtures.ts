import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The vendors' published samples and the constructed cases (see fixtures/README.md). */
export const FIXTURES_DIR = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** A fixture's text, by its path under fixtures/ (e.g. `clickpost/…json`). */
export const fixture = (path: string): string => readFileSync(`${FIXTURES_DIR}${path}`, 'utf8');
