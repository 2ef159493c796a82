import { ApiKey } from '../../api-keys';
import { defineApi } from '../api';
import type { DeleteGroupsRequest, DeleteGroupsResponse } from './types';
import * as v0 from './v0';
import * as v1 from './v1';

export const deleteGroupsApi = defineApi<DeleteGroupsRequest, DeleteGroupsResponse>(
  ApiKey.DeleteGroups,
  { 0: v0, 1: v1 },
);
export type { DeleteGroupsRequest, DeleteGroupsResponse } from './types';
