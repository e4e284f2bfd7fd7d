import { PointerOutboxEntity } from './pointer-outbox.entity';
import { PointerEntity } from './pointer.entity';

export { PointerEntity, PointerOutboxEntity };
export type { PointerState } from './pointer.entity';
export type { OutboxState, PointerOperation } from './pointer-outbox.entity';

export const pointerEntities = [PointerEntity, PointerOutboxEntity];
