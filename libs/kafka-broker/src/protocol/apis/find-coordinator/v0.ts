// FindCoordinator Request (Version: 0) => key
// FindCoordinator Response (Version: 0) => error_code node_id host port
import type { Decoder } from '../../decoder';
import type { Encoder } from '../../encoder';
import type { FindCoordinatorRequest, FindCoordinatorResponse } from './types';

export function decodeRequest(decoder: Decoder): FindCoordinatorRequest {
  return { key: decoder.readString(), keyType: 0 };
}

export function encodeResponse(encoder: Encoder, body: FindCoordinatorResponse): void {
  encoder.writeInt16(body.errorCode);
  writeNode(encoder, body);
}

export function writeNode(encoder: Encoder, body: FindCoordinatorResponse): void {
  encoder.writeInt32(body.nodeId).writeString(body.host).writeInt32(body.port);
}
