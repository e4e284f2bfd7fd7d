export type { OutboxState } from './entities';
export { PointerDelivery, RetryLaterError, type DeliveryResult } from './forwarding/pointer-delivery';
export { PointerOutbox, type OutboxHead } from './forwarding/pointer-outbox';
export { PointerRecorder } from './pointer-recorder';
export { PointersModule } from './pointers.module';
export { PointerRegistry } from './registry/pointer-registry';
export { parsePointerSearch } from './registry/pointer-search';
export { searchBundle } from './registry/search-bundle';
