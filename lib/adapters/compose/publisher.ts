// Dependencies of the publish function, built once per container: the policy list (for the
// version in force at a choice) and the event topic.
import { eventsConfig } from '../../config.ts';
import type { PublishDeps } from '../../app/events/publish-changes.ts';
import { createSnsClient, SnsEventBus } from '../sns.ts';
import { createDeps } from './consents.ts';

export function createPublishDeps(): PublishDeps {
  const { topicArn, source } = eventsConfig();
  return { policies: createDeps().policies, bus: new SnsEventBus(createSnsClient(), topicArn), source };
}
