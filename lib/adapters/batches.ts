// SQS's SendMessageBatch and SNS's PublishBatch take the same at most: 10 entries and 256 KiB in
// all. One way to cut a list into such calls, in order.

const MAX_ENTRIES = 10;
/** 256 KiB in all; stay under it with room for the envelope. */
const MAX_BATCH_BYTES = 240 * 1024;

/** `items` in order, cut into batches of at most 10 whose bodies (`bodyOf`) weigh under 240 KiB. */
export function batches<T>(items: readonly T[], bodyOf: (item: T) => string): T[][] {
  const result: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = Buffer.byteLength(bodyOf(item));
    if (current.length === MAX_ENTRIES || (current.length > 0 && bytes + size > MAX_BATCH_BYTES)) {
      result.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) result.push(current);
  return result;
}
