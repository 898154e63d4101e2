// What the service asks of AWS, counted where it is asked: requests per service and operation
// (what AWS bills and throttles) and the DynamoDB capacity units it reports consuming. Machine-
// independent figures for tests and benchmarks; the local stack attaches it to every client the
// handlers build (./index.ts) and exposes the process's totals. Never deployed: asking DynamoDB
// for ReturnConsumedCapacity on every request is for these counts only.

import type { MiddlewareStack } from '@smithy/types';

type Capacity = { CapacityUnits?: number; ReadCapacityUnits?: number; WriteCapacityUnits?: number };
// `any`: the SDK clients' stacks are typed by their own input and output unions; this module
// takes any of them and reads only fields it checks at run time.
type Stackable = { middlewareStack: MiddlewareStack<any, any> };

/** Operations that accept ReturnConsumedCapacity, and whether their units are reads. */
const CAPACITY_OPERATIONS: Record<string, 'read' | 'write'> = {
  GetItem: 'read', BatchGetItem: 'read', Query: 'read', Scan: 'read', TransactGetItems: 'read',
  PutItem: 'write', UpdateItem: 'write', DeleteItem: 'write', BatchWriteItem: 'write', TransactWriteItems: 'write',
};

export class AwsUsage {
  readonly requests = new Map<string, number>();
  readUnits = 0;
  writeUnits = 0;
  /** Capacity units by `service.operation`: e.g. transactional writes, which AWS bills twice over. */
  readonly unitsByOperation = new Map<string, number>();

  /** Requests of one service, by operation, e.g. { GetItem: 2 }. */
  operations(service: string): Record<string, number> {
    const result: Record<string, number> = {};
    for (const [key, count] of this.requests) {
      const [owner, operation] = key.split('.') as [string, string];
      if (owner === service) result[operation] = count;
    }
    return result;
  }

  total(service: string): number {
    return Object.values(this.operations(service)).reduce((sum, count) => sum + count, 0);
  }

  snapshot() {
    return {
      requests: Object.fromEntries(this.requests),
      readUnits: this.readUnits,
      writeUnits: this.writeUnits,
      unitsByOperation: Object.fromEntries(this.unitsByOperation),
    };
  }

  reset(): void {
    this.requests.clear();
    this.unitsByOperation.clear();
    this.readUnits = 0;
    this.writeUnits = 0;
  }
}

export type UsageSnapshot = ReturnType<AwsUsage['snapshot']>;

/** The totals of several counters' snapshots: the local stack's threads each count their own. */
export function sumUsage(snapshots: UsageSnapshot[]): UsageSnapshot {
  const add = (into: Record<string, number>, from: Record<string, number>) => {
    for (const [key, count] of Object.entries(from)) into[key] = (into[key] ?? 0) + count;
  };
  const total: UsageSnapshot = { requests: {}, readUnits: 0, writeUnits: 0, unitsByOperation: {} };
  for (const snapshot of snapshots) {
    add(total.requests, snapshot.requests);
    add(total.unitsByOperation, snapshot.unitsByOperation);
    total.readUnits += snapshot.readUnits;
    total.writeUnits += snapshot.writeUnits;
  }
  return total;
}

/** The totals of this thread: every client the runtime builds reports here. */
export const processUsage = new AwsUsage();

/**
 * Counts every request `client` sends (retries included: each is billed) under `service`, and
 * for DynamoDB asks for and adds up the consumed capacity.
 */
export function instrument<C extends Stackable>(client: C, service: string, usage: AwsUsage = processUsage): C {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = String(context.commandName ?? 'Unknown').replace(/Command$/, '');
      const kind = service === 'DynamoDB' ? CAPACITY_OPERATIONS[operation] : undefined;
      if (kind && args.input && args.input.ReturnConsumedCapacity === undefined) args.input.ReturnConsumedCapacity = 'TOTAL';
      const result = await next(args);
      if (kind) {
        const reported = result.output?.ConsumedCapacity as Capacity | Capacity[] | undefined;
        for (const capacity of [reported ?? []].flat()) {
          const units = capacity.CapacityUnits ?? (capacity.ReadCapacityUnits ?? 0) + (capacity.WriteCapacityUnits ?? 0);
          if (kind === 'read') usage.readUnits += units;
          else usage.writeUnits += units;
          const key = `${service}.${operation}`;
          usage.unitsByOperation.set(key, (usage.unitsByOperation.get(key) ?? 0) + units);
        }
      }
      return result;
    },
    { step: 'initialize' as const, name: `usage-capacity-${service}`, override: true },
  );
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const key = `${service}.${String(context.commandName ?? 'Unknown').replace(/Command$/, '')}`;
      usage.requests.set(key, (usage.requests.get(key) ?? 0) + 1);
      return next(args);
    },
    { step: 'finalizeRequest' as const, name: `usage-requests-${service}`, override: true },
  );
  return client;
}
