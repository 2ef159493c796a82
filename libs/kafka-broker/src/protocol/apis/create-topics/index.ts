import { ApiKey } from '../../api-keys';
import { defineApi } from '../api';
import type { CreateTopicsRequest, CreateTopicsResponse } from './types';
import * as v0 from './v0';
import * as v1 from './v1';
import * as v2 from './v2';
import * as v3 from './v3';
import * as v4 from './v4';

export const createTopicsApi = defineApi<CreateTopicsRequest, CreateTopicsResponse>(
  ApiKey.CreateTopics,
  { 0: v0, 1: v1, 2: v2, 3: v3, 4: v4 },
);
export type { CreateTopicsRequest, CreateTopicsResponse, CreatableTopic } from './types';
