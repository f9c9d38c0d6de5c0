import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES_DIR } from '@shipfold/test-support';

/** The published Clickpost samples (copied verbatim from the vendor's reference into the fixtures), as text. */
export const REFERENCE_DIR = join(FIXTURES_DIR, 'clickpost');

export const sample = (name: string): string => readFileSync(join(REFERENCE_DIR, name), 'utf8');
