// Dollars per million operations, from the counts the benchmark measured and AWS's public
// us-east-1 list prices. Prices change: these are as listed on the AWS pricing pages when this
// file was written; check them before relying on the result.
export const PRICES = {
  asOf: '2025-11 (AWS pricing pages, us-east-1, list prices, no free tier)',
  dynamoReadUnit: 0.125 / 1e6, // on-demand, per read request unit
  dynamoWriteUnit: 0.625 / 1e6, // on-demand, per write request unit
  lambdaRequest: 0.2 / 1e6,
  lambdaArmGbSecond: 0.0000133334,
  httpApiRequest: 1.0 / 1e6, // first 300 million a month
  sqsRequest: 0.4 / 1e6, // standard queue, per 64 KB chunk
  sesEmail: 0.1 / 1000,
};

const MILLION = 1e6;
const round = (value: number) => Math.round(value * 10_000) / 10_000;

/** A Lambda invocation's cost: request plus duration at its memory size. */
const lambda = (seconds: number, memoryGb: number) => PRICES.lambdaRequest + seconds * memoryGb * PRICES.lambdaArmGbSecond;

export interface CostInputs {
  single: { p50Ms: number; readUnits: number };
  batch: { secondsPerCall: number; readUnitsPerAnswer: number; answersPerCall: number };
  update: { p50Ms: number; writeUnits: number; readUnits: number };
  notice: { sqsRequestsPer1000: number; sesRequestsPer1000: number; writeUnits: number; readUnits: number; lambdaSecondsPerNotice: number };
}

/**
 * Local latencies stand in for Lambda durations (an overestimate: they include the emulated
 * gateway and the network to DynamoDB Local).
 */
export function costPerMillion(inputs: CostInputs) {
  const single = PRICES.httpApiRequest + lambda(inputs.single.p50Ms / 1000, 1) + inputs.single.readUnits * PRICES.dynamoReadUnit;
  const batchCall = PRICES.httpApiRequest + lambda(inputs.batch.secondsPerCall, 1);
  const batchAnswer = batchCall / inputs.batch.answersPerCall + inputs.batch.readUnitsPerAnswer * PRICES.dynamoReadUnit;
  const update =
    PRICES.httpApiRequest + lambda(inputs.update.p50Ms / 1000, 0.5) +
    inputs.update.writeUnits * PRICES.dynamoWriteUnit + inputs.update.readUnits * PRICES.dynamoReadUnit;
  const notice =
    PRICES.sesEmail + ((inputs.notice.sqsRequestsPer1000 / 1000) * PRICES.sqsRequest) +
    inputs.notice.writeUnits * PRICES.dynamoWriteUnit + inputs.notice.readUnits * PRICES.dynamoReadUnit +
    inputs.notice.lambdaSecondsPerNotice * 1 * PRICES.lambdaArmGbSecond;
  return {
    singleLookups: round(single * MILLION),
    batchAnswers: round(batchAnswer * MILLION),
    choiceUpdates: round(update * MILLION),
    notices: round(notice * MILLION),
    pricesAsOf: PRICES.asOf,
  };
}
