import { initProducerIdApi } from '../protocol/apis/init-producer-id';
import { errorCode } from '../protocol/error-codes';
import { route } from './types';

/**
 * InitProducerId: a fresh producer id at epoch 0 for idempotent producers (KIP-98).
 *
 * Transactions are not implemented, so a transactional id is refused at once. Accepting it
 * made the producer hang until its own timeout at the first AddPartitionsToTxn (issue 20 f).
 * TRANSACTIONAL_ID_AUTHORIZATION_FAILED is what Kafka answers when a client may not use a
 * transactional id; both kafkajs (non-retriable protocol error) and librdkafka (fatal error
 * from init_transactions) give up on it at once instead of retrying, which UNSUPPORTED_VERSION
 * or a retriable coordinator error would not guarantee. The broker log says why.
 */
export const initProducerIdRoute = route(initProducerIdApi, (request, context, core) => {
  if (request.transactionalId !== null) {
    core.options.logger.warn(
      `${context.clientId}: refused transactional id ${request.transactionalId}: transactions are not supported`,
    );
    return {
      throttleTimeMs: 0,
      errorCode: errorCode('TRANSACTIONAL_ID_AUTHORIZATION_FAILED'),
      producerId: -1,
      producerEpoch: -1,
    };
  }
  return { throttleTimeMs: 0, errorCode: 0, producerId: core.nextProducerId(), producerEpoch: 0 };
});
