export { toMs, type Duration } from './duration';
export { withTimeout } from './with-timeout';
export { counter, gauge, histogram } from './metric';
export { lazyOptionalPeer, optionalPeer } from './optional-peer';
export { metricsRegistry } from './metrics-registry';
export { healthIndicators } from './health-indicators';
export {
  MESSAGE_DEADLINE_HEADER,
  MESSAGE_ID_HEADER,
  REQUEST_DEADLINE_HEADER,
  REQUEST_ID_HEADER,
  REQUEST_TIMEOUT_HEADER,
} from './headers';
export { jsonDepthExceeds } from './json-depth';
export {
  addMethodLayer,
  layerProviderMethods,
  METHOD_LAYER_RANK,
  originalMethod,
  type DiscoveredProvider,
  type MethodLayer,
  type MethodLayerSource,
  type ProviderMethod,
} from './method-layers';
