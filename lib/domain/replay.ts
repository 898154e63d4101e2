// DOMAIN.md section 7, Replay: an answer "as of T, known at K" uses only the facts recorded at or
// before K. Every fact of a timeline carries the time it was recorded: a profile its `from` (the
// first one too: it covers earlier times, but only once recorded), a choice its effective time
// (never earlier than when it was recorded), a notice its delivery, an erasure its erasedAt. Pure.
import { effectiveChoices, type MemberTimeline } from './member.ts';
import { own } from './own.ts';

/**
 * The timeline as the ledger knew it at `known`; undefined when the member was not known yet.
 * Archived choices stay as marks: a lookup before the kept choices reads them from the archive.
 */
export function knownTimeline(timeline: MemberTimeline | undefined, known: Date): MemberTimeline | undefined {
  const first = timeline?.profiles[0];
  if (timeline === undefined || first === undefined || Date.parse(first.from) > known.getTime()) return undefined;
  const limit = known.getTime();
  const choices: MemberTimeline['choices'] = {};
  for (const [purpose, entries] of Object.entries(timeline.choices)) {
    const effective = effectiveChoices(entries, own(timeline.archivedChoices ?? {}, purpose)?.lastAt);
    // Effective times never go backwards, so what was known is a prefix.
    const knownCount = effective.findIndex((entry) => Date.parse(entry.at) > limit);
    choices[purpose] = knownCount === -1 ? entries : entries.slice(0, knownCount);
  }
  const { erasedAt, ...facts } = timeline;
  return {
    ...facts,
    ...(erasedAt !== undefined && Date.parse(erasedAt) <= limit ? { erasedAt } : {}),
    profiles: timeline.profiles.filter((profile) => Date.parse(profile.from) <= limit),
    choices,
    notices: Object.fromEntries(Object.entries(timeline.notices).filter(([, deliveredAt]) => Date.parse(deliveredAt) <= limit)),
  };
}

/** The moment a replayed lookup lands on: nothing recorded after K can count, so no later than K. */
export function lookupTime(at: Date, known: Date | undefined): Date {
  return known !== undefined && known.getTime() < at.getTime() ? known : at;
}
