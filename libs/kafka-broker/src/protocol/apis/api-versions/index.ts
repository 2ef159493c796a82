import { ApiKey } from '../../api-keys';
import { defineApi } from '../api';
import type { ApiVersionsRequest, ApiVersionsResponse } from './types';
import * as v0 from './v0';
import * as v1 from './v1';
import * as v2 from './v2';

/** v3 is flexible (KIP-511); clients that try it get UNSUPPORTED_VERSION in a v0 body and retry. */
export const apiVersionsApi = defineApi<ApiVersionsRequest, ApiVersionsResponse>(
  ApiKey.ApiVersions,
  { 0: v0, 1: v1, 2: v2 },
);
export type { ApiVersionsRequest, ApiVersionsResponse, ApiVersionRange } from './types';
