// A tiny stand-in for the one DynamoDB table (layout in lib/adapters/dynamo/table.ts): items by partition and
// sort key, sort keys ordered by their UTF-8 bytes as DynamoDB orders them, range queries in either
// direction, and a segmented scan. Items are cloned on the way in and out, so no caller can change
// stored state except through a store method. Each store method runs without awaiting between its
// reads and writes, so it is atomic, as the conditional writes and transactions it stands for are.
import { createHash } from 'node:crypto';

export type Item = Record<string, unknown>;

const byBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

/** What the document client stores with `removeUndefinedValues: true`: no undefined anywhere. */
export function withoutUndefined<T>(value: T): T {
  if (Array.isArray(value)) return value.filter((element) => element !== undefined).map(withoutUndefined) as T;
  if (value === null || typeof value !== 'object' || value instanceof Set || value instanceof Uint8Array) return value;
  return Object.fromEntries(
    Object.entries(value as Item)
      .filter(([, element]) => element !== undefined)
      .map(([name, element]) => [name, withoutUndefined(element)]),
  ) as T;
}

export class InMemoryTable {
  private readonly partitions = new Map<string, Map<string, Item>>();

  get(pk: string, sk: string): Item | undefined {
    const item = this.partitions.get(pk)?.get(sk);
    return item === undefined ? undefined : structuredClone(item);
  }

  has(pk: string, sk: string): boolean {
    return this.partitions.get(pk)?.has(sk) ?? false;
  }

  put(item: Item & { pk: string; sk: string }): void {
    let partition = this.partitions.get(item.pk);
    if (!partition) this.partitions.set(item.pk, (partition = new Map()));
    partition.set(item.sk, structuredClone(withoutUndefined(item)));
  }

  /** A partition's items whose sort key lies in [from, to] (both inclusive, like BETWEEN), in sort-key order. */
  query(pk: string, range: { from?: string; to?: string; prefix?: string } = {}, options: { descending?: boolean; limit?: number } = {}): Item[] {
    const keys = [...(this.partitions.get(pk)?.keys() ?? [])]
      .filter((sk) => range.from === undefined || byBytes(sk, range.from) >= 0)
      .filter((sk) => range.to === undefined || byBytes(sk, range.to) <= 0)
      .filter((sk) => range.prefix === undefined || sk.startsWith(range.prefix))
      .sort(byBytes);
    if (options.descending) keys.reverse();
    return keys.slice(0, options.limit ?? Infinity).map((sk) => this.get(pk, sk)!);
  }

  /**
   * One page of a parallel scan: a partition belongs to one segment (by its key's hash, as in
   * DynamoDB); `limit` counts the items examined before any filter, as DynamoDB's Scan Limit does.
   */
  scan(segment: number, totalSegments: number, startKey: { pk: string; sk: string } | undefined, limit: number): { items: Item[]; lastKey?: { pk: string; sk: string } } {
    const inSegment = [...this.partitions.keys()]
      .filter((pk) => createHash('md5').update(pk).digest().readUInt32BE(0) % totalSegments === segment)
      .sort(byBytes)
      .flatMap((pk) => [...this.partitions.get(pk)!.keys()].sort(byBytes).map((sk) => ({ pk, sk })));
    const start = startKey === undefined ? 0 : inSegment.findIndex((key) => key.pk === startKey.pk && key.sk === startKey.sk) + 1;
    const examined = inSegment.slice(start, start + limit);
    const more = start + limit < inSegment.length;
    return { items: examined.map(({ pk, sk }) => this.get(pk, sk)!), ...(more ? { lastKey: examined.at(-1)! } : {}) };
  }

  /** Every item, for tests that check a call wrote nothing. */
  dump(): Item[] {
    return [...this.partitions.keys()].sort(byBytes).flatMap((pk) => this.query(pk));
  }
}
