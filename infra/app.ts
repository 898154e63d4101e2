// The CDK app: `npm run synth` (offline) or `npx cdk deploy` (see the README).
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ConsentLedgerStack, type CognitoProps } from './stack.ts';

/** -c cognito=true: the stack's own user pool (context values are strings on the command line). */
const cognitoWanted = (app: App): boolean => [true, 'true'].includes(app.node.tryGetContext('cognito'));

function cognitoProps(app: App): CognitoProps {
  const domainPrefix = app.node.tryGetContext('cognitoDomainPrefix');
  if (typeof domainPrefix !== 'string' || domainPrefix === '') throw new Error('-c cognito=true needs -c cognitoDomainPrefix=PREFIX (the hosted sign-in at https://PREFIX.auth.REGION.amazoncognito.com)');
  return { domainPrefix, resourceServerId: app.node.tryGetContext('cognitoResourceServer'), adminGroup: app.node.tryGetContext('cognitoAdminGroup') };
}

export function createApp(outdir?: string, context: Record<string, unknown> = {}): { app: App; stack: ConsentLedgerStack } {
  const app = new App({ ...(outdir ? { outdir } : {}), context });
  const rate = app.node.tryGetContext('sesMaxSendRate');
  const stack = new ConsentLedgerStack(app, app.node.tryGetContext('stackName') ?? 'ConsentLedger', {
    ...(rate === undefined ? {} : { sesMaxSendRate: Number(rate) }),
    ...(app.node.tryGetContext('publicBaseUrl') ? { publicBaseUrl: app.node.tryGetContext('publicBaseUrl') } : {}),
    ...(cognitoWanted(app) ? { cognito: cognitoProps(app) } : {}),
    tokenNames: {
      memberIdClaim: app.node.tryGetContext('memberIdClaim'),
      adminScope: app.node.tryGetContext('adminScope'),
      eligibilityScope: app.node.tryGetContext('eligibilityScope'),
    },
    description: 'Consent Ledger: consent to use member data for AI training, by jurisdiction, provable over time',
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}

if (import.meta.main) createApp().app.synth();
