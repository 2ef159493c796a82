export { AdmissionControl, type AdmissionSnapshot } from './admission-control';
export type { AdmissionState } from './admission-controller';
export { AdmissionHealthIndicator } from './admission.health';
export {
  HttpAdmissionGate,
  type AdmissionDecider,
  type AdmissionPacing,
} from './http-admission-gate';
