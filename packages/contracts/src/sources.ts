import { type Static, Type } from '@sinclair/typebox';

/** Where a raw delivery came from: a pushed webhook or a polled API. */
export const Source = Type.Union(
  [
    Type.Literal('clickpost.webhook'),
    Type.Literal('clickpost.returns-delta'),
    Type.Literal('clickpost.track-order'),
    Type.Literal('redo.webhook'),
    Type.Literal('increff.return-callback'),
  ],
  { description: 'The channel a raw delivery came through' },
);
export type Source = Static<typeof Source>;

export const SOURCES: readonly Source[] = Source.anyOf.map((literal) => literal.const);

export const isSource = (value: string): value is Source => (SOURCES as readonly string[]).includes(value);
