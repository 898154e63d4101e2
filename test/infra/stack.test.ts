// The synthesized CloudFormation template, checked offline: routes and their authorization,
// functions, least privilege, table, queues, change events, alarms, logs, and no cdk-nag finding.
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../infra/app.ts';
import { HANDLERS, type HandlerName } from '../../infra/functions.ts';
import { environmentOf, PUBLISH_CONSUMER } from '../../infra/functions.ts';
import { AUDIT_MAX_RECEIVE_COUNT, AUDIT_QUEUE_NAME, eventSource } from '../../infra/events.ts';
import { FUNCTIONS, MAX_RECEIVE_COUNT, VISIBILITY_FACTOR } from '../../infra/stack.ts';
import { ROUTES } from '../../lib/web/api/routes.ts';
import { TABLE } from '../../lib/adapters/dynamo/table.ts';
import { RECEIPT_KEY } from '../../lib/adapters/dynamo/receipt-keys.ts';
import { RECEIPT_KEY_CONTEXT } from '../../lib/adapters/receipts/kms.ts';

type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string; Condition?: string };

let template: Template;
let resources: Record<string, Resource>;
let app: ReturnType<typeof createApp>['app'];
const pascal = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

/** The one resource of `type` whose logical id starts with `prefix`. */
function resource(type: string, prefix: string): [string, Resource] {
  const found = Object.entries(resources).filter(([id, r]) => r.Type === type && id.startsWith(prefix));
  expect(found, `${type} ${prefix}`).toHaveLength(1);
  return found[0]!;
}

/** Every statement of the policies attached to a function's role. */
function statementsOf(name: HandlerName): { Action: string | string[]; Resource: unknown }[] {
  const [roleId] = resource('AWS::IAM::Role', `${pascal(name)}Role`);
  return Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy' && r.Properties.Roles.some((ref: { Ref: string }) => ref.Ref === roleId))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement);
}

/** Every IAM action granted to a function's role, from all policies attached to it. */
function actionsOf(name: HandlerName): string[] {
  const [roleId] = resource('AWS::IAM::Role', `${pascal(name)}Role`);
  const actions = new Set<string>();
  for (const policy of Object.values(resources).filter((r) => r.Type === 'AWS::IAM::Policy')) {
    if (!policy.Properties.Roles.some((ref: { Ref: string }) => ref.Ref === roleId)) continue;
    for (const statement of policy.Properties.PolicyDocument.Statement) {
      for (const action of [statement.Action].flat()) actions.add(action);
    }
  }
  return [...actions].sort();
}

beforeAll(() => {
  ({ app } = createApp(mkdtempSync(join(tmpdir(), 'cdk-test-'))));
  const stack = app.node.children.find((child) => child.node.id === 'ConsentLedger')!;
  template = Template.fromStack(stack as never);
  resources = template.toJSON().Resources;
}, 120_000);

describe('the HTTP API', () => {
  it('has every route of the contract, with the JWT authorizer and the route scopes', () => {
    const routes = Object.values(resources).filter((r) => r.Type === 'AWS::ApiGatewayV2::Route');
    expect(routes.map((r) => r.Properties.RouteKey).sort()).toEqual(ROUTES.map((route) => `${route.method} ${route.path}`).sort());
    for (const route of ROUTES) {
      const found = routes.find((r) => r.Properties.RouteKey === `${route.method} ${route.path}`)!;
      expect(found.Properties.AuthorizationType, route.path).toBe(route.auth === 'jwt' ? 'JWT' : 'NONE');
      expect(found.Properties.AuthorizationScopes, route.path).toEqual(route.scopes);
    }
  });

  it('verifies JWTs against the issuer and audience given as parameters', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Issuer: { Ref: 'JwtIssuer' }, Audience: [{ Ref: 'JwtAudience' }] },
    });
  });

  it('logs access without paths or query strings (they carry member ids and link tokens)', () => {
    const [, stage] = resource('AWS::ApiGatewayV2::Stage', 'DefaultStage');
    const format = stage.Properties.AccessLogSettings.Format as string;
    expect(format).toContain('$context.routeKey');
    expect(format).not.toMatch(/\$context\.(path|http\.path|requestPath)|querystring/i);
  });
});

describe('the functions', () => {
  it.each(HANDLERS.map((name) => [name]))('%s: Node.js 24 on arm64, sized and timed as declared', (name) => {
    const [, fn] = resource('AWS::Lambda::Function', `${pascal(name)}Function`);
    expect(fn.Properties).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      MemorySize: FUNCTIONS[name].memoryMb,
      Timeout: FUNCTIONS[name].timeoutSeconds,
      Handler: 'index.handler',
    });
    expect(fn.Properties.Environment.Variables).toMatchObject({ TABLE_NAME: expect.anything(), NODE_OPTIONS: '--enable-source-maps' });
  });

  it('gives each function the environment its code reads', () => {
    const env = (name: HandlerName) => Object.keys(resource('AWS::Lambda::Function', `${pascal(name)}Function`)[1].Properties.Environment.Variables).sort();
    const common = ['NODE_OPTIONS', 'POWERTOOLS_SERVICE_NAME', 'TABLE_NAME'];
    // Every function that reads callers: the names its tokens use.
    const names = ['MEMBER_ID_CLAIM', 'ADMIN_SCOPE', 'ELIGIBILITY_SCOPE'];
    expect(env('public')).toEqual(common);
    expect(env('eligibility')).toEqual([...common, ...names].sort());
    expect(env('admin')).toEqual([...common, 'FANOUT_QUEUE_URL', ...names].sort());
    // The functions that record choices sign their receipts; the record names the settings page.
    expect(env('consents')).toEqual([...common, 'PUBLIC_BASE_URL', 'RECEIPT_KMS_KEY_ARN', ...names].sort());
    expect(env('optout')).toEqual([...common, 'LINK_SIGNING_KEY_SECRET_ARN', 'RECEIPT_KMS_KEY_ARN'].sort());
    expect(env('pages')).toEqual(
      [
        ...common, 'JWT_ISSUER', 'JWT_AUDIENCE', 'JWT_JWKS_URL', ...names, 'OIDC_CLIENT_ID', 'OIDC_REDIRECT_URI', 'OIDC_SCOPE', 'OIDC_LOGOUT_URL',
        'FANOUT_DLQ_URL', 'NOTICE_DLQ_URL', 'PUBLIC_BASE_URL', 'RECEIPT_KMS_KEY_ARN',
      ].sort(),
    );
    expect(env('notify')).toEqual(
      // Notify sends only to the notice queue (its retries); the fan-out queue is not its business.
      [...common, 'NOTICE_QUEUE_URL', 'LINK_SIGNING_KEY_SECRET_ARN', 'NOTICE_FROM_ADDRESS', 'NOTICE_TEMPLATE_NAME',
        'SES_CONFIGURATION_SET', 'SES_MAX_SEND_RATE', 'SES_RATE_SHARES', 'PUBLIC_BASE_URL'].sort(),
    );
  });

  it('gives each function exactly the names of infra/functions.ts, which the local stack gives it too', () => {
    for (const name of HANDLERS) {
      const variables = Object.keys(resource('AWS::Lambda::Function', `${pascal(name)}Function`)[1].Properties.Environment.Variables);
      expect(variables.sort(), name).toEqual(environmentOf(name).sort());
    }
  });

  const LOGS = ['logs:CreateLogStream', 'logs:PutLogEvents'];
  const SEND = ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'];
  const CONSUME = ['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage'];
  const SECRET = ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'];
  const READ_STREAM = ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'];
  // Written out, not derived from the stack: what each handler's code sends to DynamoDB.
  const READ_MEMBER_AND_POLICIES = ['dynamodb:GetItem', 'dynamodb:Query'];
  // Receipt signers decrypt their key once per container (the receipt keys are read with Query).
  const DECRYPT_RECEIPT_KEY = ['kms:Decrypt'];
  const LEAST: Record<HandlerName, string[]> = {
    // The receipt keys it publishes (the JWKS).
    public: [...LOGS, 'dynamodb:Query'],
    admin: [...LOGS, ...READ_MEMBER_AND_POLICIES, 'dynamodb:PutItem', 'dynamodb:UpdateItem', ...SEND],
    // Choice writers put archive items and Idempotency-Key marks (in transactions with the member).
    consents: [...LOGS, ...READ_MEMBER_AND_POLICIES, 'dynamodb:PutItem', 'dynamodb:UpdateItem', ...DECRYPT_RECEIPT_KEY],
    // Registering a training run puts the run and its Idempotency-Key mark (a transaction of Puts).
    eligibility: [...LOGS, ...READ_MEMBER_AND_POLICIES, 'dynamodb:BatchGetItem', 'dynamodb:PutItem'],
    optout: [...LOGS, ...READ_MEMBER_AND_POLICIES, 'dynamodb:PutItem', 'dynamodb:UpdateItem', ...SECRET, ...DECRYPT_RECEIPT_KEY],
    pages: [...LOGS, ...READ_MEMBER_AND_POLICIES, 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Scan', 'sqs:GetQueueAttributes', ...DECRYPT_RECEIPT_KEY],
    fanout: [...LOGS, ...READ_MEMBER_AND_POLICIES, 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Scan', ...SEND, ...CONSUME],
    // BatchGetItem: whether recipients were erased, right before sending.
    notify: [...LOGS, ...READ_MEMBER_AND_POLICIES, 'dynamodb:BatchGetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', ...SEND, ...CONSUME, ...SECRET, 'ses:SendBulkEmail'],
    // The policy list; the stream; its failed batches to the publish DLQ; the event topic.
    publish: [...LOGS, 'dynamodb:Query', ...READ_STREAM, ...SEND, 'sns:Publish'],
  };

  it.each(HANDLERS.map((name) => [name]))('%s: is granted exactly the actions it uses, none by wildcard', (name) => {
    const actions = actionsOf(name);
    for (const action of actions) expect(action, `wildcard action in ${name}'s policy`).not.toContain('*');
    expect(actions).toEqual([...new Set(LEAST[name])].sort());
  });

  it('lets the pages read only the dead-letter queues\' depth, and verify tokens against the authorizer\'s issuer and audience', () => {
    const [roleId] = resource('AWS::IAM::Role', 'PagesRole');
    const [fanoutDlq] = resource('AWS::SQS::Queue', 'FanoutDeadLetters');
    const [noticeDlq] = resource('AWS::SQS::Queue', 'NoticeDeadLetters');
    const statements = Object.values(resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy' && r.Properties.Roles.some((ref: { Ref: string }) => ref.Ref === roleId))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement);
    const sqs = statements.filter((statement) => [statement.Action].flat().some((action: string) => action.startsWith('sqs:')));
    expect(sqs).toHaveLength(1);
    expect(sqs[0].Resource).toEqual([{ 'Fn::GetAtt': [fanoutDlq, 'Arn'] }, { 'Fn::GetAtt': [noticeDlq, 'Arn'] }]);
    const [, fn] = resource('AWS::Lambda::Function', 'PagesFunction');
    expect(fn.Properties.Environment.Variables).toMatchObject({ JWT_ISSUER: { Ref: 'JwtIssuer' }, JWT_AUDIENCE: { Ref: 'JwtAudience' }, JWT_JWKS_URL: { Ref: 'JwtJwksUrl' } });
  });

  it('lets the public function query the receipt keys\' partition of the table, and nothing else of it', () => {
    const [tableId] = resource('AWS::DynamoDB::Table', 'Ledger');
    const dynamo = statementsOf('public').filter((statement) => [statement.Action].flat().some((action) => action.startsWith('dynamodb:')));
    expect(dynamo).toEqual([
      {
        Effect: 'Allow',
        Action: 'dynamodb:Query',
        Resource: { 'Fn::GetAtt': [tableId, 'Arn'] },
        Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [RECEIPT_KEY] } },
      },
    ]);
  });

  it('lets the receipt signers decrypt receipt keys only: the receipt key, with the receipts\' encryption context', () => {
    const [keyId, key] = resource('AWS::KMS::Key', 'ReceiptKeys');
    expect(key.Properties.EnableKeyRotation).toBe(true);
    expect(key.DeletionPolicy).toBe('Retain');
    expect(key.Properties.KeySpec ?? 'SYMMETRIC_DEFAULT').toBe('SYMMETRIC_DEFAULT');
    const [contextKey, contextValue] = Object.entries(RECEIPT_KEY_CONTEXT)[0]!;
    for (const name of HANDLERS) {
      const kms = statementsOf(name).filter((statement) => [statement.Action].flat().some((action) => action.startsWith('kms:')));
      if (!['consents', 'optout', 'pages'].includes(name)) {
        expect(kms, name).toEqual([]);
        continue;
      }
      expect(kms, name).toEqual([
        {
          Effect: 'Allow',
          Action: 'kms:Decrypt',
          Resource: { 'Fn::GetAtt': [keyId, 'Arn'] },
          Condition: { StringEquals: { [`kms:EncryptionContext:${contextKey}`]: contextValue } },
        },
      ]);
      const [, fn] = resource('AWS::Lambda::Function', `${pascal(name)}Function`);
      expect(fn.Properties.Environment.Variables.RECEIPT_KMS_KEY_ARN, name).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
    }
    expect(template.toJSON().Outputs.ReceiptKeyArn.Value).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
  });

  it('attaches no managed policy and grants nothing on every resource, but the stream reader\'s dynamodb:ListStreams', () => {
    const [publishPolicy] = resource('AWS::IAM::Policy', 'PublishRoleDefaultPolicy');
    for (const [id, r] of Object.entries(resources)) {
      if (r.Type === 'AWS::IAM::Role') expect(r.Properties.ManagedPolicyArns, id).toBeUndefined();
      if (r.Type !== 'AWS::IAM::Policy') continue;
      for (const statement of r.Properties.PolicyDocument.Statement) {
        // As CDK's DynamoDB event source grants it: it lists stream ARNs, and reads no data.
        if (id === publishPolicy && statement.Action === 'dynamodb:ListStreams') continue;
        expect([statement.Resource].flat(), `${id} ${statement.Action}`).not.toContain('*');
      }
    }
  });

  it('keeps logs a month', () => {
    const groups = Object.values(resources).filter((r) => r.Type === 'AWS::Logs::LogGroup');
    expect(groups.length).toBe(HANDLERS.length + 1);
    for (const group of groups) expect(group.Properties.RetentionInDays).toBe(30);
  });
});

describe('the table', () => {
  it('has the keys the store uses, on demand, with point-in-time recovery, deletion protection and TTL', () => {
    const [, table] = resource('AWS::DynamoDB::Table', 'Ledger');
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.Properties).toMatchObject({
      KeySchema: [
        { AttributeName: TABLE.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE.sortKey, KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: TABLE.partitionKey, AttributeType: 'S' },
        { AttributeName: TABLE.sortKey, AttributeType: 'S' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
      TimeToLiveSpecification: { AttributeName: TABLE.timeToLiveAttribute, Enabled: true },
    });
    expect(table.Properties.GlobalSecondaryIndexes).toBeUndefined();
  });

  it('keeps its logical id: another one would make CloudFormation create a new, empty table (and orphan this one)', () => {
    expect(resource('AWS::DynamoDB::Table', 'Ledger')[0]).toBe('LedgerB7379752');
  });

  it('streams its changes with old and new images, for the change events', () => {
    const [, table] = resource('AWS::DynamoDB::Table', 'Ledger');
    expect(table.Properties.StreamSpecification).toEqual({ StreamViewType: 'NEW_AND_OLD_IMAGES' });
  });
});

describe('the queues', () => {
  it.each([['Fanout', 'fanout'], ['Notice', 'notify']] as const)('%s: a DLQ after the receive count, visibility 6x the consumer timeout', (name, consumer) => {
    const [dlqId] = resource('AWS::SQS::Queue', `${name}DeadLetters`);
    const [, queue] = resource('AWS::SQS::Queue', `${name}Queue`);
    expect(queue.Properties.VisibilityTimeout).toBe(FUNCTIONS[consumer].timeoutSeconds * VISIBILITY_FACTOR);
    expect(queue.Properties.RedrivePolicy).toEqual({ deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] }, maxReceiveCount: MAX_RECEIVE_COUNT });
    expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
  });

  it('feeds each consumer with partial batch responses and bounded concurrency', () => {
    const queues = Object.keys(resources).filter((id) => resources[id]!.Type === 'AWS::SQS::Queue');
    const mappings = Object.values(resources).filter(
      (r) => r.Type === 'AWS::Lambda::EventSourceMapping' && queues.includes(r.Properties.EventSourceArn['Fn::GetAtt']?.[0]),
    );
    expect(mappings).toHaveLength(2);
    for (const mapping of mappings) {
      expect(mapping.Properties.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
      expect(mapping.Properties.ScalingConfig.MaximumConcurrency).toBeGreaterThanOrEqual(2);
    }
  });

  it('sizes the notify consumers to the SES send rate (context sesMaxSendRate)', () => {
    const [notifyId] = resource('AWS::Lambda::Function', 'NotifyFunction');
    const notify = Object.values(resources).find((r) => r.Type === 'AWS::Lambda::EventSourceMapping' && r.Properties.FunctionName.Ref === notifyId)!;
    const [, fn] = resource('AWS::Lambda::Function', 'NotifyFunction');
    const shares = Number(fn.Properties.Environment.Variables.SES_RATE_SHARES);
    expect(notify.Properties.ScalingConfig.MaximumConcurrency).toBe(shares);
    expect(Number(fn.Properties.Environment.Variables.SES_MAX_SEND_RATE)).toBe(14);
  });
});

describe('change events', () => {
  const topic = () => resource('AWS::SNS::Topic', 'Events');
  const mapping = () => {
    const [publishId] = resource('AWS::Lambda::Function', 'PublishFunction');
    const found = Object.values(resources).filter((r) => r.Type === 'AWS::Lambda::EventSourceMapping' && r.Properties.FunctionName.Ref === publishId);
    expect(found).toHaveLength(1);
    return found[0]!;
  };

  it('go to one SNS FIFO topic: deduplicated by the publisher\'s ids, per message group, encrypted, SSL only', () => {
    const [topicId, events] = topic();
    expect(events.Properties).toMatchObject({
      FifoTopic: true,
      ContentBasedDeduplication: false,
      FifoThroughputScope: 'MessageGroup',
      TopicName: expect.stringMatching(/\.fifo$/),
    });
    expect(JSON.stringify(events.Properties.KmsMasterKeyId)).toContain(':alias/aws/sns');
    const [, policy] = resource('AWS::SNS::TopicPolicy', 'EventsPolicy');
    expect(policy.Properties.Topics).toEqual([{ Ref: topicId }]);
    expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Action: 'sns:Publish', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
  });

  it('are read from the table\'s stream in order: partial batch responses, bisection, bounded retries, failed batches to the publish DLQ', () => {
    const [tableId] = resource('AWS::DynamoDB::Table', 'Ledger');
    const [publishDlqId, publishDlq] = resource('AWS::SQS::Queue', 'PublishDeadLetters');
    expect(mapping().Properties).toEqual({
      FunctionName: expect.anything(),
      EventSourceArn: { 'Fn::GetAtt': [tableId, 'StreamArn'] },
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: PUBLISH_CONSUMER.batchSize,
      MaximumBatchingWindowInSeconds: PUBLISH_CONSUMER.maxBatchingWindowSeconds,
      MaximumRetryAttempts: PUBLISH_CONSUMER.retryAttempts,
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      // A member's events in order: one batch at a time per shard.
      ParallelizationFactor: 1,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [publishDlqId, 'Arn'] } } },
    });
    // A stream mapping's on-failure destination is a standard queue.
    expect(publishDlq.Properties.FifoQueue).toBeUndefined();
    expect(publishDlq.Properties.SqsManagedSseEnabled).toBe(true);
  });

  it('are published by a function given the topic\'s ARN and the deployment\'s event source', () => {
    const [topicId] = topic();
    const [, fn] = resource('AWS::Lambda::Function', 'PublishFunction');
    expect(fn.Properties.Environment.Variables).toMatchObject({ EVENT_TOPIC_ARN: { Ref: topicId }, EVENT_SOURCE: eventSource('ConsentLedger') });
  });

  it('lets the publisher publish to that topic only, read the stream, and query the table', () => {
    const [topicId] = topic();
    const [tableId] = resource('AWS::DynamoDB::Table', 'Ledger');
    const statements = statementsOf('publish');
    const touching = (prefix: string) => statements.filter((statement) => [statement.Action].flat().some((action) => action.startsWith(prefix)));
    expect(touching('sns:')).toEqual([{ Effect: 'Allow', Action: 'sns:Publish', Resource: { Ref: topicId } }]);
    expect(touching('kms:')).toEqual([]);
    expect(touching('dynamodb:')).toEqual([
      { Effect: 'Allow', Action: 'dynamodb:Query', Resource: { 'Fn::GetAtt': [tableId, 'Arn'] } },
      { Effect: 'Allow', Action: 'dynamodb:ListStreams', Resource: '*' },
      {
        Effect: 'Allow',
        Action: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'],
        Resource: { 'Fn::GetAtt': [tableId, 'StreamArn'] },
      },
    ]);
  });

  it('reach the example subscriber, the audit FIFO queue: raw delivery, a FIFO DLQ, and only the topic may send to it', () => {
    const [topicId] = topic();
    const [auditId, audit] = resource('AWS::SQS::Queue', 'AuditQueue');
    const [auditDlqId, auditDlq] = resource('AWS::SQS::Queue', 'AuditDeadLetters');
    expect(audit.Properties).toMatchObject({
      QueueName: AUDIT_QUEUE_NAME,
      FifoQueue: true,
      SqsManagedSseEnabled: true,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [auditDlqId, 'Arn'] }, maxReceiveCount: AUDIT_MAX_RECEIVE_COUNT },
    });
    expect(auditDlq.Properties).toMatchObject({ FifoQueue: true, SqsManagedSseEnabled: true });

    const subscriptions = Object.values(resources).filter((r) => r.Type === 'AWS::SNS::Subscription' && r.Properties.TopicArn.Ref === topicId);
    expect(subscriptions.map((r) => r.Properties)).toEqual([
      { TopicArn: { Ref: topicId }, Protocol: 'sqs', Endpoint: { 'Fn::GetAtt': [auditId, 'Arn'] }, RawMessageDelivery: true },
    ]);

    const [, policy] = resource('AWS::SQS::QueuePolicy', 'AuditQueuePolicy');
    const allowed = policy.Properties.PolicyDocument.Statement.filter((statement: { Effect: string }) => statement.Effect === 'Allow');
    expect(allowed).toEqual([
      {
        Effect: 'Allow',
        Principal: { Service: 'sns.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: { 'Fn::GetAtt': [auditId, 'Arn'] },
        Condition: { ArnEquals: { 'aws:SourceArn': { Ref: topicId } } },
      },
    ]);
  });

  it('alarm when they fall behind: the stream\'s iterator age over a minute', () => {
    const [publishId] = resource('AWS::Lambda::Function', 'PublishFunction');
    const [, alarm] = resource('AWS::CloudWatch::Alarm', 'PublishIteratorAgeAlarm');
    expect(alarm.Properties).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'IteratorAge',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: publishId } }],
      Statistic: 'Maximum',
      Period: 300,
      Threshold: 60_000,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    expect(alarm.Properties.AlarmActions).toHaveLength(1);
  });

  it('give a subscriber what it needs: the topic\'s ARN, the audit queue\'s URL, and both dead-letter queues\' URLs', () => {
    const outputs = template.toJSON().Outputs;
    expect(outputs.EventTopicArn.Value).toEqual({ Ref: topic()[0] });
    expect(outputs.AuditQueueUrl.Value).toEqual({ Ref: resource('AWS::SQS::Queue', 'AuditQueue')[0] });
    expect(outputs.AuditDeadLetterQueueUrl.Value).toEqual({ Ref: resource('AWS::SQS::Queue', 'AuditDeadLetters')[0] });
    expect(outputs.PublishDeadLetterQueueUrl.Value).toEqual({ Ref: resource('AWS::SQS::Queue', 'PublishDeadLetters')[0] });
  });
});

describe('operations', () => {
  it('alarms on every dead-letter queue, and on errors and throttles of every function', () => {
    const alarms = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::CloudWatch::Alarm');
    const ids = alarms.map(([id]) => id);
    for (const name of ['Fanout', 'Notice', 'Publish', 'Audit']) {
      const [queueId] = resource('AWS::SQS::Queue', `${name}DeadLetters`);
      const [, alarm] = resource('AWS::CloudWatch::Alarm', `${name}DeadLettersAlarm`);
      expect(alarm.Properties.Dimensions, name).toEqual([{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }]);
    }
    for (const name of HANDLERS) {
      expect(ids.some((id) => id.startsWith(`${pascal(name)}ErrorsAlarm`)), name).toBe(true);
      expect(ids.some((id) => id.startsWith(`${pascal(name)}ThrottlesAlarm`)), name).toBe(true);
    }
    for (const [, alarm] of alarms) expect(alarm.Properties.AlarmActions).toHaveLength(1);
  });

  it('keeps the link-signing key in Secrets Manager, and sends through an SES configuration set and template', () => {
    resource('AWS::SecretsManager::Secret', 'LinkSigningKey');
    resource('AWS::SES::ConfigurationSet', 'NoticeEmails');
    template.hasResourceProperties('AWS::SES::Template', { Template: { SubjectPart: '{{{subject}}}', TextPart: '{{{text}}}', HtmlPart: '{{{html}}}' } });
  });

  it('passes the cdk-nag AwsSolutions checks; each acknowledged finding has its reason', () => {
    const report = new AwsSolutionsChecks(app).validateScope(app);
    expect(report.violations).toEqual([]);
    const acknowledged = JSON.stringify(app.node.findAll().flatMap((c) => c.node.metadata).filter((m) => m.type === 'aws:cdk:acknowledged-rules'));
    expect(acknowledged).toContain('AwsSolutions-APIG4');
    expect(acknowledged).toContain('AwsSolutions-SMG4');
    expect(acknowledged).toContain('AwsSolutions-SQS3');
    expect(acknowledged).toContain('AwsSolutions-IAM5[Resource::*]');
  });
});
