// Dependencies of the pages function, built once per container from its configuration: the
// ledger and the training runs (a member's exposure, the dashboard's run list), the receipt signer
// (the toggle, GPC), the notice records (campaign progress, the eligibility sample's scan) and the
// depth of the dead-letter queues.
import { deadLetterConfig, tableConfig } from '../../config.ts';
import { createSqsClient, queueDepth } from '../sqs/queue.ts';
import { createChoiceDeps } from './consents.ts';
import type { ChoiceDeps } from '../../app/deps.ts';
import type { DashboardDeps } from '../../app/dashboard.ts';
import { createDocumentClient } from '../dynamo/client.ts';
import { DynamoNoticeStore } from '../dynamo/notice-store.ts';

export async function createPagesDeps(): Promise<DashboardDeps & ChoiceDeps> {
  const { fanoutDlqUrl, noticeDlqUrl } = deadLetterConfig();
  const sqs = createSqsClient();
  // A dashboard that cannot read a depth says "unknown" rather than failing altogether.
  const depth = (url: string) => queueDepth(sqs, url).catch(() => null);
  const dynamo = createDocumentClient();
  return {
    ...(await createChoiceDeps(dynamo)),
    notices: new DynamoNoticeStore(dynamo, tableConfig().tableName),
    deadLetters: {
      depths: async () => {
        const [fanout, notices] = await Promise.all([depth(fanoutDlqUrl), depth(noticeDlqUrl)]);
        return { fanout, notices };
      },
    },
  };
}
