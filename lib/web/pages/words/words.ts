// The member's pages' own words (signing in and out, settings, their message pages, the state of
// a setting in plain words): the shape every translation has and the lookup by language. One file per
// language (./en.ts, ./fr.ts, ./de.ts, ./es.ts), in the languages of lib/email/messages.ts, whose
// notice email and opt-out pages speak the same ones. `{name}` placeholders are filled, and
// escaped, by the pages; dates and numbers come formatted for the language (lib/email/format.ts).
// The operators' admin pages stay in English.
import type { Choice, ChoiceSource } from '../../../domain/member.ts';
import type { GpcOutcome } from '../../../domain/gpc.ts';
import type { Locale } from '../../../email/messages.ts';
import type { SignInFailure } from '../relying-party.ts';
import { de } from './de.ts';
import { en } from './en.ts';
import { es } from './es.ts';
import { fr } from './fr.ts';

/** A sentence for each direction a setting can be turned. */
export interface OnOff {
  on: string;
  off: string;
}

export interface StateWords {
  /** Filled into a headline as `{since}`: leading space included, or nothing when the date is unknown. */
  since: string;
  /** `{when}` of a choice made on `{date}`: "on 3 Nov 2025". */
  onDate: string;
  /** `{when}` of a choice whose date is unknown. */
  earlierDate: string;
  /** How a choice was made, per source; `{when}`: onDate or earlierDate. */
  choiceBy: Record<ChoiceSource, OnOff>;
  defaultOn: string;
  defaultOnDetail: string;
  /** `{how}`: a choiceBy sentence. */
  optedIn: string;
  optedOut: string;
  excluded: string;
  excludedDetail: string;
  noConsent: string;
  noticePending: string;
  minor: string;
  /** `{age}`: the minimum age. */
  minorDetail: string;
  noPolicy: string;
  unknownMember: string;
  erased: string;
  erasedDetail: string;
}

export interface SettingsWords {
  title: string;
  heading: string;
  saved: OnOff;
  stale: string;
  noPolicy: string;
  pill: OnOff;
  /** The toggle's button: what pressing it does. */
  turn: OnOff;
  notRetroactive: string;
  /** `{id}`, `{date}`; the second with `{summary}`. */
  policyLine: string;
  policyLineWithSummary: string;
  gpc: Record<Exclude<GpcOutcome, 'no_signal'>, string>;
  noChoiceYet: string;
  historyColumns: { when: string; choice: string; how: string };
  /** `{count}`; the second `{shown}` of `{total}`. */
  historyCaptionAll: string;
  historyCaptionSome: string;
  showOlder: string;
  choice: Record<Choice, string>;
  source: Record<ChoiceSource, string>;
  runsHeading: string;
  runsNone: string;
  runsNotRetroactive: string;
  /** `{count}`. */
  runsCaptionAll: string;
  runsCaptionLatest: string;
  runColumns: { run: string; model: string; dataset: string; dataAsOf: string };
  /** The signed receipt of the latest choice, folded away: its summary and what it is. */
  latestReceiptTitle: string;
  latestReceiptBody: string;
}

/**
 * Why the return trip from the identity provider was refused: a check of ../relying-party.ts, no
 * sign-in transaction in this browser, or an access token the service does not accept.
 */
export type SignInRefusal = SignInFailure | 'transaction' | 'token';

/**
 * Signing in and out through the identity provider: the service's own pages on the way (the
 * provider's sign-in page is the provider's).
 */
export interface SignInWords {
  /** A signed-in page asked for without a session, by a client that does not ask for HTML (401). */
  requiredTitle: string;
  requiredBody: string;
  /** The link to /sign-in. */
  signIn: string;
  /** The callback's answer, which goes on at once to the page asked for; its link, without script. */
  signedInTitle: string;
  continue: string;
  /** Signed out here, going on to the provider's sign-out; its link, without script. */
  signingOutTitle: string;
  signingOutBody: string;
  continueSignOut: string;
  signedOutTitle: string;
  signedOutBody: string;
  signInAgain: string;
  failedTitle: string;
  /** What each refusal means to the member; the problem's own detail follows as technical details. */
  failed: Record<SignInRefusal, string>;
  nothingSignedIn: string;
}

/** The settings page's "Download my record" card. */
export interface RecordWords {
  heading: string;
  intro: string;
  /** More choices than one file holds: `{max}`, and `{next}` and `{route}` (code) to go on in the API. */
  tooMany: string;
  download: string;
}

/**
 * Erasing the member's data: the settings page's section, the confirmation page, the page after,
 * and the page an erased account's signed-in pages show.
 */
export interface ErasureWords {
  heading: string;
  /** What goes; the settings page and the confirmation page share it. */
  what: string;
  /** What stays, and why. */
  kept: string;
  cannotUndoNext: string;
  /** The settings page's link to the confirmation page. */
  openConfirm: string;
  /** The word typed to confirm, in capitals: the form takes any language's (settings-routes.ts). */
  confirmWord: string;
  /** `{word}`: confirmWord. */
  notConfirmed: string;
  cannotUndo: string;
  /** `{word}`: confirmWord. */
  confirmLabel: string;
  button: string;
  keep: string;
  doneTitle: string;
  /** `{datetime}`: when it was erased. */
  doneBody: string;
  signedOut: string;
  accountTitle: string;
  accountBody: string;
}

/** The message pages the member's pages answer with when they cannot show what was asked. */
export interface MessageWords {
  noProfileTitle: string;
  noProfileBody: string;
  refusedTitle: string;
  refusedBody: string;
  adminsOnlyTitle: string;
  adminsOnlyBody: string;
  notFoundTitle: string;
  notFoundBody: string;
  unavailableTitle: string;
  unavailableBody: string;
  failedTitle: string;
  failedBody: string;
  notUnderstoodTitle: string;
  notUnderstoodBody: string;
  /** Labels the problem's own detail, which names the field and rule in English. */
  technicalDetails: string;
  yourSettings: string;
  backToSettings: string;
}

export interface MemberPageWords {
  /** `{who}`: the signed-in member's id. */
  signedInAs: string;
  signOut: string;
  signIn: SignInWords;
  settings: SettingsWords;
  record: RecordWords;
  erasure: ErasureWords;
  state: StateWords;
  messages: MessageWords;
}

const MEMBER_PAGE_WORDS: Readonly<Record<Locale, MemberPageWords>> = { en, fr, de, es };

export const wordsFor = (language: Locale): MemberPageWords => MEMBER_PAGE_WORDS[language];
