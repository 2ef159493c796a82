import { ApiKey } from '../../api-keys';
import { defineApi } from '../api';
import type { OffsetCommitRequest, OffsetCommitResponse } from './types';
import * as v2 from './v2';
import * as v3 from './v3';
import * as v4 from './v4';
import * as v5 from './v5';

export const offsetCommitApi = defineApi<OffsetCommitRequest, OffsetCommitResponse>(
  ApiKey.OffsetCommit,
  { 2: v2, 3: v3, 4: v4, 5: v5 },
);
export type { OffsetCommitRequest, OffsetCommitResponse } from './types';
