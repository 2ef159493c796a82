export { InboxMessage } from './inbox.entity';
export { InboxService, type ProcessBatchOnceResult, type ProcessOnceResult } from './inbox.service';
