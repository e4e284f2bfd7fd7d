import { Module } from '@nestjs/common';
import { NrlClient } from './forwarding/nrl-client';
import { PointerDelivery } from './forwarding/pointer-delivery';
import { PointerOutbox } from './forwarding/pointer-outbox';
import { PointerSender } from './forwarding/pointer-sender';
import { PointerRecorder } from './pointer-recorder';
import { PointerRegistry } from './registry/pointer-registry';

const services = [PointerRecorder, PointerRegistry, PointerOutbox, NrlClient, PointerSender, PointerDelivery];

/** Appointment pointers (BARS.md §5): the outbox written with each change, the registry, the NRL forwarding. */
@Module({ providers: services, exports: services })
export class PointersModule {}
