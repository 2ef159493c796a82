import { ApiKey } from '../../api-keys';
import { defineApi } from '../api';
import type { JoinGroupRequest, JoinGroupResponse } from './types';
import * as v0 from './v0';
import * as v1 from './v1';
import * as v2 from './v2';
import * as v3 from './v3';
import * as v4 from './v4';
import * as v5 from './v5';

export const joinGroupApi = defineApi<JoinGroupRequest, JoinGroupResponse>(ApiKey.JoinGroup, {
  0: v0,
  1: v1,
  2: v2,
  3: v3,
  4: v4,
  5: v5,
});
export type { JoinGroupRequest, JoinGroupResponse, JoinGroupMember } from './types';
