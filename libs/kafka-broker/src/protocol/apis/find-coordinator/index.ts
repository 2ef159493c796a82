import { ApiKey } from '../../api-keys';
import { defineApi } from '../api';
import type { FindCoordinatorRequest, FindCoordinatorResponse } from './types';
import * as v0 from './v0';
import * as v1 from './v1';
import * as v2 from './v2';

export const findCoordinatorApi = defineApi<FindCoordinatorRequest, FindCoordinatorResponse>(
  ApiKey.FindCoordinator,
  { 0: v0, 1: v1, 2: v2 },
);
export type { FindCoordinatorRequest, FindCoordinatorResponse } from './types';
