// InitProducerId Request (Version: 0) => transactional_id transaction_timeout_ms
// InitProducerId Response (Version: 0) => throttle_time_ms error_code producer_id producer_epoch
// Gives an idempotent producer its id and epoch (KIP-98).
import type { Decoder } from '../../decoder';
import type { Encoder } from '../../encoder';
import type { InitProducerIdRequest, InitProducerIdResponse } from './types';

export function decodeRequest(decoder: Decoder): InitProducerIdRequest {
  const transactionalId = decoder.readNullableString();
  return { transactionalId, transactionTimeoutMs: decoder.readInt32() };
}

export function encodeResponse(encoder: Encoder, body: InitProducerIdResponse): void {
  encoder.writeInt32(body.throttleTimeMs).writeInt16(body.errorCode);
  encoder.writeInt64(body.producerId).writeInt16(body.producerEpoch);
}
