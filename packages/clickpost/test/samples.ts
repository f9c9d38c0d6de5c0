import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The published Clickpost samples (copied verbatim from ../shared/reference/clickpost into test/fixtures), as text. */
export const REFERENCE_DIR = join(import.meta.dirname, '../../../test/fixtures/clickpost');

export const sample = (name: string): string => readFileSync(join(REFERENCE_DIR, name), 'utf8');
