import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { type RawEnvelope, SOURCES, type Source, TRACK_ORDER_CP_ID_HEADER } from '@shipfold/contracts';
import { DEFAULT_CLICKPOST_ZONE, isValidZone, normalize } from '@shipfold/mapping';
import { Command, InvalidArgumentError, Option } from 'commander';
import { v7 as uuidv7 } from 'uuid';

/** Exit codes: a payload was rejected; a file could not be read (takes precedence). */
const EXIT_REJECTED = 2;
const EXIT_UNREADABLE = 1;

interface NormalizeFlags {
  source: Source;
  zone: string;
  cpId?: string;
}

/**
 * `shipfold normalize [--source SOURCE] FILE...`: the normalizer's code path on payload files. Each file
 * is one delivery, wrapped in an envelope as the ingress would; its events go to stdout as NDJSON. A
 * rejected payload is one JSON line `{"error": CODE, "detail", "path", "file"}` on stderr and exit 2.
 */
export const normalizeCommand = (): Command =>
  new Command('normalize')
    .description('normalize vendor payload files into domain events, printed as NDJSON on stdout')
    .argument('<files...>', 'payload files, each one delivery')
    .addOption(
      new Option('--source <source>', 'the channel the payloads came through')
        .choices(SOURCES)
        .default('clickpost.webhook'),
    )
    .addOption(
      new Option('--zone <zone>', 'IANA zone of naive Clickpost timestamps')
        .default(DEFAULT_CLICKPOST_ZONE)
        .argParser(zone),
    )
    .addOption(
      new Option(
        '--cp-id <id>',
        'courier partner id a track-order response was asked for (older responses omit it)',
      ).argParser(courierPartnerId),
    )
    .action(async (files: string[], flags: NormalizeFlags) => {
      let exitCode = 0;
      for (const file of files) {
        const outcome = await normalizeFile(file, flags);
        if (outcome === 'unreadable') exitCode = EXIT_UNREADABLE;
        else if (outcome === 'rejected' && exitCode === 0) exitCode = EXIT_REJECTED;
      }
      // Set, not exit(): stdout and stderr drain before the process ends.
      process.exitCode = exitCode;
    });

async function normalizeFile(file: string, flags: NormalizeFlags): Promise<'ok' | 'rejected' | 'unreadable'> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    process.stderr.write(`${JSON.stringify({ error: 'unreadable-file', detail, file })}\n`);
    return 'unreadable';
  }
  const result = normalize(envelopeOf(bytes, flags), { clickpostZone: flags.zone });
  if (!result.ok) {
    const { reason, detail, path } = result;
    process.stderr.write(`${JSON.stringify({ error: reason, detail, path, file })}\n`);
    return 'rejected';
  }
  for (const event of result.events) process.stdout.write(`${JSON.stringify(event)}\n`);
  return 'ok';
}

/** The envelope the ingress (or poller) would have written for these bytes. */
function envelopeOf(bytes: Buffer, flags: NormalizeFlags): RawEnvelope {
  const deliveryId = uuidv7();
  return {
    deliveryId,
    source: flags.source,
    receivedAt: new Date().toISOString(),
    contentType: 'application/json',
    headers: flags.cpId === undefined ? {} : { [TRACK_ORDER_CP_ID_HEADER]: flags.cpId },
    body: bytes.toString('utf8'),
    contentSha256: createHash('sha256').update(bytes).digest('hex'),
    partitionKey: deliveryId,
  };
}

function zone(value: string): string {
  if (!isValidZone(value)) throw new InvalidArgumentError(`not an IANA time zone: ${value}`);
  return value;
}

function courierPartnerId(value: string): string {
  if (!/^\d{1,9}$/.test(value)) throw new InvalidArgumentError('a courier partner id is a number');
  return value;
}
