import type { ClientBase } from 'pg';

/** A connection or pool: what the row modules need to run statements. */
export type Queryable = Pick<ClientBase, 'query'>;
