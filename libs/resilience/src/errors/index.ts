export { BulkheadFullError, isBulkheadFullError } from './bulkhead-full.error';
export { CircuitOpenError, isCircuitOpenError } from './circuit-open.error';
export { isClientError } from './client-error';
export { DeadlineExceededError, isDeadlineExceededError } from './deadline-exceeded.error';
