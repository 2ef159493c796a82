import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { VersionCodec } from '../src/protocol/apis/api';
import { Decoder } from '../src/protocol/decoder';
import { Encoder } from '../src/protocol/encoder';

/** A request/response pair captured from real client traffic (see fixtures/README.md). */
export interface Golden {
  readonly request: Buffer;
  readonly response: Buffer;
  /** The response body the broker encoded, with Buffers revived. */
  readonly body: unknown;
}

export function loadGolden(apiDir: string, name: string): Golden {
  const base = join(apiDir, 'fixtures', name);
  const json = readFileSync(`${base}_response.json`, 'utf8');
  return {
    request: readFileSync(`${base}_request.bin`),
    response: readFileSync(`${base}_response.bin`),
    body: JSON.parse(json, reviveBuffer) as unknown,
  };
}

/** Skips request header v1 and decodes the body; fails when bytes are left over. */
export function decodeGoldenRequest<Req>(codec: VersionCodec<Req, unknown>, frame: Buffer) {
  const decoder = new Decoder(frame);
  const header = {
    apiKey: decoder.readInt16(),
    apiVersion: decoder.readInt16(),
    correlationId: decoder.readInt32(),
    clientId: decoder.readNullableString(),
  };
  const body = codec.decodeRequest(decoder);
  if (decoder.remaining !== 0) throw new Error(`${decoder.remaining} bytes left after the body`);
  return { header, body };
}

/** Encodes a response exactly as the connection does: correlation id, then the body. */
export function encodeGoldenResponse<Res>(
  codec: VersionCodec<unknown, Res>,
  correlationId: number,
  body: Res,
): Buffer {
  const encoder = new Encoder().writeInt32(correlationId);
  codec.encodeResponse(encoder, body);
  return encoder.toBuffer();
}

function reviveBuffer(_key: string, value: unknown): unknown {
  const candidate = value as { type?: string; data?: number[] } | null;
  if (candidate?.type === 'Buffer' && Array.isArray(candidate.data))
    return Buffer.from(candidate.data);
  return value;
}
