import { ApiKey } from '../../api-keys';
import { defineApi } from '../api';
import type { ListOffsetsRequest, ListOffsetsResponse } from './types';
import * as v1 from './v1';
import * as v2 from './v2';
import * as v3 from './v3';

export const listOffsetsApi = defineApi<ListOffsetsRequest, ListOffsetsResponse>(
  ApiKey.ListOffsets,
  { 1: v1, 2: v2, 3: v3 },
);
export { EARLIEST_TIMESTAMP, LATEST_TIMESTAMP } from './types';
export type { ListOffsetsRequest, ListOffsetsResponse } from './types';
