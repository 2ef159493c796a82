export { ResilienceInterceptor } from './resilience.interceptor';
export { RouteStacks } from './route-stacks';
