export {
  type RetryPolicyOptions,
  type ResolvedRetryPolicy,
  resolveRetryPolicy,
  DEFAULT_RETRY_ATTEMPTS,
  DEFAULT_RETRY_BACKOFF,
} from './retry-policy';
export * from './failure-action';
export { RetryPolicy, getRetryPolicyExtra, RETRY_POLICY_EXTRA } from './retry-policy.decorator';
export { MessagingExceptionFilter } from './messaging-exception.filter';
