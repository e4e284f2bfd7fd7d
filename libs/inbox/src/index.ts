export * from './inbox-message.entity';
export * from './inbox.module';
export * from './inbox.service';
