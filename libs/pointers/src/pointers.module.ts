import { Module } from '@nestjs/common';
import { PointerRecorder } from './pointer-recorder';
import { PointerRegistry } from './registry/pointer-registry';

const services = [PointerRecorder, PointerRegistry];

/** Appointment pointers (BARS.md §5): the outbox written with each change, the registry, the NRL forwarding. */
@Module({ providers: services, exports: services })
export class PointersModule {}
