// JoinGroup Request (Version: 1) => group_id session_timeout_ms rebalance_timeout_ms member_id protocol_type [protocols]
// JoinGroup Response (Version: 1) => error_code generation_id protocol_name leader member_id [members]
// Change from v0: a rebalance timeout separate from the session timeout (KIP-62).
import type { Decoder } from '../../decoder';
import type { JoinGroupRequest } from './types';
import * as v0 from './v0';

export function decodeRequest(decoder: Decoder): JoinGroupRequest {
  return decodeWithRebalanceTimeout(decoder, false);
}

export function decodeWithRebalanceTimeout(
  decoder: Decoder,
  instanceId: boolean,
): JoinGroupRequest {
  const groupId = decoder.readString();
  const sessionTimeoutMs = decoder.readInt32();
  const rebalanceTimeoutMs = decoder.readInt32();
  return v0.decodeRest(decoder, groupId, sessionTimeoutMs, rebalanceTimeoutMs, instanceId);
}

export const encodeResponse = v0.encodeResponse;
