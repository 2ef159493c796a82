import { ApiKey } from '../../api-keys';
import { defineApi } from '../api';
import type { FetchRequest, FetchResponse } from './types';
import * as v4 from './v4';
import * as v5 from './v5';
import * as v6 from './v6';
import * as v7 from './v7';
import * as v8 from './v8';
import * as v9 from './v9';
import * as v10 from './v10';
import * as v11 from './v11';

/** Starts at v4, the first version that returns RecordBatch v2 and last_stable_offset. */
export const fetchApi = defineApi<FetchRequest, FetchResponse>(ApiKey.Fetch, {
  4: v4,
  5: v5,
  6: v6,
  7: v7,
  8: v8,
  9: v9,
  10: v10,
  11: v11,
});
export type { FetchRequest, FetchResponse, FetchPartitionResponse } from './types';
