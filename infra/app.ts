// The CDK app: `npm run synth` (offline) or `npx cdk deploy` (see the README).
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ConsentLedgerStack } from './stack.ts';

export function createApp(outdir?: string): { app: App; stack: ConsentLedgerStack } {
  const app = new App(outdir ? { outdir } : {});
  const rate = app.node.tryGetContext('sesMaxSendRate');
  const stack = new ConsentLedgerStack(app, app.node.tryGetContext('stackName') ?? 'ConsentLedger', {
    ...(rate === undefined ? {} : { sesMaxSendRate: Number(rate) }),
    ...(app.node.tryGetContext('publicBaseUrl') ? { publicBaseUrl: app.node.tryGetContext('publicBaseUrl') } : {}),
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
