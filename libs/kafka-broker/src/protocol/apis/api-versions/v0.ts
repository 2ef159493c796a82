// ApiVersions Request (Version: 0) =>
// ApiVersions Response (Version: 0) => error_code [api_keys] ; api_keys => api_key min_version max_version
import type { Decoder } from '../../decoder';
import type { Encoder } from '../../encoder';
import type { ApiVersionsRequest, ApiVersionsResponse } from './types';

export function decodeRequest(_decoder: Decoder): ApiVersionsRequest {
  return {};
}

export function encodeResponse(encoder: Encoder, body: ApiVersionsResponse): void {
  encoder.writeInt16(body.errorCode).writeArray(body.apiKeys, (e, range) => {
    e.writeInt16(range.apiKey).writeInt16(range.minVersion).writeInt16(range.maxVersion);
  });
}
