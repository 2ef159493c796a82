import { Logger } from '@nestjs/common';
import { logLevel, type logCreator } from 'kafkajs';

/**
 * kafkajs warns "Limiting retries for the idempotent producer may invalidate EoS guarantees" for
 * every idempotent producer whose retries are finite, i.e. at every start. Bulwark's producers are
 * idempotent so a broker-side retry neither duplicates nor reorders a key's messages, and their
 * retries are finite on purpose so a send fails instead of hanging. Nothing relies on producer
 * exactly-once: a send that runs out of retries fails, the outbox keeps its row (a consumer does
 * not commit its offset) and sends again, and the consuming inbox drops the duplicate by its
 * `x-message-id`. So the line is logged at debug, with that explanation, not as a warning.
 */
const EOS_WARNING = 'Limiting retries for the idempotent producer may invalidate EoS guarantees';
const EOS_EXPLANATION =
  'expected: retries are finite so a send fails instead of hanging; nothing is lost or applied twice (the outbox resends, the inbox drops duplicates by x-message-id)';

/** kafkajs's log lines through a Nest `Logger` (the app's logger), as Nest's own KafkaLogger. */
export function kafkaLogCreator(context: string): logCreator {
  const logger = new Logger(context);
  return () =>
    ({ namespace, level, label, log }) => {
      const { message, timestamp: _timestamp, logger: _logger, ...rest } = log;
      const extra = Object.keys(rest).length ? ` ${JSON.stringify(rest)}` : '';
      if (message === EOS_WARNING) {
        logger.debug(`[${namespace}] ${message}: ${EOS_EXPLANATION}`);
        return;
      }
      const line = `${label} [${namespace}] ${message}${extra}`;
      if (level === logLevel.ERROR || level === logLevel.NOTHING) logger.error(line);
      else if (level === logLevel.WARN) logger.warn(line);
      else if (level === logLevel.INFO) logger.log(line);
      else logger.debug(line);
    };
}
