import {
  ClickpostTestWebhook,
  ClickpostWebhook,
  IncreffReturnCallback,
  RedoReturnEvent,
  type Source,
} from '@shipfold/contracts';
import { type TSchema, Type } from '@sinclair/typebox';
import { bearerCredential, type CredentialReader, headerCredential } from './credentials';
import type { KeyedSource } from './partition-key';

/** How one sender reaches ingress: its route, how it authenticates and how it expects an answer. */
export interface WebhookSource {
  /** Route below /v1/webhooks. */
  path: string;
  source: Source;
  keyedAs: KeyedSource;
  summary: string;
  /** The vendor's payload, for the OpenAPI document only: bodies are recorded, never validated here. */
  payload: TSchema;
  /** The header that carries the secret: never kept in the envelope, never logged. */
  secretHeader: string;
  credential: CredentialReader;
  /** Currently valid secrets: one, or two during a rotation. */
  secrets: readonly string[];
  /** Increff expects 200 with an empty body; the others get the delivery id. */
  emptyAnswer: boolean;
}

export interface SourceSecrets {
  clickpostWebhookKeys: readonly string[];
  redoBearerTokens: readonly string[];
  increffHeader: string;
  increffSecrets: readonly string[];
}

export function webhookSources(secrets: SourceSecrets): WebhookSource[] {
  return [
    {
      path: '/clickpost',
      source: 'clickpost.webhook',
      keyedAs: 'clickpost',
      summary:
        'Clickpost webhooks: tracking (all-status and selected events), NDR, return/RVP tracking, ' +
        'Return Order Placed, Return Request Approved and the test webhook',
      payload: Type.Union([ClickpostWebhook, ClickpostTestWebhook]),
      secretHeader: 'webhook_key',
      credential: headerCredential('webhook_key'),
      secrets: secrets.clickpostWebhookKeys,
      emptyAnswer: false,
    },
    {
      path: '/redo',
      source: 'redo.webhook',
      keyedAs: 'redo',
      summary: 'Redo return events (created, updated, backfill)',
      payload: RedoReturnEvent,
      secretHeader: 'authorization',
      credential: bearerCredential,
      secrets: secrets.redoBearerTokens,
      emptyAnswer: false,
    },
    {
      path: '/increff/return-orders',
      source: 'increff.return-callback',
      keyedAs: 'increff',
      summary: "Increff's return-order processing callback (answered with 200 and an empty body)",
      payload: IncreffReturnCallback,
      secretHeader: secrets.increffHeader.toLowerCase(),
      credential: headerCredential(secrets.increffHeader),
      secrets: secrets.increffSecrets,
      emptyAnswer: true,
    },
  ];
}
