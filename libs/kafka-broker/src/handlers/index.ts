import { apiVersionsRoute } from './api-versions';
import { fetchRoute } from './fetch';
import {
  deleteGroupsRoute,
  describeGroupsRoute,
  findCoordinatorRoute,
  heartbeatRoute,
  joinGroupRoute,
  leaveGroupRoute,
  listGroupsRoute,
  syncGroupRoute,
} from './groups';
import { initProducerIdRoute } from './init-producer-id';
import { listOffsetsRoute } from './list-offsets';
import { metadataRoute } from './metadata';
import { offsetCommitRoute, offsetFetchRoute } from './offsets';
import { produceRoute } from './produce';
import { createTopicsRoute, deleteTopicsRoute } from './topics';
import type { ApiRoute } from './types';

/** Every API this broker answers, keyed by API key; ApiVersions advertises exactly these. */
export const ROUTES: ReadonlyMap<number, ApiRoute> = buildRoutes();

function buildRoutes(): Map<number, ApiRoute> {
  const routes: ApiRoute[] = [
    produceRoute,
    fetchRoute,
    listOffsetsRoute,
    metadataRoute,
    offsetCommitRoute,
    offsetFetchRoute,
    findCoordinatorRoute,
    joinGroupRoute,
    heartbeatRoute,
    leaveGroupRoute,
    syncGroupRoute,
    describeGroupsRoute,
    listGroupsRoute,
    createTopicsRoute,
    deleteTopicsRoute,
    initProducerIdRoute,
    deleteGroupsRoute,
  ];
  routes.push(apiVersionsRoute(() => routes));
  return new Map(routes.map((r) => [r.api.apiKey, r]));
}

export { advertise } from './api-versions';
export type { ApiRoute, RequestContext } from './types';
