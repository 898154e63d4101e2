// The deployable service: HTTP API with a JWT authorizer, one Lambda function per handler module,
// the ledger table, the notice queues, SES, the link-signing key, the KMS key under which receipt
// keys are kept, the change events (the table's stream, the publish function, the SNS FIFO topic
// and its example subscriber queue), alarms and logs.
import { CfnCondition, CfnOutput, CfnParameter, Duration, Fn, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, HttpNoneAuthorizer, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Alarm, ComparisonOperator, Stats, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { AttributeType, BillingMode, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Alias, Key } from 'aws-cdk-lib/aws-kms';
import { Architecture, Runtime, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { CfnTemplate, ConfigurationSet, SuppressionReasons } from 'aws-cdk-lib/aws-ses';
import { CfnSubscription, FifoThroughputScope, Topic } from 'aws-cdk-lib/aws-sns';
import { SqsSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { DeduplicationScope, FifoThroughputLimit, Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { join } from 'node:path';
import { tokenNamesConfig } from '../lib/config.ts';
import { deployedScopes, type TokenNames } from '../lib/web/api/auth.ts';
import { ROUTES, type FunctionName } from '../lib/web/api/routes.ts';
import { NOTICE_TEMPLATE_CONTENT } from '../lib/adapters/ses.ts';
import { TABLE } from '../lib/adapters/dynamo/table.ts';
import { RECEIPT_KEY_CONTEXT } from '../lib/adapters/receipts/kms.ts';
import { ESBUILD_OPTIONS } from './bundling.ts';
import { AUDIT_MAX_RECEIVE_COUNT, AUDIT_QUEUE_NAME, eventSource } from './events.ts';
import { MemberPool, cognitoScopes } from './cognito.ts';
import { ADMIN_SCOPE_TRIGGER, handlerEntry, type HandlerName } from './functions.ts';
import {
  EMAILS_PER_CONSUMER_SECOND,
  FANOUT_CONSUMER,
  FUNCTIONS,
  MAX_RECEIVE_COUNT,
  PUBLISH_CONSUMER,
  VISIBILITY_FACTOR,
  type CommonVariable,
  type FunctionSpec,
  type FunctionVariable,
} from './functions.ts';
import { PROJECT_ROOT } from './paths.ts';

export { EMAILS_PER_CONSUMER_SECOND, FUNCTIONS, MAX_RECEIVE_COUNT, VISIBILITY_FACTOR } from './functions.ts';

export interface CognitoProps {
  /** The hosted sign-in's domain prefix (unique in the region). */
  domainPrefix: string;
  /** The resource server's identifier, the prefix of its scopes (default `ledger`). */
  resourceServerId?: string | undefined;
  /** The group whose members get the admin scope (default `consent-ledger-admins`). */
  adminGroup?: string | undefined;
}

/** Who signs people in, as the authorizer and the pages are told. */
interface SignInProvider {
  issuer: string;
  /** The pages' tokens' audience (for their own check). */
  audience: string;
  /** Every audience the JWT authorizer accepts: the pages', and any service's. */
  apiAudiences: string[];
  jwksUrl: string;
  /** The pages' client, and the scope they ask for. */
  clientId: string;
  scope: string;
  /** The sign-out address when discovery names none ('' for none). */
  logoutUrl: string;
}

export interface ConsentLedgerStackProps extends StackProps {
  /** The SES account's maximum send rate (emails per second); sizes the notify consumers. */
  sesMaxSendRate?: number;
  /** Where links in notice emails point; the API's own URL when not given (a custom domain). */
  publicBaseUrl?: string;
  /**
   * The names the identity provider's tokens use for the member id claim and the two scopes, for
   * the authorizer's route scopes and the handlers alike (the contract's own by default).
   */
  tokenNames?: { memberIdClaim?: string | undefined; adminScope?: string | undefined; eligibilityScope?: string | undefined };
  /** The stack's own Cognito user pool (-c cognito=true), rather than an existing issuer given as parameters. */
  cognito?: CognitoProps | undefined;
}

const pascal = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

export class ConsentLedgerStack extends Stack {
  readonly functions = {} as Record<HandlerName, NodejsFunction>;
  /** The Cognito pre-token-generation trigger, with the stack's own user pool only. */
  adminScopeTrigger: NodejsFunction | undefined;

  constructor(scope: Construct, id: string, props: ConsentLedgerStackProps = {}) {
    super(scope, id, props);
    const sesMaxSendRate = props.sesMaxSendRate ?? 14;
    const { cognito } = props;
    if (cognito && (props.tokenNames?.adminScope || props.tokenNames?.eligibilityScope)) {
      throw new Error('With the stack\'s own Cognito user pool the scopes are named by its resource server (cognitoResourceServer): leave adminScope and eligibilityScope unset');
    }
    const cognitoScopeNames = cognito && cognitoScopes(cognito.resourceServerId ?? 'ledger');
    // Cognito's access tokens hold the member id as `username` (its `sub` is a UUID of its own).
    const tokenNames: TokenNames = tokenNamesConfig({
      MEMBER_ID_CLAIM: props.tokenNames?.memberIdClaim ?? (cognito ? 'username' : undefined),
      ADMIN_SCOPE: cognitoScopeNames?.admin ?? props.tokenNames?.adminScope,
      ELIGIBILITY_SCOPE: cognitoScopeNames?.eligibilityRead ?? props.tokenNames?.eligibilityScope,
    });

    const fromAddress = new CfnParameter(this, 'NoticeFromAddress', {
      type: 'String',
      description: 'The SES-verified address notices are sent from, e.g. privacy@example.com',
      allowedPattern: '^[^@\\s]+@[^@\\s]+$',
    });
    const alarmEmail = new CfnParameter(this, 'AlarmEmail', {
      type: 'String',
      default: '',
      description: 'An address to receive alarm notifications (optional)',
    });

    // State: kept when the stack goes, and protected from deletion while it stands.
    const table = new Table(this, 'Ledger', {
      partitionKey: { name: TABLE.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      timeToLiveAttribute: TABLE.timeToLiveAttribute,
      encryption: TableEncryption.AWS_MANAGED,
      // What the change events are made of. Enabling a stream updates the table in place (no
      // replacement), so a table already deployed keeps its items.
      stream: StreamViewType.NEW_AND_OLD_IMAGES,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const queueWithDlq = (name: string, consumer: HandlerName) => {
      const dlq = new Queue(this, `${name}DeadLetters`, {
        retentionPeriod: Duration.days(14),
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
      });
      const queue = new Queue(this, `${name}Queue`, {
        visibilityTimeout: Duration.seconds(FUNCTIONS[consumer].timeoutSeconds * VISIBILITY_FACTOR),
        retentionPeriod: Duration.days(4),
        deadLetterQueue: { queue: dlq, maxReceiveCount: MAX_RECEIVE_COUNT },
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
      });
      return { queue, dlq };
    };
    const fanoutQueue = queueWithDlq('Fanout', 'fanout');
    const noticeQueue = queueWithDlq('Notice', 'notify');

    // Change events: the publish function puts each recorded fact on one SNS FIFO topic, which
    // delivers it, in order per member, to every subscribed SQS FIFO queue. Physical names: the
    // audit queue has the name the issue gives it (infra/events.ts), which makes this stack one per
    // account and region; everything else is named by CloudFormation or CDK, unique to the stack.
    const eventTopic = new Topic(this, 'Events', {
      fifo: true,
      // The publisher gives each event a deduplication id (a hash of the event's id).
      contentBasedDeduplication: false,
      // Deduplication within a message group is enough for ids unique to an event, and lifts the
      // topic-wide limit of 3,000 messages a second: the capacity plan writes 10,000 choices a second.
      fifoThroughputScope: FifoThroughputScope.MESSAGE_GROUP,
      // Events carry member ids and choices. With the AWS managed key the publisher needs no KMS
      // grant, and SQS subscribers none either: SNS delivers to each queue, which encrypts on its own.
      masterKey: Alias.fromAliasName(this, 'SnsManagedKey', 'alias/aws/sns'),
      enforceSSL: true,
    });
    // The example subscription: every event, the CloudEvent JSON as the message body.
    const auditDlq = new Queue(this, 'AuditDeadLetters', {
      fifo: true,
      retentionPeriod: Duration.days(14),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    const auditQueue = new Queue(this, 'AuditQueue', {
      queueName: AUDIT_QUEUE_NAME,
      fifo: true,
      // High-throughput FIFO, for the same rate as the topic.
      deduplicationScope: DeduplicationScope.MESSAGE_GROUP,
      fifoThroughputLimit: FifoThroughputLimit.PER_MESSAGE_GROUP_ID,
      retentionPeriod: Duration.days(14),
      deadLetterQueue: { queue: auditDlq, maxReceiveCount: AUDIT_MAX_RECEIVE_COUNT },
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    // Also writes the queue policy: only this topic may send to the queue.
    eventTopic.addSubscription(new SqsSubscription(auditQueue, { rawMessageDelivery: true }));
    // Where the stream's event source mapping records a batch it gave up on: its shard and sequence
    // numbers, not the changes. Standard, not FIFO: a stream mapping's on-failure destination
    // cannot be a FIFO queue.
    const publishDlq = new Queue(this, 'PublishDeadLetters', {
      retentionPeriod: Duration.days(14),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    Validations.of(publishDlq).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'It is a dead-letter queue: the on-failure destination of the table stream\'s event source mapping, which cdk-nag does not recognise as one.',
    });

    const linkKey = new Secret(this, 'LinkSigningKey', {
      description: 'Signs one-click opt-out links in notice emails',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    Validations.of(linkKey).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'Rotating the key would invalidate every opt-out link already emailed (valid for 90 days); rotate by hand between campaigns.',
    });

    // Receipts are signed in-process with P-256 data key pairs made by KMS under this key
    // (npm run receipt:keys) and stored in the table, each private key encrypted under it. Kept if
    // the stack goes: without it no stored private key can be decrypted again (the public keys,
    // and so every receipt already given, stay verifiable either way). Symmetric, rotated yearly by
    // KMS, which keeps the older key material for the ciphertexts made under it.
    const receiptKeys = new Key(this, 'ReceiptKeys', {
      description: 'Encrypts the private keys of the data key pairs that sign choice receipts',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const configurationSet = new ConfigurationSet(this, 'NoticeEmails', {
      reputationMetrics: true,
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    const templateName = `${this.stackName}-notice`;
    new CfnTemplate(this, 'NoticeTemplate', {
      template: {
        templateName,
        subjectPart: NOTICE_TEMPLATE_CONTENT.Subject,
        textPart: NOTICE_TEMPLATE_CONTENT.Text,
        htmlPart: NOTICE_TEMPLATE_CONTENT.Html,
      },
    });

    const notifyConcurrency = Math.max(2, Math.min(1000, Math.ceil(sesMaxSendRate / EMAILS_PER_CONSUMER_SECOND)));
    // A message, and a batch of them, must be sendable within half the consumer's timeout at one
    // consumer's share of the rate; within that, bigger messages mean fewer SQS requests.
    const perConsumerRate = sesMaxSendRate / notifyConcurrency;
    const emailsPerInvocation = perConsumerRate * FUNCTIONS.notify.timeoutSeconds * 0.5;
    const recipientsPerMessage = Math.max(50, Math.min(250, Math.floor(emailsPerInvocation)));
    const notifyBatchSize = Math.max(1, Math.min(10, Math.floor(emailsPerInvocation / recipientsPerMessage)));

    const api = new HttpApi(this, 'Api', {
      description: 'Consent Ledger: decides, records and explains consent to use member data',
      createDefaultStage: false,
    });
    const publicBaseUrl = props.publicBaseUrl ?? api.apiEndpoint;

    // One Lambda function of this service: its own role and log group, bundled as the tests bundle it.
    const lambda = (name: string, entry: string, spec: FunctionSpec, environment: Record<string, string>): NodejsFunction => {
      const logGroup = new LogGroup(this, `${pascal(name)}Logs`, { retention: RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
      // Its own role, without the managed basic-execution policy: it may write to its log group only.
      const role = new Role(this, `${pascal(name)}Role`, { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
      logGroup.grantWrite(role);
      if (spec.tableActions.length > 0) {
        const partitions = spec.tablePartitions ? { conditions: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [...spec.tablePartitions] } } } : {};
        role.addToPolicy(new PolicyStatement({ actions: spec.tableActions, resources: [table.tableArn], ...partitions }));
      }
      return new NodejsFunction(this, `${pascal(name)}Function`, {
        entry,
        handler: 'handler',
        runtime: Runtime.NODEJS_24_X,
        architecture: Architecture.ARM_64,
        memorySize: spec.memoryMb,
        timeout: Duration.seconds(spec.timeoutSeconds),
        role,
        logGroup,
        environment,
        projectRoot: PROJECT_ROOT,
        depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
        bundling: {
          format: OutputFormat.ESM,
          target: ESBUILD_OPTIONS.target,
          minify: ESBUILD_OPTIONS.minify,
          sourceMap: ESBUILD_OPTIONS.sourcemap,
          mainFields: ESBUILD_OPTIONS.mainFields,
          banner: ESBUILD_OPTIONS.banner.js,
          externalModules: [],
        },
      });
    };

    // Who signs people in: the stack's own Cognito user pool, or an existing issuer given as parameters.
    const signIn = cognito ? this.memberPool(cognito, tokenNames, publicBaseUrl, lambda) : this.existingIssuer();

    // Exactly the names of infra/functions.ts, which the local stack gives its functions too.
    const common: Record<CommonVariable, string> = {
      TABLE_NAME: table.tableName,
      POWERTOOLS_SERVICE_NAME: 'consent-ledger',
      NODE_OPTIONS: '--enable-source-maps',
    };
    // What a function that reads callers is told about the tokens' names.
    const names = {
      MEMBER_ID_CLAIM: tokenNames.memberIdClaim,
      ADMIN_SCOPE: tokenNames.scopes.admin,
      ELIGIBILITY_SCOPE: tokenNames.scopes.eligibilityRead,
    };
    const environments: { [Name in HandlerName]: Record<FunctionVariable<Name>, string> } = {
      public: {},
      admin: { FANOUT_QUEUE_URL: fanoutQueue.queue.queueUrl, ...names },
      consents: { PUBLIC_BASE_URL: publicBaseUrl, RECEIPT_KMS_KEY_ARN: receiptKeys.keyArn, ...names },
      eligibility: { ...names },
      optout: { LINK_SIGNING_KEY_SECRET_ARN: linkKey.secretArn, RECEIPT_KMS_KEY_ARN: receiptKeys.keyArn },
      pages: {
        JWT_ISSUER: signIn.issuer,
        JWT_AUDIENCE: signIn.audience,
        JWT_JWKS_URL: signIn.jwksUrl,
        ...names,
        OIDC_CLIENT_ID: signIn.clientId,
        OIDC_REDIRECT_URI: `${publicBaseUrl}/sign-in/callback`,
        OIDC_SCOPE: signIn.scope,
        OIDC_LOGOUT_URL: signIn.logoutUrl,
        FANOUT_DLQ_URL: fanoutQueue.dlq.queueUrl,
        NOTICE_DLQ_URL: noticeQueue.dlq.queueUrl,
        PUBLIC_BASE_URL: publicBaseUrl,
        RECEIPT_KMS_KEY_ARN: receiptKeys.keyArn,
      },
      fanout: {
        FANOUT_QUEUE_URL: fanoutQueue.queue.queueUrl,
        NOTICE_QUEUE_URL: noticeQueue.queue.queueUrl,
        NOTICE_RECIPIENTS_PER_MESSAGE: String(recipientsPerMessage),
      },
      notify: {
        NOTICE_QUEUE_URL: noticeQueue.queue.queueUrl,
        LINK_SIGNING_KEY_SECRET_ARN: linkKey.secretArn,
        NOTICE_FROM_ADDRESS: fromAddress.valueAsString,
        NOTICE_TEMPLATE_NAME: templateName,
        SES_CONFIGURATION_SET: configurationSet.configurationSetName,
        SES_MAX_SEND_RATE: String(sesMaxSendRate),
        SES_RATE_SHARES: String(notifyConcurrency),
        PUBLIC_BASE_URL: publicBaseUrl,
      },
      publish: { EVENT_TOPIC_ARN: eventTopic.topicArn, EVENT_SOURCE: eventSource(this.stackName) },
    };

    for (const [name, spec] of Object.entries(FUNCTIONS) as [HandlerName, FunctionSpec][]) {
      this.functions[name] = lambda(name, handlerEntry(name), spec, { ...common, ...environments[name] });
    }
    const fns = this.functions;

    fanoutQueue.queue.grantSendMessages(fns.admin);
    fanoutQueue.queue.grantSendMessages(fns.fanout);
    noticeQueue.queue.grantSendMessages(fns.fanout);
    noticeQueue.queue.grantSendMessages(fns.notify);
    linkKey.grantRead(fns.optout);
    // The dashboard reads the dead-letter queues' depth, and nothing else of them.
    fns.pages.addToRolePolicy(new PolicyStatement({ actions: ['sqs:GetQueueAttributes'], resources: [fanoutQueue.dlq.queueArn, noticeQueue.dlq.queueArn] }));
    linkKey.grantRead(fns.notify);
    const sesArn = (resource: string) => `arn:${this.partition}:ses:${this.region}:${this.account}:${resource}`;
    fns.notify.addToRolePolicy(
      new PolicyStatement({
        actions: ['ses:SendBulkEmail'],
        resources: [
          sesArn(`identity/${fromAddress.valueAsString}`),
          sesArn(`identity/${Fn.select(1, Fn.split('@', fromAddress.valueAsString))}`),
          sesArn(`configuration-set/${configurationSet.configurationSetName}`),
          sesArn(`template/${templateName}`),
        ],
      }),
    );

    // The receipt signers decrypt receipt keys, once per container, and nothing else under the key:
    // Decrypt only with the receipt keys' encryption context. Making keys is the operator's
    // (npm run receipt:keys), with their own credentials: no function may.
    for (const signer of [fns.consents, fns.optout, fns.pages]) {
      signer.addToRolePolicy(
        new PolicyStatement({
          actions: ['kms:Decrypt'],
          resources: [receiptKeys.keyArn],
          conditions: { StringEquals: Object.fromEntries(Object.entries(RECEIPT_KEY_CONTEXT).map(([name, value]) => [`kms:EncryptionContext:${name}`, value])) },
        }),
      );
    }

    // sns:Publish on the event topic and nothing else of SNS (no KMS grant: the key is AWS managed).
    eventTopic.grantPublish(fns.publish);

    fns.fanout.addEventSource(new SqsEventSource(fanoutQueue.queue, { ...FANOUT_CONSUMER, reportBatchItemFailures: true }));
    fns.notify.addEventSource(
      new SqsEventSource(noticeQueue.queue, { batchSize: notifyBatchSize, reportBatchItemFailures: true, maxConcurrency: notifyConcurrency }),
    );
    // Grants reading the stream, and dynamodb:ListStreams on "*" (acknowledged below).
    fns.publish.addEventSource(
      new DynamoEventSource(table, {
        // From the oldest change the stream holds: none made before the mapping is lost.
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: PUBLISH_CONSUMER.batchSize,
        maxBatchingWindow: Duration.seconds(PUBLISH_CONSUMER.maxBatchingWindowSeconds),
        retryAttempts: PUBLISH_CONSUMER.retryAttempts,
        bisectBatchOnError: PUBLISH_CONSUMER.bisectOnError,
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(publishDlq),
        // A member's events keep their order only with one batch at a time per shard: with more,
        // Lambda keeps order per item (partition and sort key) only, and a member's events come
        // from several of its items (the hot item, profile events, archive items).
        parallelizationFactor: 1,
      }),
    );
    Validations.of(fns.publish.role!).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'dynamodb:ListStreams alone, as the DynamoDB event source grants it (and the AWS managed stream policies): it lists stream ARNs, no data. Reading records is granted on this table\'s stream only.',
    });

    // The HTTP API: every route of lib/web/api/routes.ts, with the JWT authorizer and its scopes
    // (the contract's, as this deployment's tokens name them).
    const accessLogs = new LogGroup(this, 'ApiAccessLogs', { retention: RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
    new HttpStage(this, 'DefaultStage', {
      httpApi: api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 1000, burstLimit: 2000 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        // No path or query string: they carry member ids and opt-out link tokens.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTime',
            routeKey: '$context.routeKey',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
          }),
        ),
      },
    });
    const authorizer = new HttpJwtAuthorizer('JwtAuthorizer', signIn.issuer, {
      jwtAudience: signIn.apiAudiences,
      identitySource: ['$request.header.Authorization'],
    });
    const integrations = new Map<FunctionName, HttpLambdaIntegration>();
    for (const route of ROUTES) {
      let integration = integrations.get(route.function);
      if (!integration) {
        integration = new HttpLambdaIntegration(`${pascal(route.function)}Integration`, fns[route.function]);
        integrations.set(route.function, integration);
      }
      const [created] = api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration,
        authorizer: route.auth === 'jwt' ? authorizer : new HttpNoneAuthorizer(),
        ...(route.scopes ? { authorizationScopes: deployedScopes(route.scopes, tokenNames) } : {}),
      });
      if (route.auth === 'none') {
        Validations.of(created!).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: `${route.method} ${route.path} is public by contract: ${route.summary}.`,
        });
      }
    }

    // Alarms: anything in a dead-letter queue, any handler error, any throttled invocation, change
    // events falling behind.
    // Not encrypted with the AWS managed key: CloudWatch alarms cannot publish to such a topic,
    // and alarm messages carry no personal data.
    const alarmTopic = new Topic(this, 'Alarms', { enforceSSL: true });
    const hasAlarmEmail = new CfnCondition(this, 'HasAlarmEmail', { expression: Fn.conditionNot(Fn.conditionEquals(alarmEmail.valueAsString, '')) });
    const subscription = new CfnSubscription(this, 'AlarmEmailSubscription', { topicArn: alarmTopic.topicArn, protocol: 'email', endpoint: alarmEmail.valueAsString });
    subscription.cfnOptions.condition = hasAlarmEmail;
    const alarm = (id: string, metric: IMetric, description: string, threshold = 1) =>
      new Alarm(this, id, {
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      }).addAlarmAction(new SnsAction(alarmTopic));
    for (const [name, queues] of [['Fanout', fanoutQueue], ['Notice', noticeQueue]] as const) {
      alarm(`${name}DeadLettersAlarm`, queues.dlq.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) }), `Messages in the ${name.toLowerCase()} dead-letter queue: read their logged reason, fix, redrive.`);
    }
    alarm(
      'PublishDeadLettersAlarm',
      publishDlq.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) }),
      'Change events not published: each message names a batch of the table stream (shard, sequence numbers) given up after its retries, which the stream keeps 24 hours. Read the publish logs, fix, republish.',
    );
    alarm(
      'AuditDeadLettersAlarm',
      auditDlq.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) }),
      'Change events in the audit dead-letter queue: its consumer failed on them. Fix, redrive.',
    );
    alarm(
      'PublishIteratorAgeAlarm',
      fns.publish.metric('IteratorAge', { statistic: Stats.MAXIMUM, period: Duration.minutes(5) }),
      'Change events are falling behind: the oldest change the publish function read was a minute old or more.',
      60_000,
    );
    for (const [name, fn] of Object.entries({ ...fns, ...(this.adminScopeTrigger ? { adminScope: this.adminScopeTrigger } : {}) })) {
      alarm(`${pascal(name)}ErrorsAlarm`, fn.metricErrors({ period: Duration.minutes(5) }), `The ${name} function failed.`);
      alarm(`${pascal(name)}ThrottlesAlarm`, fn.metricThrottles({ period: Duration.minutes(5) }), `The ${name} function was throttled.`);
    }

    new CfnOutput(this, 'ApiUrl', { value: api.apiEndpoint, description: 'The API; GET /openapi.json describes it' });
    new CfnOutput(this, 'TableName', { value: table.tableName });
    new CfnOutput(this, 'NoticeDeadLetterQueueUrl', { value: noticeQueue.dlq.queueUrl });
    new CfnOutput(this, 'FanoutDeadLetterQueueUrl', { value: fanoutQueue.dlq.queueUrl });
    new CfnOutput(this, 'LinkSigningKeySecretArn', { value: linkKey.secretArn });
    new CfnOutput(this, 'ReceiptKeyArn', { value: receiptKeys.keyArn, description: 'The KMS key receipt keys are made under: npm run receipt:keys -- --kms-key THIS' });
    new CfnOutput(this, 'AlarmTopicArn', { value: alarmTopic.topicArn });
    new CfnOutput(this, 'EventTopicArn', { value: eventTopic.topicArn, description: 'The SNS FIFO topic of change events: subscribe SQS FIFO queues to it' });
    new CfnOutput(this, 'AuditQueueUrl', { value: auditQueue.queueUrl, description: 'The example subscriber: every change event, the CloudEvent JSON as the body' });
    new CfnOutput(this, 'AuditDeadLetterQueueUrl', { value: auditDlq.queueUrl });
    new CfnOutput(this, 'PublishDeadLetterQueueUrl', { value: publishDlq.queueUrl });
  }

  /** The identity provider of the JWT authorizer and the pages, given as parameters (as before the Cognito option). */
  private existingIssuer(): SignInProvider {
    const issuer = new CfnParameter(this, 'JwtIssuer', {
      type: 'String',
      description: 'Issuer (iss) of the identity provider whose JWTs the API accepts, e.g. https://cognito-idp.REGION.amazonaws.com/POOL_ID',
      allowedPattern: '^https://.+',
    });
    const audience = new CfnParameter(this, 'JwtAudience', {
      type: 'String',
      description: 'Audience (aud claim, or client_id for Cognito access tokens) the JWTs must carry',
      minLength: 1,
    });
    const jwksUrl = new CfnParameter(this, 'JwtJwksUrl', {
      type: 'String',
      description: 'The JWKS endpoint of that identity provider (the pages verify session tokens themselves), e.g. https://cognito-idp.REGION.amazonaws.com/POOL_ID/.well-known/jwks.json',
      allowedPattern: '^https://.+',
    });
    const oidcClientId = new CfnParameter(this, 'OidcClientId', {
      type: 'String',
      description: 'The pages\' client at that identity provider: a public client (no secret), authorization code with PKCE, redirect URI API_URL/sign-in/callback, post-logout redirect URI API_URL/signed-out',
      minLength: 1,
    });
    const oidcScope = new CfnParameter(this, 'OidcScope', {
      type: 'String',
      default: 'openid',
      description: 'The scope the pages ask for when signing in: openid, and any scope your provider needs to put the admin scope in administrators\' access tokens',
      allowedPattern: '^(.* )?openid( .*)?$',
    });
    return {
      issuer: issuer.valueAsString,
      audience: audience.valueAsString,
      apiAudiences: [audience.valueAsString],
      jwksUrl: jwksUrl.valueAsString,
      clientId: oidcClientId.valueAsString,
      scope: oidcScope.valueAsString,
      // A provider whose discovery document names an end-session endpoint is signed out of there;
      // otherwise signing out ends the session here only.
      logoutUrl: '',
    };
  }

  /** The stack's own Cognito user pool (-c cognito=true), with the trigger that grants the admin scope by group. */
  private memberPool(cognito: CognitoProps, tokenNames: TokenNames, publicBaseUrl: string, lambda: (name: string, entry: string, spec: FunctionSpec, environment: Record<string, string>) => NodejsFunction): SignInProvider {
    const adminGroup = cognito.adminGroup ?? 'consent-ledger-admins';
    const environment: Record<(typeof ADMIN_SCOPE_TRIGGER.environment)[number], string> = { ADMIN_GROUP: adminGroup, ADMIN_SCOPE: tokenNames.scopes.admin };
    this.adminScopeTrigger = lambda('adminScope', ADMIN_SCOPE_TRIGGER.entry, ADMIN_SCOPE_TRIGGER.spec, environment);
    const pool = new MemberPool(this, 'SignIn', {
      domainPrefix: cognito.domainPrefix,
      resourceServerId: cognito.resourceServerId ?? 'ledger',
      adminGroup,
      callbackUrl: `${publicBaseUrl}/sign-in/callback`,
      signedOutUrl: `${publicBaseUrl}/signed-out`,
      adminScopeTrigger: this.adminScopeTrigger,
    });
    new CfnOutput(this, 'UserPoolId', { value: pool.pool.userPoolId, description: 'Members sign in here: create each with the member id as username' });
    new CfnOutput(this, 'PagesClientId', { value: pool.pagesClient.userPoolClientId, description: 'The pages\' app client (code flow with PKCE, no secret)' });
    new CfnOutput(this, 'SignInDomain', { value: pool.signInDomain, description: 'The hosted sign-in' });
    new CfnOutput(this, 'AdminGroup', { value: adminGroup, description: `Its members' access tokens carry ${tokenNames.scopes.admin}` });
    return {
      issuer: pool.issuer,
      // Cognito access tokens carry the app client as client_id, which the authorizer accepts for aud.
      audience: pool.pagesClient.userPoolClientId,
      // A service's app client (client credentials), added to the pool, is added here too.
      apiAudiences: [pool.pagesClient.userPoolClientId],
      jwksUrl: pool.jwksUrl,
      clientId: pool.pagesClient.userPoolClientId,
      scope: 'openid',
      logoutUrl: pool.logoutUrl,
    };
  }
}
