import { type TSchema, Type } from '@sinclair/typebox';

/**
 * Scalar shapes as vendors really send them. The vendor schemas describe structure (which field is an
 * object, a list, a scalar; which fields must be present) and stay permissive about scalar types: the
 * tolerant reader in @shipfold/mapping turns these into clean values and rejects what it cannot read.
 */

/** An integer, also sent as a numeric string (`"ndr_status_code": "1"`), or null / "None" / "" for absent. */
export const LooseInteger = Type.Union([Type.Number(), Type.String({ maxLength: 64 }), Type.Null()], {
  description: 'Integer; numeric strings, "None", "" and null are tolerated',
});

/** Text, also sent as a number (a bucket description sent as `8`), or null / "None" / "" for absent. */
export const LooseText = Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()], {
  description: 'Text; numbers are read as their decimal form, "None", "" and null mean absent',
});

/** A boolean, also sent as `"true"`, `"True"`, `1`, … */
export const LooseBoolean = Type.Union([
  Type.Boolean(),
  Type.String({ maxLength: 16 }),
  Type.Number(),
  Type.Null(),
]);

/** A timestamp in any of the shapes the vendors use, or epoch seconds. */
export const LooseTimestamp = Type.Union([Type.String({ maxLength: 64 }), Type.Number(), Type.Null()], {
  description: 'ISO-8601 with or without zone, SQL-style, US a.m./p.m., or epoch seconds',
});

/** An optional field that may also be sent as null. */
export const Maybe = <T extends TSchema>(schema: T) => Type.Optional(Type.Union([schema, Type.Null()]));
