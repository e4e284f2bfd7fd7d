import { Module } from '@nestjs/common';
import { PointerRecorder } from './pointer-recorder';

const services = [PointerRecorder];

/** Appointment pointers (BARS.md §5): the outbox written with each change, the registry, the NRL forwarding. */
@Module({ providers: services, exports: services })
export class PointersModule {}
