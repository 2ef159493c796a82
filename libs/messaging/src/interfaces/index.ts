export type * from './messaging-module-options.interface';
