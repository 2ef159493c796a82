export { InboxMessage } from './inbox.entity';
export { InboxService, type ProcessOnceResult } from './inbox.service';
