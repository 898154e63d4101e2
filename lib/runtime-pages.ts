// Dependencies of the pages function, built once per container from its environment: the
// ledger, the notice records (campaign progress, the eligibility sample's scan) and the depth of
// the dead-letter queues.
import { createSqsClient, queueDepth } from './queue/sqs.ts';
import { requiredEnv } from './runtime-notices.ts';
import { createDeps } from './runtime.ts';
import type { DashboardDeps } from './services/dashboard.ts';
import { createDocumentClient } from './store/dynamo-client.ts';
import { DynamoNoticeStore } from './store/dynamo-notice-store.ts';
import { tableName } from './store/table.ts';

export function createPagesDeps(): DashboardDeps {
  const sqs = createSqsClient();
  const fanoutDlq = requiredEnv('FANOUT_DLQ_URL');
  const noticeDlq = requiredEnv('NOTICE_DLQ_URL');
  // A dashboard that cannot read a depth says "unknown" rather than failing altogether.
  const depth = (url: string) => queueDepth(sqs, url).catch(() => null);
  const dynamo = createDocumentClient();
  return {
    ...createDeps(dynamo),
    notices: new DynamoNoticeStore(dynamo, tableName()),
    deadLetters: {
      depths: async () => {
        const [fanout, notices] = await Promise.all([depth(fanoutDlq), depth(noticeDlq)]);
        return { fanout, notices };
      },
    },
  };
}
