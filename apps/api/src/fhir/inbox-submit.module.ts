import { InboxModule } from '@hub/inbox';
import { MessagingModule, ReplyWaiter } from '@hub/messaging';
import { Module } from '@nestjs/common';
import { InboxSubmitter } from './inbox-submitter';

/**
 * The one road of every write (inbox row, job, wait for the worker), shared by the BaRS and GP Connect
 * surfaces: one ReplyWaiter (one QueueEvents connection) per process.
 */
@Module({ imports: [MessagingModule, InboxModule], providers: [InboxSubmitter, ReplyWaiter], exports: [InboxSubmitter, ReplyWaiter] })
export class InboxSubmitModule {}
