import { deleteGroupsApi } from '../protocol/apis/delete-groups';
import { describeGroupsApi } from '../protocol/apis/describe-groups';
import { findCoordinatorApi } from '../protocol/apis/find-coordinator';
import { heartbeatApi } from '../protocol/apis/heartbeat';
import { joinGroupApi } from '../protocol/apis/join-group';
import { leaveGroupApi } from '../protocol/apis/leave-group';
import { listGroupsApi } from '../protocol/apis/list-groups';
import { syncGroupApi } from '../protocol/apis/sync-group';
import { errorCode } from '../protocol/error-codes';
import { EMPTY } from '../groups/types';
import { advertised } from './metadata';
import { route } from './types';

/** FindCoordinator: this node coordinates every group (and would every transaction). */
export const findCoordinatorRoute = route(findCoordinatorApi, (_request, context, core) => ({
  throttleTimeMs: 0,
  errorCode: 0,
  errorMessage: null,
  nodeId: core.options.nodeId,
  ...advertised(context),
}));

/** JoinGroup: the answer is held until the generation completes (or the member is dropped). */
export const joinGroupRoute = route(joinGroupApi, async (request, context, core) => {
  const result = await core.groups.join({ ...request, ...context });
  return { throttleTimeMs: 0, ...result, errorCode: errorCode(result.error) };
});

export const syncGroupRoute = route(syncGroupApi, async (request, _context, core) => {
  const assignments = new Map(request.assignments.map((a) => [a.memberId, a.assignment]));
  const { groupId, memberId, generationId } = request;
  const result = await core.groups.sync(groupId, memberId, generationId, assignments);
  return { throttleTimeMs: 0, errorCode: errorCode(result.error), assignment: result.assignment };
});

export const heartbeatRoute = route(heartbeatApi, (request, _context, core) => {
  const error = core.groups.heartbeat(request.groupId, request.memberId, request.generationId);
  return { throttleTimeMs: 0, errorCode: errorCode(error) };
});

export const leaveGroupRoute = route(leaveGroupApi, (request, _context, core) => {
  const members = request.members.map((m) => ({
    ...m,
    errorCode: errorCode(core.groups.leave(request.groupId, m.memberId)),
  }));
  return { throttleTimeMs: 0, errorCode: members[0]?.errorCode ?? 0, members };
});

export const describeGroupsRoute = route(describeGroupsApi, (request, _context, core) => ({
  throttleTimeMs: 0,
  groups: request.groups.map((groupId) => {
    const group = core.groups.describe(groupId);
    if (!group) {
      // Kafka describes an unknown group as Dead with no members rather than failing.
      return {
        errorCode: 0,
        groupId,
        groupState: 'Dead',
        protocolType: '',
        protocolData: '',
        members: [],
      };
    }
    return {
      errorCode: 0,
      groupId,
      groupState: group.state,
      protocolType: group.protocolType,
      protocolData: group.protocol,
      members: group.members.map((m) => ({
        memberId: m.memberId,
        clientId: m.clientId,
        clientHost: m.clientHost,
        memberMetadata: m.protocols.find((p) => p.name === group.protocol)?.metadata ?? EMPTY,
        memberAssignment: m.assignment,
      })),
    };
  }),
}));

export const listGroupsRoute = route(listGroupsApi, (_request, _context, core) => ({
  throttleTimeMs: 0,
  errorCode: 0,
  groups: core.groups.list(),
}));

export const deleteGroupsRoute = route(deleteGroupsApi, (request, _context, core) => ({
  throttleTimeMs: 0,
  results: request.groupsNames.map((groupId) => ({
    groupId,
    errorCode: errorCode(core.groups.deleteGroup(groupId)),
  })),
}));
