import { appointmentEntities } from '@hub/appointment';
import { InboxMessage } from '@hub/inbox';
import { pointerEntities } from '@hub/pointers';

/** Every entity of the hub, for the processes that open a connection. */
export const hubEntities = [InboxMessage, ...appointmentEntities, ...pointerEntities];
