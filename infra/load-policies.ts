// Loads the built-in reference policy versions (DOMAIN.md section 4) and their translations
// straight into a deployed table: `npm run policies:load -- --table NAME [--region REGION] [--endpoint URL]`.
//
// Not through `PUT /v1/policies/{id}`: that route refuses versions that take effect before they
// are recorded (the past is not rewritten), and the reference versions took effect in 2024-2025.
// Idempotent: versions and translations already stored unchanged are reported and left; one stored
// with other content is an error (exit 1), never overwritten. Translations shipped after a version
// was loaded are added to it (the version itself never changes). The endpoint defaults to the SDK's own
// (AWS_ENDPOINT_URL_DYNAMODB when set), credentials come from the SDK's standard chain.
import { parseArgs } from 'node:util';
import { REFERENCE_POLICIES } from '../lib/domain/reference-policies.ts';
import { REFERENCE_TRANSLATIONS } from '../lib/domain/reference-translations.ts';
import { loadPolicyTranslations, loadPolicyVersions } from '../lib/app/policies.ts';
import { createDocumentClient } from '../lib/adapters/dynamo/client.ts';
import { DynamoStore } from '../lib/adapters/dynamo/consent-store.ts';

const USAGE = 'usage: npm run policies:load -- --table NAME [--region REGION] [--endpoint URL]';

async function main(argv: string[]): Promise<number> {
  let options: { table?: string | undefined; region?: string | undefined; endpoint?: string | undefined };
  try {
    ({ values: options } = parseArgs({
      args: argv,
      options: { table: { type: 'string' }, region: { type: 'string' }, endpoint: { type: 'string' } },
      strict: true,
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (!options.table) {
    console.error(`--table is required\n${USAGE}`);
    return 2;
  }
  // The adapter's client reads the SDK's standard environment; the flags only fill it in.
  if (options.endpoint) process.env.AWS_ENDPOINT_URL_DYNAMODB = options.endpoint;
  if (options.region) process.env.AWS_REGION = options.region;

  const client = createDocumentClient();
  try {
    const store = new DynamoStore(client, options.table);
    const outcomes = await loadPolicyVersions(store, REFERENCE_POLICIES, 'policies:load', new Date());
    for (const { id, outcome } of outcomes) {
      if (outcome === 'loaded') console.log(`policy ${id}: loaded`);
      if (outcome === 'present') console.log(`policy ${id}: already present, unchanged; left as is`);
      if (outcome === 'differs') console.error(`policy ${id}: stored with other content than shipped; left as stored (versions are immutable)`);
    }
    const translations = await loadPolicyTranslations(store, REFERENCE_TRANSLATIONS, 'policies:load', new Date());
    for (const { policyId, locale, outcome } of translations) {
      const texts = `policy ${policyId} texts in ${locale}`;
      if (outcome === 'loaded') console.log(`${texts}: loaded`);
      if (outcome === 'present') console.log(`${texts}: already present, unchanged; left as is`);
      if (outcome === 'differs') console.error(`${texts}: stored with other content than shipped; left as stored (recorded texts never change)`);
      if (outcome === 'no_version' || outcome === 'refused') console.error(`${texts}: not loaded, the version is ${outcome === 'no_version' ? 'not stored' : 'stored with other purposes or texts'}`);
    }
    return [...outcomes, ...translations].some(({ outcome }) => outcome !== 'loaded' && outcome !== 'present') ? 1 : 0;
  } catch (error) {
    console.error(`could not load the policies into ${options.table}: ${(error as Error).message}`);
    return 1;
  } finally {
    client.destroy();
  }
}

process.exitCode = await main(process.argv.slice(2));
