// English: the notice email and the opt-out pages. The other translations follow this one's keys.
import type { Messages } from './messages.ts';

export const en: Messages = {
  quote: (text) => `“${text}”`,
  lowerDescription: true,
  email: {
    subjectFuture: 'Changes to how we use your data for AI training from {date}',
    subjectPast: 'Changes to how we use your data for AI training since {date}',
    greeting: 'Hello,',
    introFuture:
      'We are updating our privacy policy (version {policyId}). The new version takes effect on {date}. ' +
      'This email explains what changes for you and how to choose.',
    introPast:
      'We have updated our privacy policy (version {policyId}). The new version took effect on {date}. ' +
      'This email explains what changes for you and how to choose.',
    lateNote: 'This notice reaches you after that date. Any choice you make applies from the moment you make it.',
    summaryHeading: 'Summary of the changes',
    changesHeading: 'What changes for you',
    optOutFuture: 'From {date} we may use your data for {description} unless you turn off the setting {setting}.',
    optOutPast: 'Since {date} we may use your data for {description} unless you turn off the setting {setting}.',
    optInFuture:
      'From {date} we will only use your data for {description} if you turn on the setting {setting}. ' +
      'Nothing is used without your permission: if you do nothing, your data is not used for this.',
    optInPast:
      'Since {date} we only use your data for {description} if you turn on the setting {setting}. ' +
      'Nothing is used without your permission: if you do nothing, your data is not used for this.',
    descriptionFallback: 'this purpose',
    earlierChoiceKept: 'If you have already turned this setting off, your choice is kept and you do not need to do anything.',
    legalBasis: {
      legitimate_interest:
        'Legal basis: our legitimate interest. We do not ask for your permission first, but you can object ' +
        'at any time, and we will then stop using your data for this.',
      consent: 'Legal basis: your consent. You can withdraw it at any time, as easily as you gave it.',
      contract: 'Legal basis: performing our contract with you.',
      legal_obligation: 'Legal basis: a legal obligation we must meet.',
      vital_interests: 'Legal basis: protecting your vital interests or those of another person.',
      public_task: 'Legal basis: a task carried out in the public interest.',
    },
    optOutLinkIntro:
      'To turn it off, open your personal link. It opens a page where you confirm with one button; ' +
      'opening the link alone changes nothing.',
    optOutButton: 'Turn off {setting}',
    optOutLinkLabel: 'Turn off {setting}:',
    optInHowTo: 'If you want to allow it, you can turn it on in your settings. If you do nothing, it stays off.',
    buttonFallback: 'If the button does not work, copy this link into your browser:',
    notRetroactive:
      'Turning a setting off is not retroactive: it does not affect training that has already taken place. ' +
      'It stops any further use of your data from the moment you turn it off.',
    settingsIntro: 'You can review or change your choices at any time on your settings page:',
    settingsButton: 'Open your settings',
    footer:
      'You receive this email once for this policy version because it changes how your data may be used. ' +
      'It is a service notice, not marketing.',
  },
  pages: {
    optOutTitle: 'Turn off {setting}?',
    alreadyOffTitle: '{setting} is already off',
    purposeLine: 'This setting decides whether we may use your data for {description}.',
    currentState: 'This setting is {state}.',
    stateDefault: 'currently on (by default): you have not made a choice',
    stateGranted: 'on: you allowed it',
    stateDenied: 'off: you turned it off',
    effectiveLine: 'The policy this link refers to applies from {date}.',
    notRetroactive:
      'If you turn it off, we stop using your data for this from that moment on. Turning it off is not ' +
      'retroactive: it does not affect training that has already taken place.',
    nothingUntilPress: 'Nothing changes until you press the button.',
    button: 'Turn off',
    alreadyOffBody: 'It is already off: there is nothing to do, and nothing will change.',
    changeLater: 'You can change this at any time in your account settings.',
    doneTitle: '{setting} is off',
    doneBody: '{setting} is now off since {datetime}.',
    doneNotRetroactive: 'Data already used for training is not affected: turning it off is not retroactive.',
    doneAlreadyTitle: '{setting} was already off',
    doneAlreadyBody: '{setting} was already off; nothing changed.',
    receiptTitle: 'Your receipt',
    receiptBody:
      'A signed receipt of this choice: what you chose, when, and under which policy. Keep it if you want proof of it; ' +
      'anyone can check it against the keys this service publishes at /.well-known/jwks.json.',
    errors: {
      invalid: {
        title: 'This link is not valid',
        body:
          'The link may be incomplete or may have been altered. Please open the link from your email again, ' +
          'or change your choice on your settings page.',
      },
      expired: {
        title: 'This link has expired',
        body:
          'For your security, opt-out links only work for a limited time. Please use your settings page ' +
          'or the link in a more recent email.',
      },
      unknown_member: {
        title: 'We could not find your account',
        body:
          'This link does not match an account we know. If you think this is a mistake, please change ' +
          'your choice on your settings page.',
      },
      erased: {
        title: 'This account was erased',
        body:
          'The personal data of the account this link was sent to was erased at its owner’s request. ' +
          'There is nothing left to turn off: its data is no longer used for any purpose, and we will not email it again.',
      },
      unavailable: {
        title: 'Temporarily unavailable',
        body: 'We could not process your request right now. Please try again in a few minutes.',
      },
    },
    nothingChanged: 'Nothing was changed.',
  },
};
