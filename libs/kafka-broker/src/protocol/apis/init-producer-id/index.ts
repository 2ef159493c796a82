import { ApiKey } from '../../api-keys';
import { defineApi } from '../api';
import type { InitProducerIdRequest, InitProducerIdResponse } from './types';
import * as v0 from './v0';
import * as v1 from './v1';

export const initProducerIdApi = defineApi<InitProducerIdRequest, InitProducerIdResponse>(
  ApiKey.InitProducerId,
  { 0: v0, 1: v1 },
);
export type { InitProducerIdRequest, InitProducerIdResponse } from './types';
