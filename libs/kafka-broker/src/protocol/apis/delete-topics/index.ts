import { ApiKey } from '../../api-keys';
import { defineApi } from '../api';
import type { DeleteTopicsRequest, DeleteTopicsResponse } from './types';
import * as v0 from './v0';
import * as v1 from './v1';

export const deleteTopicsApi = defineApi<DeleteTopicsRequest, DeleteTopicsResponse>(
  ApiKey.DeleteTopics,
  { 0: v0, 1: v1 },
);
export type { DeleteTopicsRequest, DeleteTopicsResponse } from './types';
