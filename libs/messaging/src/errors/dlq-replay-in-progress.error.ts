import { MessagingError } from './messaging.error';

/**
 * A replay of all dead letters of a topic is already running in this process. Replays of all
 * share one consumer group per topic (so each sends only what arrived since the last); two at
 * once would keep that group rebalancing and neither would finish. HTTP callers map it to 409.
 * @publicApi
 */
export class DlqReplayInProgressError extends MessagingError {
  readonly isDlqReplayInProgressError = true;

  constructor(readonly topic: string) {
    super(
      `A replay of all dead letters of '${topic}' is already running; retry when it ends`,
      false,
      {
        topic,
      },
    );
  }
}

/** Guard for {@link DlqReplayInProgressError}. */
export function isDlqReplayInProgressError(error: unknown): error is DlqReplayInProgressError {
  return typeof error === 'object' && error !== null && 'isDlqReplayInProgressError' in error;
}
