import { ApiKey } from '../../api-keys';
import { defineApi } from '../api';
import type { OffsetFetchRequest, OffsetFetchResponse } from './types';
import * as v1 from './v1';
import * as v2 from './v2';
import * as v3 from './v3';
import * as v4 from './v4';

export const offsetFetchApi = defineApi<OffsetFetchRequest, OffsetFetchResponse>(
  ApiKey.OffsetFetch,
  { 1: v1, 2: v2, 3: v3, 4: v4 },
);
export type { OffsetFetchRequest, OffsetFetchResponse, OffsetFetchPartition } from './types';
