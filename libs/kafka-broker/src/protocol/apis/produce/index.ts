import { ApiKey } from '../../api-keys';
import { defineApi } from '../api';
import type { ProduceRequest, ProduceResponse } from './types';
import * as v3 from './v3';
import * as v4 from './v4';
import * as v5 from './v5';
import * as v6 from './v6';
import * as v7 from './v7';

/** Starts at v3: older versions carry message sets v0/v1, which this broker does not store. */
export const produceApi = defineApi<ProduceRequest, ProduceResponse>(ApiKey.Produce, {
  3: v3,
  4: v4,
  5: v5,
  6: v6,
  7: v7,
});
export type { ProduceRequest, ProduceResponse, ProducePartitionResponse } from './types';
