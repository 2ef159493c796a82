import { ApiKey } from '../../api-keys';
import { defineApi } from '../api';
import type { ListGroupsRequest, ListGroupsResponse } from './types';
import * as v0 from './v0';
import * as v1 from './v1';
import * as v2 from './v2';

export const listGroupsApi = defineApi<ListGroupsRequest, ListGroupsResponse>(ApiKey.ListGroups, {
  0: v0,
  1: v1,
  2: v2,
});
export type { ListGroupsRequest, ListGroupsResponse } from './types';
