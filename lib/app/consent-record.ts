// The member's consent record (DOMAIN.md section 7, "Consent record"): the ISO/IEC TS 27560 header,
// the processing the member's choices govern, and their choices as consent events, a page at a
// time, paged through the same places in the member's choices as the history route.
import {
  processingOf,
  RECORD_SCHEMA_VERSION,
  recordEvent,
  recordIdOf,
  type ProcessingEntry,
  type RecordEvent,
} from '../domain/consent-record.ts';
import type { Choice } from '../domain/member.ts';
import { own } from '../domain/own.ts';
import { choicesFrom, decodeChoiceCursor, encodeChoiceCursor, HISTORY_PAGE_DEFAULT, requireMember, type ChoicePlace } from './consents.ts';
import type { Deps } from './deps.ts';
import { InvalidInputError } from './errors.ts';

/** One page of the record: the header every page carries, and its slice of the events. */
export interface ConsentRecord {
  schemaVersion: string;
  recordId: string;
  piiPrincipalId: string;
  processing: ProcessingEntry[];
  /** Purpose by purpose (in the order of their names), each purpose's choices oldest first. */
  events: RecordEvent[];
  /** Where the next page starts; absent on the last page. */
  next?: string;
}

export interface RecordRequest {
  /** Where the member changes or withdraws a choice: the settings page's public address. */
  withdrawalMethod: string;
  /** Events on this page; default HISTORY_PAGE_DEFAULT, as the history route. */
  limit?: number | undefined;
  cursor?: string | undefined;
}

const PAGES = "this member's consent record";

/**
 * Events in one download of the record from the settings page. An event is about 200 bytes of
 * JSON, under 400 with a 128-character actor and a 64-character purpose: 5,000 stay under 2 MB,
 * well within the 6 MB a Lambda function may answer. A longer record's download ends with `next`,
 * from which the API route pages on.
 */
export const RECORD_DOWNLOAD_MAX = 5_000;

/**
 * One page of the member's consent record. Each page carries the whole header (a record by itself,
 * whose events are a slice of the member's) and up to `limit` events. Every choice recorded when
 * the pages are read appears exactly once; a page never repeats or skips one, even when choices
 * are recorded or moved to the archive between two pages.
 */
export async function getConsentRecord(deps: Deps, memberId: string, request: RecordRequest): Promise<ConsentRecord> {
  const limit = request.limit ?? HISTORY_PAGE_DEFAULT;
  const cursor = request.cursor === undefined ? undefined : decodeChoiceCursor(request.cursor, memberId, () => true, PAGES);
  const record = await requireMember(deps, memberId);
  const purposes = Object.keys(record.counts)
    .filter((purpose) => (own(record.counts, purpose) ?? 0) > 0)
    .sort();
  // Counts only grow: a cursor this member's pages gave names one of their purposes.
  if (cursor !== undefined && !purposes.includes(cursor.purpose)) {
    throw new InvalidInputError('query.cursor', 'cursor', `must be the \`next\` value of an earlier page of ${PAGES}`);
  }
  const policies = await deps.policies.all();
  const following = (purpose: string): ChoicePlace | undefined => {
    const after = purposes[purposes.indexOf(purpose) + 1];
    return after === undefined ? undefined : { purpose: after, position: 1 };
  };

  const events: RecordEvent[] = [];
  let place: ChoicePlace | undefined = cursor ?? (purposes[0] === undefined ? undefined : { purpose: purposes[0], position: 1 });
  while (place !== undefined && events.length < limit) {
    const { purpose, position } = place;
    // A choice's state (given or renewed, refused or withdrawn) depends on the choice before it:
    // a page that starts mid-purpose reads that one too. The cursor's archive item holds it.
    const readFrom = position > 1 ? { ...place, position: position - 1 } : place;
    const read = await choicesFrom(deps, record, readFrom, limit - events.length + (position > 1 ? 1 : 0));
    let previous: Choice | undefined;
    let progressed = false;
    for (const { position: number, entry } of read.choices) {
      if (number >= position) {
        events.push(recordEvent(purpose, entry, previous, policies));
        progressed = true;
      }
      previous = entry.choice;
    }
    // No progress (a cursor naming an archive item past the purpose's): on to the next purpose, never round again.
    place = progressed && read.next !== undefined ? read.next : following(purpose);
  }

  const profiles = record.profilesTrimmed ? await deps.store.profileHistory(memberId) : record.profiles;
  return {
    schemaVersion: RECORD_SCHEMA_VERSION,
    recordId: recordIdOf(memberId),
    piiPrincipalId: memberId,
    processing: processingOf({ profiles, policies, notices: record.notices, now: deps.clock.now(), withdrawalMethod: request.withdrawalMethod }),
    events,
    ...(place === undefined ? {} : { next: encodeChoiceCursor(memberId, place) }),
  };
}
