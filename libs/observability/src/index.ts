export { bootLogger } from './boot-logger';
export { infrastructureChecks, sendHealth } from './health-response';
export { MESSAGE_EVENT, httpMetrics, messageMetrics } from './http-metrics.middleware';
export { HubMetrics } from './hub-metrics';
export { withLogContext } from './log-context';
export { ObservabilityModule } from './observability.module';
export { processIdentity } from './process-identity';
export { QueueHealthIndicator } from './queue-health.indicator';
