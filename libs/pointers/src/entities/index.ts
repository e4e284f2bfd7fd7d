// The pointer tables: defined with the rest of the schema in libs/persistence, queried only here.
export { PointerEntity, PointerOutboxEntity, type OutboxState, type PointerOperation, type PointerState } from '@hub/persistence';
