import { initProducerIdApi } from '../protocol/apis/init-producer-id';
import { route } from './types';

/**
 * InitProducerId: a fresh producer id at epoch 0 (KIP-98). Transactions are not implemented,
 * so a transactional id gets an id too but no fencing of older epochs.
 */
export const initProducerIdRoute = route(initProducerIdApi, (_request, _context, core) => ({
  throttleTimeMs: 0,
  errorCode: 0,
  producerId: core.nextProducerId(),
  producerEpoch: 0,
}));
