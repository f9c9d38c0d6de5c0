import {
  type AwbRegistration,
  type ClickpostClient,
  ClickpostError,
  ClickpostNotFoundError,
  checkShipmentId,
} from '@shipfold/clickpost';
import type { Pool } from '@shipfold/db';

/**
 * Registering waybills with Clickpost for tracking (AWB register / unregister), with the outcome stored
 * in clickpost_registrations: `pending` while asking, then `registered` (also when Clickpost already
 * had it: 303), `unregistered`, or `failed` with Clickpost's error (status and message; the client
 * keeps the API key out of them).
 */

export type RegistrationState = 'pending' | 'registered' | 'unregistered' | 'failed';

export interface Registration {
  waybill: string;
  cpId: number;
  accountCode: string | null;
  state: RegistrationState;
  trackingId: number | null;
  lastError: string | null;
  registeredAt: string | null;
  unregisteredAt: string | null;
  updatedAt: string;
}

interface Row {
  waybill: string;
  cp_id: number;
  account_code: string | null;
  state: RegistrationState;
  tracking_id: string | null;
  last_error: string | null;
  registered_at: Date | null;
  unregistered_at: Date | null;
  updated_at: Date;
}

const COLUMNS =
  'waybill, cp_id, account_code, state, tracking_id, last_error, registered_at, unregistered_at, updated_at';

const toRegistration = (row: Row): Registration => ({
  waybill: row.waybill,
  cpId: row.cp_id,
  accountCode: row.account_code,
  state: row.state,
  trackingId: row.tracking_id === null ? null : Number(row.tracking_id),
  lastError: row.last_error,
  registeredAt: row.registered_at?.toISOString() ?? null,
  unregisteredAt: row.unregistered_at?.toISOString() ?? null,
  updatedAt: row.updated_at.toISOString(),
});

/** The stored registration of a shipment, or null (for the shipment API). */
export async function registrationOf(
  pool: Pool,
  waybill: string,
  cpId: number,
): Promise<Registration | null> {
  const { rows } = await pool.query<Row>(
    `SELECT ${COLUMNS} FROM clickpost_registrations WHERE waybill = $1 AND cp_id = $2`,
    [waybill, cpId],
  );
  return rows[0] ? toRegistration(rows[0]) : null;
}

const describe = (error: unknown): string =>
  error instanceof ClickpostError ? error.message : 'unexpected error while calling Clickpost';

export interface Registrar {
  register(input: AwbRegistration): Promise<Registration>;
  unregister(input: { waybill: string; cpId: number }): Promise<Registration>;
}

export function createRegistrar(
  pool: Pool,
  client: Pick<ClickpostClient, 'registerAwb' | 'unregisterAwb'>,
): Registrar {
  const save = async (sql: string, values: unknown[]): Promise<Registration> => {
    const { rows } = await pool.query<Row>(`${sql} RETURNING ${COLUMNS}`, values);
    return toRegistration(rows[0] as Row);
  };

  return {
    async register(input) {
      checkShipmentId('awb-register', input);
      await save(
        `INSERT INTO clickpost_registrations (waybill, cp_id, account_code, state)
         VALUES ($1, $2, $3, 'pending')
         ON CONFLICT (waybill, cp_id) DO UPDATE
           SET account_code = coalesce(excluded.account_code, clickpost_registrations.account_code),
               updated_at = now()`,
        [input.waybill, input.cpId, input.accountCode ?? null],
      );
      try {
        const result = await client.registerAwb(input);
        return await save(
          `UPDATE clickpost_registrations
           SET state = 'registered', tracking_id = $3, last_error = NULL, unregistered_at = NULL,
               registered_at = coalesce(registered_at, now()), updated_at = now()
           WHERE waybill = $1 AND cp_id = $2`,
          [input.waybill, input.cpId, result.trackingId],
        );
      } catch (error) {
        await save(
          `UPDATE clickpost_registrations SET state = 'failed', last_error = $3, updated_at = now()
           WHERE waybill = $1 AND cp_id = $2`,
          [input.waybill, input.cpId, describe(error)],
        );
        throw error;
      }
    },

    async unregister({ waybill, cpId }) {
      checkShipmentId('awb-unregister', { waybill, cpId });
      try {
        await client.unregisterAwb({ waybill, cpId });
      } catch (error) {
        // Clickpost not knowing the waybill (330) is the state we want.
        if (!(error instanceof ClickpostNotFoundError)) throw error;
      }
      return save(
        `INSERT INTO clickpost_registrations (waybill, cp_id, state, unregistered_at)
         VALUES ($1, $2, 'unregistered', now())
         ON CONFLICT (waybill, cp_id) DO UPDATE
           SET state = 'unregistered', unregistered_at = now(), last_error = NULL, updated_at = now()`,
        [waybill, cpId],
      );
    },
  };
}
