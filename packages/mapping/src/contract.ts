import { type DomainEvent, ReturnEvent, ShipmentEvent } from '@shipfold/contracts';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { reject } from './rejection';

const shipmentEvent = TypeCompiler.Compile(ShipmentEvent);
const returnEvent = TypeCompiler.Compile(ReturnEvent);

/**
 * Last guard before an event leaves the normalizer: it must satisfy its published contract, or the
 * delivery is rejected (and kept in the DLQ) instead of producing a record consumers cannot trust.
 */
export function checkContract(event: DomainEvent): void {
  const check = event.type === 'shipment.status-observed' ? shipmentEvent : returnEvent;
  const value: unknown = event;
  if (check.Check(value)) return;
  const error = check.Errors(value).First();
  reject(
    'schema-violation',
    `derived ${event.type} event breaks its contract${error ? ` at ${error.path || '/'}: ${error.message}` : ''}`,
  );
}
