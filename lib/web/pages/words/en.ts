// English: the member's pages. The other translations follow this one's keys.
import type { MemberPageWords } from './words.ts';

export const en: MemberPageWords = {
  signedInAs: 'Signed in as {who}',
  signOut: 'Sign out',
  signIn: {
    requiredTitle: 'Please sign in',
    requiredBody: 'Sign in to see this page.',
    signIn: 'Sign in',
    signedInTitle: 'Signed in',
    continue: 'Continue',
    signingOutTitle: 'Signing out',
    signingOutBody: 'You are signed out of Consent Ledger on this browser. Now signing out at your identity provider.',
    continueSignOut: 'Continue to sign out there',
    signedOutTitle: 'Signed out',
    signedOutBody: 'You are signed out of Consent Ledger on this browser.',
    signInAgain: 'Sign in again',
    failedTitle: 'Sign-in did not complete',
    failed: {
      transaction: 'No sign-in was started in this browser, or it expired (after 10 minutes) or was used already. Start again.',
      state: 'The answer from your identity provider does not belong to the sign-in this browser started, so it was refused.',
      code: 'The answer from your identity provider carries no authorization code.',
      code_refused: 'Your identity provider refused the authorization code: it was used already, has expired, or does not match this browser\'s sign-in.',
      response: 'The answer from your identity provider could not be verified, so it was refused.',
      provider_error: 'Your identity provider did not sign you in (cancelled, or not allowed).',
      unavailable: 'Your identity provider cannot be reached right now. Please try again in a moment.',
      token: 'Your identity provider issued an access token this service does not accept.',
    },
    nothingSignedIn: 'Nothing was signed in.',
  },
  settings: {
    title: 'Your settings',
    heading: 'Your data and AI training',
    saved: { on: 'Saved: you turned it on.', off: 'Saved: you turned it off.' },
    stale:
      'This setting was changed elsewhere (another tab or device) after this page was loaded, so nothing was saved. ' +
      'The page now shows the current state; choose again if you still want to change it.',
    noPolicy: 'No policy in force asks for a choice right now.',
    pill: { on: 'On', off: 'Off' },
    turn: { on: 'Turn on', off: 'Turn off' },
    notRetroactive:
      'Turning it off is not retroactive: from that moment your data is no longer used for this, but training that ' +
      'has already taken place is not undone.',
    policyLine: 'Policy version {id}, in force since {date}.',
    policyLineWithSummary: 'Policy version {id}, in force since {date}: {summary}',
    gpc: {
      not_honored_here:
        'Your browser sends a Global Privacy Control (GPC) signal. The policy for your region does not treat it as ' +
        'turning this setting off, so it is unchanged; use the button below to turn it off.',
      record_denied:
        'Your browser sends a Global Privacy Control (GPC) signal. In your region it counts as turning this setting ' +
        'off, so we recorded that. You can still turn it back on.',
      already_denied: 'Your browser sends a Global Privacy Control (GPC) signal. This setting is already off.',
      granted_after_gpc:
        'Your browser sends a Global Privacy Control (GPC) signal. You turned this setting on after we recorded that ' +
        'signal, so your own choice stands.',
    },
    noChoiceYet: 'You have not made a choice yet.',
    historyColumns: { when: 'When', choice: 'Choice', how: 'How' },
    historyCaptionAll: 'Your choices, newest first ({count})',
    historyCaptionSome: 'Your choices, newest first: {shown} of {total}',
    showOlder: 'Show older choices',
    choice: { granted: 'Turned on', denied: 'Turned off' },
    source: {
      settings: 'On this page',
      email_link: 'From the link in our email',
      api: 'Through an app',
      import: 'Imported from earlier records',
      support: 'By our support team, at your request',
      gpc: 'Global Privacy Control signal from your browser',
    },
    runsHeading: 'Training runs that were allowed to use your data',
    runsNone: 'None so far.',
    runsNotRetroactive:
      'Turning it off does not remove your data from runs that already used it; it keeps your data out of runs that start afterwards.',
    runsCaptionAll: 'Newest first ({count})',
    runsCaptionLatest: 'Newest first: the latest {count}',
    runColumns: { run: 'Run', model: 'Model', dataset: 'Dataset', dataAsOf: 'Data as of' },
    latestReceiptTitle: 'Receipt of your latest choice',
    latestReceiptBody:
      'A signed statement of your latest choice: what you chose, when, how, and under which policy. Keep it if you want proof ' +
      'of it; anyone can check it against the keys this service publishes at /.well-known/jwks.json.',
  },
  record: {
    heading: 'Your record',
    intro:
      'A copy of your consent record: every choice you made, when and how, and for each purpose the policy versions, legal basis and region ' +
      'it was used under, with where to change your mind. It is a JSON file in the shape of the ISO/IEC TS 27560 consent record.',
    tooMany: 'You have made more than {max} choices: the file holds the first {max}, and its {next} value continues at {route} in the API.',
    download: 'Download my record',
  },
  erasure: {
    heading: 'Erase my data',
    what:
      'Erasing removes your email address, your language and your birth date from our records, everywhere we keep them. ' +
      'From then on your data is never used again, for anything, and we never email you again.',
    kept:
      'We keep, without your email address, language or birth date, the record of what we were allowed to do with your data and when: where you lived, ' +
      'the choices you made, the notices we sent you, and the day you came of age instead of your birth date. The law requires ' +
      'us to be able to show this (GDPR Articles 7(1) and 17(3)(b)).',
    cannotUndoNext: 'This cannot be undone. You will be asked to confirm on the next page.',
    openConfirm: 'Erase my data…',
    confirmWord: 'ERASE',
    notConfirmed: 'To erase your data, type {word} in the box. Nothing was erased.',
    cannotUndo: 'This cannot be undone: the account cannot be used again, and you will be signed out.',
    confirmLabel: 'Type {word} to confirm',
    button: 'Erase my data',
    keep: 'Keep my data and go back to my settings',
    doneTitle: 'Your data was erased',
    doneBody: 'We erased your email address, language and birth date on {datetime}. Your data is never used again, and we will not email you again.',
    signedOut: 'You are signed out.',
    accountTitle: 'Your data was erased',
    accountBody: 'The data of this account was erased, so there is nothing to show or set here. It is never used again, and we will not email you again.',
  },
  state: {
    since: ' since {date}',
    onDate: 'on {date}',
    earlierDate: 'on an earlier date',
    choiceBy: {
      settings: { on: 'you turned it on {when}', off: 'you turned it off {when}' },
      email_link: { on: 'you turned it on {when}, from the link in our email', off: 'you turned it off {when}, from the link in our email' },
      api: { on: 'you turned it on {when}, through an app', off: 'you turned it off {when}, through an app' },
      gpc: {
        on: "your browser's Global Privacy Control signal turned it on {when}",
        off: "your browser's Global Privacy Control signal turned it off {when}",
      },
      import: { on: 'turned on {when} by an import of your earlier choices', off: 'turned off {when} by an import of your earlier choices' },
      support: { on: 'turned on {when} by our support team, at your request', off: 'turned off {when} by our support team, at your request' },
    },
    defaultOn: 'On by default in your region{since}',
    defaultOnDetail: 'You have not chosen; you can turn it off at any time.',
    optedIn: 'On: {how}',
    optedOut: 'Off: {how}',
    excluded: 'Not available in your region',
    excludedDetail: 'Your data is not used for this in your region{since}, whatever the setting says.',
    noConsent: 'Off: in your region it needs your permission{since}, and you have not given it',
    noticePending: 'Off for now: we must tell you about this change before it applies to you',
    minor: 'Off: never used for members under the minimum age',
    minorDetail: 'Members believed to be under {age} are never used, even if the setting appears turned on.',
    noPolicy: 'Off: no policy in force covers this use now',
    unknownMember: 'We have no profile for you yet',
    erased: 'Off: your data was erased',
    erasedDetail: 'It is never used again, for anything.',
  },
  messages: {
    noProfileTitle: 'No profile for this account',
    noProfileBody: 'We have no member profile for the account you signed in with, so there is nothing to set here.',
    refusedTitle: 'Request refused',
    refusedBody: "This form must be sent from this site's own pages (origin check failed). Nothing was changed.",
    adminsOnlyTitle: 'Administrators only',
    adminsOnlyBody: 'This page is for administrators (it needs the consent:admin scope). Your own choices are on your settings page.',
    notFoundTitle: 'Not found',
    notFoundBody: 'What you asked for does not exist. Nothing was changed.',
    unavailableTitle: 'Please try again in a moment',
    unavailableBody: 'We cannot answer right now. Please try again in a moment.',
    failedTitle: 'Something went wrong',
    failedBody: 'The service failed unexpectedly. Please try again later.',
    notUnderstoodTitle: 'That request was not understood',
    notUnderstoodBody: 'The request could not be used as it was sent. Nothing was changed.',
    technicalDetails: 'Technical details',
    yourSettings: 'Your settings',
    backToSettings: 'Back to your settings',
  },
};
