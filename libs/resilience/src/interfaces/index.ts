export type {
  AdmissionOptions,
  DependencyOptions,
  ResilienceModuleOptions,
} from './resilience-options.interface';
