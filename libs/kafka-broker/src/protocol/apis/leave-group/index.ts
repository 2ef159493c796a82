import { ApiKey } from '../../api-keys';
import { defineApi } from '../api';
import type { LeaveGroupRequest, LeaveGroupResponse } from './types';
import * as v0 from './v0';
import * as v1 from './v1';
import * as v2 from './v2';
import * as v3 from './v3';

export const leaveGroupApi = defineApi<LeaveGroupRequest, LeaveGroupResponse>(ApiKey.LeaveGroup, {
  0: v0,
  1: v1,
  2: v2,
  3: v3,
});
export type { LeaveGroupRequest, LeaveGroupResponse } from './types';
