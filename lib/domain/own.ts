/**
 * A record's own value for `key`. Keys come from outside (purpose ids, policy ids, codes), and a
 * plain `record[key]` would also find inherited members such as `constructor`.
 */
export function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
