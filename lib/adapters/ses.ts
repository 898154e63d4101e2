// SES v2: one SendBulkEmail call sends up to 50 personalised emails from one template.
import {
  CreateEmailTemplateCommand,
  GetEmailTemplateCommand,
  SendBulkEmailCommand,
  SESv2Client,
  UpdateEmailTemplateCommand,
} from '@aws-sdk/client-sesv2';
import { MailThrottledError, MAX_BULK_DESTINATIONS, type BulkEntry, type EntryStatus, type Mailer } from '../app/ports/messaging.ts';
import { withoutEmails } from '../log.ts';
import { clientCreated } from './client-hooks.ts';

export const NOTICE_TEMPLATE = 'consent-ledger-notice';

/**
 * A shell around content rendered per member (lib/email/notice-email.ts), so one template serves every
 * locale and one call still carries 50 different emails. Triple braces everywhere: Handlebars
 * would otherwise HTML-escape the text part too (an & in a link would arrive as &amp;); the HTML
 * part is escaped by our renderer.
 */
export const NOTICE_TEMPLATE_CONTENT = { Subject: '{{{subject}}}', Text: '{{{text}}}', Html: '{{{html}}}' };

export function createSesClient(): SESv2Client {
  return clientCreated({ service: 'SES', client: new SESv2Client({ requestHandler: { connectionTimeout: 1_000, requestTimeout: 10_000 } }) });
}

/** SES's answers that mean "slow down", not "this failed". */
function isThrottling(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return ['TooManyRequestsException', 'ThrottlingException', 'Throttling', 'LimitExceededException'].includes(error.name) ||
    /rate exceeded|throttl/i.test(error.message);
}

export class SesMailer implements Mailer {
  private readonly client: SESv2Client;
  private readonly from: string;
  private readonly configurationSet: string | undefined;
  private readonly templateName: string;

  constructor(client: SESv2Client, from: string, configurationSet?: string, templateName = NOTICE_TEMPLATE) {
    this.client = client;
    this.from = from;
    this.configurationSet = configurationSet;
    this.templateName = templateName;
  }

  async sendBulk(entries: readonly BulkEntry[]): Promise<EntryStatus[]> {
    if (entries.length > MAX_BULK_DESTINATIONS) throw new Error(`at most ${MAX_BULK_DESTINATIONS} destinations per call`);
    const response = await this.send(
      new SendBulkEmailCommand({
        FromEmailAddress: this.from,
        ...(this.configurationSet ? { ConfigurationSetName: this.configurationSet } : {}),
        DefaultContent: { Template: { TemplateName: this.templateName, TemplateData: '{}' } },
        BulkEmailEntries: entries.map((entry) => ({
          Destination: { ToAddresses: [entry.to] },
          ReplacementEmailContent: { ReplacementTemplate: { ReplacementTemplateData: JSON.stringify(entry.data) } },
        })),
      }),
    );
    return entries.map((_, index) => {
      const result = response.BulkEmailEntryResults?.[index];
      if (result?.Status === 'SUCCESS') return { ok: true, messageId: result.MessageId };
      const status = result?.Status ?? 'MISSING';
      return {
        ok: false,
        // SES's reason may quote the address: it is kept in the notice record, where a failure noted
        // after an erasure's scrub would bring the address back.
        error: withoutEmails(`${status}${result?.Error ? `: ${result.Error}` : ''}`),
        transient: ['TRANSIENT_FAILURE', 'ACCOUNT_THROTTLED', 'ACCOUNT_DAILY_QUOTA_EXCEEDED', 'SENDING_PAUSED', 'ACCOUNT_SENDING_PAUSED', 'FAILED', 'MISSING'].includes(status),
      };
    });
  }

  private async send(command: SendBulkEmailCommand) {
    try {
      return await this.client.send(command);
    } catch (error) {
      if (isThrottling(error)) throw new MailThrottledError((error as Error).message, { cause: error });
      throw error;
    }
  }

  /** Creates the notice template, or brings an existing one up to date (the local stack). */
  async ensureTemplate(): Promise<void> {
    const exists = await this.client.send(new GetEmailTemplateCommand({ TemplateName: this.templateName })).then(
      () => true,
      (error: unknown) => {
        // By status: the emulator names its errors where the SDK does not look.
        if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return false;
        throw error;
      },
    );
    const command = exists
      ? new UpdateEmailTemplateCommand({ TemplateName: this.templateName, TemplateContent: NOTICE_TEMPLATE_CONTENT })
      : new CreateEmailTemplateCommand({ TemplateName: this.templateName, TemplateContent: NOTICE_TEMPLATE_CONTENT });
    await this.client.send(command);
  }
}
