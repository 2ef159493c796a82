/**
 * Header names more than one library (and the services between them) must agree on. One
 * definition, so a producer and a consumer cannot drift apart by a typo.
 */

/** Incoming HTTP header: the caller's absolute deadline, epoch ms. Shortens the route's budget. */
export const REQUEST_DEADLINE_HEADER = 'x-request-deadline';
/** Incoming HTTP header: the caller's remaining budget in ms. */
export const REQUEST_TIMEOUT_HEADER = 'x-request-timeout';
/** HTTP header: the request's id, echoed in the response and the logs. */
export const REQUEST_ID_HEADER = 'x-request-id';
/** Message header: the absolute deadline (epoch ms) after which the producer no longer cares. */
export const MESSAGE_DEADLINE_HEADER = 'x-deadline';
/** Message header: the message's id, the key consumers de-duplicate on (inbox). */
export const MESSAGE_ID_HEADER = 'x-message-id';
