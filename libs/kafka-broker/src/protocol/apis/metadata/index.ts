import { ApiKey } from '../../api-keys';
import { defineApi } from '../api';
import type { MetadataRequest, MetadataResponse } from './types';
import * as v0 from './v0';
import * as v1 from './v1';
import * as v2 from './v2';
import * as v3 from './v3';
import * as v4 from './v4';
import * as v5 from './v5';
import * as v6 from './v6';

export const metadataApi = defineApi<MetadataRequest, MetadataResponse>(ApiKey.Metadata, {
  0: v0,
  1: v1,
  2: v2,
  3: v3,
  4: v4,
  5: v5,
  6: v6,
});
export type { MetadataRequest, MetadataResponse, MetadataTopic, MetadataPartition } from './types';
