export {
  currentDeadline,
  Deadline,
  deadlineHeaders,
  remainingBudget,
  runWithDeadline,
  runWithoutDeadline,
} from './deadline';
export { deadlineSource } from './deadline-source';
export { DeadlineContext, DeadlinePolicy, timeoutPolicy } from './deadline.policy';
export { budgetFor, kafkaSendTimeout, redisWithinBudget, withStatementTimeout } from './downstream';
export { handleUnlessExpired, isMessageExpired } from './expired-message';
export type { HandleUnlessExpiredOptions, MessageOutcome } from './expired-message';
export { type HeaderBag, messageDeadlineAt, requestDeadlineAt } from './headers';
