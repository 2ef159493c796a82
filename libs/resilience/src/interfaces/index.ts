export type { DependencyOptions, ResilienceModuleOptions } from './resilience-options.interface';
