import { HubConfig } from '@hub/config';
import { allQueues } from '@hub/messaging';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { BullBoardModule } from '@bull-board/nestjs';
import { Module } from '@nestjs/common';
import { BOARD_ROUTE, boardAuth } from './board-auth';

/** Bull Board at `/admin/queues`, listing every queue of the hub, behind the admin token (see boardAuth). */
@Module({
  imports: [
    BullBoardModule.forRootAsync({
      inject: [HubConfig],
      useFactory: (config: HubConfig) => ({
        route: BOARD_ROUTE,
        adapter: ExpressAdapter,
        middleware: boardAuth(config),
        boardOptions: { uiConfig: { boardTitle: 'BaRS hub' } },
      }),
    }),
    BullBoardModule.forFeature(...allQueues.map((name) => ({ name, adapter: BullMQAdapter }))),
  ],
})
export class QueueBoardModule {}
