import { apiVersionsApi, type ApiVersionsResponse } from '../protocol/apis/api-versions';
import { versionRange } from '../protocol/apis/api';
import { route, type ApiRoute } from './types';

/** ApiVersions: the min..max of each version table, so clients negotiate down to them. */
export function apiVersionsRoute(routes: () => readonly ApiRoute[]): ApiRoute {
  return route(apiVersionsApi, (): ApiVersionsResponse => advertise(routes(), 0));
}

/** The response body; also sent (as v0, error 35) to clients asking for a newer version. */
export function advertise(routes: readonly ApiRoute[], errorCode: number): ApiVersionsResponse {
  const apiKeys = routes
    .map(({ api }) => {
      const [minVersion, maxVersion] = versionRange(api);
      return { apiKey: api.apiKey, minVersion, maxVersion };
    })
    .sort((a, b) => a.apiKey - b.apiKey);
  return { errorCode, apiKeys, throttleTimeMs: 0 };
}
