// Translations for policy-change notices and the one-click opt-out pages, plus the small
// locale helpers they need (locale matching, UTC date formatting, placeholder filling).
// Pure: no I/O, no clock; callers pass every value in.

export const LOCALES = ['en', 'fr', 'de', 'es'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

/** BCP 47 tag given to Intl for each translation ("3 November 2025", not "November 3, 2025"). */
const INTL_LOCALE: Record<Locale, string> = { en: 'en-GB', fr: 'fr-FR', de: 'de-DE', es: 'es-ES' };

function isLocale(value: string): value is Locale {
  return (LOCALES as readonly string[]).includes(value);
}

/**
 * The translation for a member's locale: the primary language subtag decides
 * ('fr-CA' → fr, 'de_AT' / 'de-AT' → de, 'ES' → es); unknown, empty or missing → en.
 * An Accept-Language-like list ('fr-CA,fr;q=0.9') uses its first entry.
 */
export function resolveLocale(tag: string | undefined | null): Locale {
  if (typeof tag !== 'string') return DEFAULT_LOCALE;
  const first = tag.split(/[,;]/)[0] ?? '';
  const language = (first.trim().split(/[-_]/)[0] ?? '').toLowerCase();
  return isLocale(language) ? language : DEFAULT_LOCALE;
}

function toDate(value: string | Date, what: string): Date {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) {
    throw new RangeError(`${what} is not a valid date: ${String(value)}`);
  }
  return date;
}

/** A long date in UTC: en "3 November 2025", fr "3 novembre 2025", de "3. November 2025". */
export function formatDate(value: string | Date, locale: Locale): string {
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], { dateStyle: 'long', timeZone: 'UTC' }).format(
    toDate(value, 'date'),
  );
}

/** A long date and time in UTC, suffixed "UTC": en "3 November 2025 at 14:05 UTC". */
export function formatDateTime(value: string | Date, locale: Locale): string {
  const formatted = new Intl.DateTimeFormat(INTL_LOCALE[locale], {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'UTC',
    hourCycle: 'h23',
  }).format(toDate(value, 'date and time'));
  return `${formatted} UTC`;
}

/** Parses an ISO timestamp, throwing a RangeError naming `what` when it is not a date. */
export function parseInstant(value: string, what: string): Date {
  return toDate(value, what);
}

/**
 * Fills `{name}` placeholders in one pass (a value containing `{x}` is never re-filled).
 * `renderValue` turns each value into output (e.g. escapes it), `renderText` the text between
 * placeholders. A placeholder without a value is a programming error and throws.
 */
export function interpolate(
  template: string,
  values: Readonly<Record<string, string>>,
  renderValue: (name: string, value: string) => string = (_name, value) => value,
  renderText: (text: string) => string = (text) => text,
): string {
  let out = '';
  let last = 0;
  for (const match of template.matchAll(/\{(\w+)\}/g)) {
    const name = match[1] ?? '';
    const value = values[name];
    if (value === undefined) throw new Error(`No value for placeholder {${name}}`);
    out += renderText(template.slice(last, match.index)) + renderValue(name, value);
    last = match.index + match[0].length;
  }
  return out + renderText(template.slice(last));
}

/** Plain-text fill. */
export function fill(template: string, values: Readonly<Record<string, string>>): string {
  return interpolate(template, values);
}

export type LinkErrorReason = 'invalid' | 'expired' | 'unknown_member' | 'unavailable';

/** Legal bases explained in plain words (GDPR Art. 6(1) names, as the API spells them). */
export type LegalBasisWords = Record<
  'consent' | 'contract' | 'legal_obligation' | 'vital_interests' | 'public_task' | 'legitimate_interest',
  string
>;

export interface EmailMessages {
  subjectFuture: string;
  subjectPast: string;
  greeting: string;
  introFuture: string;
  introPast: string;
  lateNote: string;
  summaryHeading: string;
  changesHeading: string;
  optOutFuture: string;
  optOutPast: string;
  optInFuture: string;
  optInPast: string;
  descriptionFallback: string;
  earlierChoiceKept: string;
  legalBasis: LegalBasisWords;
  optOutLinkIntro: string;
  optOutButton: string;
  /** Plain-text label on the line before the opt-out URL. */
  optOutLinkLabel: string;
  optInHowTo: string;
  buttonFallback: string;
  notRetroactive: string;
  settingsIntro: string;
  settingsButton: string;
  footer: string;
}

export interface PageMessages {
  optOutTitle: string;
  alreadyOffTitle: string;
  purposeLine: string;
  currentState: string;
  stateDefault: string;
  stateGranted: string;
  stateDenied: string;
  effectiveLine: string;
  notRetroactive: string;
  nothingUntilPress: string;
  button: string;
  alreadyOffBody: string;
  changeLater: string;
  doneTitle: string;
  doneBody: string;
  doneNotRetroactive: string;
  doneAlreadyTitle: string;
  doneAlreadyBody: string;
  errors: Record<LinkErrorReason, { title: string; body: string }>;
  nothingChanged: string;
}

export interface Messages {
  /** Wraps a setting name in the locale's quotation marks. */
  quote: (text: string) => string;
  /** Whether a description's leading capital is lowered inside a sentence (not for German nouns). */
  lowerDescription: boolean;
  email: EmailMessages;
  pages: PageMessages;
}

const NBSP = '\u00a0';

const en: Messages = {
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
      unavailable: {
        title: 'Temporarily unavailable',
        body: 'We could not process your request right now. Please try again in a few minutes.',
      },
    },
    nothingChanged: 'Nothing was changed.',
  },
};

const fr: Messages = {
  quote: (text) => `«${NBSP}${text}${NBSP}»`,
  lowerDescription: true,
  email: {
    subjectFuture: 'Changements dans l’utilisation de vos données pour l’entraînement de l’IA à partir du {date}',
    subjectPast: 'Changements dans l’utilisation de vos données pour l’entraînement de l’IA depuis le {date}',
    greeting: 'Bonjour,',
    introFuture:
      'Nous mettons à jour notre politique de confidentialité (version {policyId}). La nouvelle version ' +
      'prend effet le {date}. Cet e-mail explique ce qui change pour vous et comment faire votre choix.',
    introPast:
      'Nous avons mis à jour notre politique de confidentialité (version {policyId}). La nouvelle version ' +
      'a pris effet le {date}. Cet e-mail explique ce qui change pour vous et comment faire votre choix.',
    lateNote:
      'Cet avis vous parvient après cette date. Tout choix que vous faites s’applique dès le moment où vous le faites.',
    summaryHeading: 'Résumé des changements',
    changesHeading: 'Ce qui change pour vous',
    optOutFuture:
      `À partir du {date}, nous pourrons utiliser vos données pour {description}, sauf si vous désactivez ` +
      'le paramètre {setting}.',
    optOutPast:
      'Depuis le {date}, nous pouvons utiliser vos données pour {description}, sauf si vous désactivez ' +
      'le paramètre {setting}.',
    optInFuture:
      'À partir du {date}, nous n’utiliserons vos données pour {description} que si vous activez le paramètre ' +
      `{setting}. Rien n’est utilisé sans votre accord${NBSP}: si vous ne faites rien, vos données ne sont pas ` +
      'utilisées à cette fin.',
    optInPast:
      'Depuis le {date}, nous n’utilisons vos données pour {description} que si vous activez le paramètre ' +
      `{setting}. Rien n’est utilisé sans votre accord${NBSP}: si vous ne faites rien, vos données ne sont pas ` +
      'utilisées à cette fin.',
    descriptionFallback: 'cette finalité',
    earlierChoiceKept: 'Si vous avez déjà désactivé ce paramètre, votre choix est conservé et vous n’avez rien à faire.',
    legalBasis: {
      legitimate_interest:
        `Base légale${NBSP}: notre intérêt légitime. Nous ne vous demandons pas votre accord au préalable, ` +
        `mais vous pouvez vous y opposer à tout moment${NBSP}; nous cesserons alors d’utiliser vos données à cette fin.`,
      consent: `Base légale${NBSP}: votre consentement. Vous pouvez le retirer à tout moment, aussi facilement que vous l’avez donné.`,
      contract: `Base légale${NBSP}: l’exécution de notre contrat avec vous.`,
      legal_obligation: `Base légale${NBSP}: une obligation légale qui s’impose à nous.`,
      vital_interests: `Base légale${NBSP}: la protection de vos intérêts vitaux ou de ceux d’une autre personne.`,
      public_task: `Base légale${NBSP}: une mission d’intérêt public.`,
    },
    optOutLinkIntro:
      'Pour le désactiver, ouvrez votre lien personnel. Il ouvre une page où vous confirmez d’un seul bouton' +
      `${NBSP}; ouvrir le lien ne modifie rien à lui seul.`,
    optOutButton: 'Désactiver {setting}',
    optOutLinkLabel: `Désactiver {setting}${NBSP}:`,
    optInHowTo:
      'Si vous souhaitez l’autoriser, vous pouvez l’activer dans vos paramètres. Si vous ne faites rien, il reste désactivé.',
    buttonFallback: `Si le bouton ne fonctionne pas, copiez ce lien dans votre navigateur${NBSP}:`,
    notRetroactive:
      `La désactivation n’est pas rétroactive${NBSP}: elle n’affecte pas l’entraînement qui a déjà eu lieu. ` +
      'Elle met fin à toute utilisation ultérieure de vos données dès que vous désactivez le paramètre.',
    settingsIntro: `Vous pouvez consulter ou modifier vos choix à tout moment sur votre page de paramètres${NBSP}:`,
    settingsButton: 'Ouvrir vos paramètres',
    footer:
      'Vous recevez cet e-mail une seule fois pour cette version de la politique, car elle modifie la façon ' +
      'dont vos données peuvent être utilisées. Il s’agit d’un avis de service, pas d’un message publicitaire.',
  },
  pages: {
    optOutTitle: `Désactiver {setting}${NBSP}?`,
    alreadyOffTitle: 'Le paramètre {setting} est déjà désactivé',
    purposeLine: 'Ce paramètre détermine si nous pouvons utiliser vos données pour {description}.',
    currentState: 'Ce paramètre est {state}.',
    stateDefault: `actuellement activé (par défaut)${NBSP}: vous n’avez fait aucun choix`,
    stateGranted: `activé${NBSP}: vous l’avez autorisé`,
    stateDenied: `désactivé${NBSP}: vous l’avez désactivé`,
    effectiveLine: 'La politique à laquelle ce lien se rapporte s’applique à partir du {date}.',
    notRetroactive:
      'Si vous le désactivez, nous cessons d’utiliser vos données à cette fin dès ce moment. La désactivation ' +
      `n’est pas rétroactive${NBSP}: elle n’affecte pas l’entraînement qui a déjà eu lieu.`,
    nothingUntilPress: 'Rien ne change tant que vous n’appuyez pas sur le bouton.',
    button: 'Désactiver',
    alreadyOffBody: `Il est déjà désactivé${NBSP}: vous n’avez rien à faire et rien ne changera.`,
    changeLater: 'Vous pouvez modifier ce choix à tout moment dans les paramètres de votre compte.',
    doneTitle: 'Le paramètre {setting} est désactivé',
    doneBody: 'Le paramètre {setting} est désactivé depuis le {datetime}.',
    doneNotRetroactive:
      `Les données déjà utilisées pour l’entraînement ne sont pas concernées${NBSP}: la désactivation n’est pas rétroactive.`,
    doneAlreadyTitle: 'Le paramètre {setting} était déjà désactivé',
    doneAlreadyBody: `Le paramètre {setting} était déjà désactivé${NBSP}; rien n’a changé.`,
    errors: {
      invalid: {
        title: 'Ce lien n’est pas valide',
        body:
          'Le lien est peut-être incomplet ou a été modifié. Ouvrez à nouveau le lien depuis votre e-mail, ' +
          'ou modifiez votre choix sur votre page de paramètres.',
      },
      expired: {
        title: 'Ce lien a expiré',
        body:
          'Pour votre sécurité, les liens de désactivation ne fonctionnent que pendant une durée limitée. ' +
          'Utilisez votre page de paramètres ou le lien d’un e-mail plus récent.',
      },
      unknown_member: {
        title: 'Nous n’avons pas trouvé votre compte',
        body:
          'Ce lien ne correspond à aucun compte connu. Si vous pensez qu’il s’agit d’une erreur, modifiez votre ' +
          'choix sur votre page de paramètres.',
      },
      unavailable: {
        title: 'Service temporairement indisponible',
        body: 'Nous ne pouvons pas traiter votre demande pour le moment. Veuillez réessayer dans quelques minutes.',
      },
    },
    nothingChanged: 'Rien n’a été modifié.',
  },
};

const de: Messages = {
  quote: (text) => `„${text}“`,
  lowerDescription: false,
  email: {
    subjectFuture: 'Änderungen bei der Nutzung Ihrer Daten für KI-Training ab dem {date}',
    subjectPast: 'Änderungen bei der Nutzung Ihrer Daten für KI-Training seit dem {date}',
    greeting: 'Guten Tag,',
    introFuture:
      'wir aktualisieren unsere Datenschutzrichtlinie (Version {policyId}). Die neue Version tritt am {date} ' +
      'in Kraft. Diese E-Mail erklärt, was sich für Sie ändert und wie Sie entscheiden können.',
    introPast:
      'wir haben unsere Datenschutzrichtlinie aktualisiert (Version {policyId}). Die neue Version ist am {date} ' +
      'in Kraft getreten. Diese E-Mail erklärt, was sich für Sie ändert und wie Sie entscheiden können.',
    lateNote:
      'Diese Mitteilung erreicht Sie erst nach diesem Datum. Jede Entscheidung gilt ab dem Moment, in dem Sie sie treffen.',
    summaryHeading: 'Zusammenfassung der Änderungen',
    changesHeading: 'Was sich für Sie ändert',
    optOutFuture:
      'Ab dem {date} können wir Ihre Daten für {description} verwenden, es sei denn, Sie schalten die ' +
      'Einstellung {setting} aus.',
    optOutPast:
      'Seit dem {date} können wir Ihre Daten für {description} verwenden, es sei denn, Sie schalten die ' +
      'Einstellung {setting} aus.',
    optInFuture:
      'Ab dem {date} verwenden wir Ihre Daten für {description} nur, wenn Sie die Einstellung {setting} ' +
      'einschalten. Ohne Ihre Erlaubnis wird nichts verwendet: Wenn Sie nichts tun, werden Ihre Daten dafür nicht verwendet.',
    optInPast:
      'Seit dem {date} verwenden wir Ihre Daten für {description} nur, wenn Sie die Einstellung {setting} ' +
      'einschalten. Ohne Ihre Erlaubnis wird nichts verwendet: Wenn Sie nichts tun, werden Ihre Daten dafür nicht verwendet.',
    descriptionFallback: 'diesen Zweck',
    earlierChoiceKept:
      'Wenn Sie diese Einstellung bereits ausgeschaltet haben, bleibt Ihre Entscheidung bestehen und Sie müssen nichts tun.',
    legalBasis: {
      legitimate_interest:
        'Rechtsgrundlage: unser berechtigtes Interesse. Wir fragen Sie nicht vorher um Erlaubnis, aber Sie ' +
        'können jederzeit widersprechen; dann verwenden wir Ihre Daten nicht mehr dafür.',
      consent: 'Rechtsgrundlage: Ihre Einwilligung. Sie können sie jederzeit widerrufen, genauso einfach, wie Sie sie erteilt haben.',
      contract: 'Rechtsgrundlage: die Erfüllung unseres Vertrags mit Ihnen.',
      legal_obligation: 'Rechtsgrundlage: eine rechtliche Verpflichtung, der wir unterliegen.',
      vital_interests: 'Rechtsgrundlage: der Schutz lebenswichtiger Interessen, Ihrer eigenen oder die einer anderen Person.',
      public_task: 'Rechtsgrundlage: eine Aufgabe im öffentlichen Interesse.',
    },
    optOutLinkIntro:
      'Zum Ausschalten öffnen Sie Ihren persönlichen Link. Er öffnet eine Seite, auf der Sie mit einer ' +
      'Schaltfläche bestätigen; das Öffnen des Links allein ändert nichts.',
    optOutButton: '{setting} ausschalten',
    optOutLinkLabel: '{setting} ausschalten:',
    optInHowTo:
      'Wenn Sie es erlauben möchten, können Sie die Einstellung in Ihren Einstellungen einschalten. ' +
      'Wenn Sie nichts tun, bleibt sie ausgeschaltet.',
    buttonFallback: 'Falls die Schaltfläche nicht funktioniert, kopieren Sie diesen Link in Ihren Browser:',
    notRetroactive:
      'Das Ausschalten wirkt nicht rückwirkend: Es betrifft kein Training, das bereits stattgefunden hat. ' +
      'Ab dem Moment des Ausschaltens werden Ihre Daten nicht weiter dafür verwendet.',
    settingsIntro: 'Sie können Ihre Entscheidungen jederzeit auf Ihrer Einstellungsseite ansehen oder ändern:',
    settingsButton: 'Einstellungen öffnen',
    footer:
      'Sie erhalten diese E-Mail einmalig für diese Richtlinienversion, weil sie ändert, wie Ihre Daten ' +
      'verwendet werden dürfen. Es handelt sich um eine Servicemitteilung, nicht um Werbung.',
  },
  pages: {
    optOutTitle: '{setting} ausschalten?',
    alreadyOffTitle: '{setting} ist bereits ausgeschaltet',
    purposeLine: 'Diese Einstellung legt fest, ob wir Ihre Daten für {description} verwenden dürfen.',
    currentState: 'Diese Einstellung ist {state}.',
    stateDefault: 'derzeit eingeschaltet (Standardeinstellung): Sie haben keine Auswahl getroffen',
    stateGranted: 'eingeschaltet: Sie haben es erlaubt',
    stateDenied: 'ausgeschaltet: Sie haben es ausgeschaltet',
    effectiveLine: 'Die Richtlinie, auf die sich dieser Link bezieht, gilt ab dem {date}.',
    notRetroactive:
      'Wenn Sie die Einstellung ausschalten, verwenden wir Ihre Daten ab diesem Moment nicht mehr dafür. ' +
      'Das Ausschalten wirkt nicht rückwirkend: Es betrifft kein Training, das bereits stattgefunden hat.',
    nothingUntilPress: 'Es ändert sich nichts, bevor Sie auf die Schaltfläche klicken.',
    button: 'Ausschalten',
    alreadyOffBody: 'Die Einstellung ist bereits ausgeschaltet: Sie müssen nichts tun, und es ändert sich nichts.',
    changeLater: 'Sie können dies jederzeit in Ihren Kontoeinstellungen ändern.',
    doneTitle: '{setting} ist ausgeschaltet',
    doneBody: '{setting} ist seit dem {datetime} ausgeschaltet.',
    doneNotRetroactive:
      'Daten, die bereits für Training verwendet wurden, sind nicht betroffen: Das Ausschalten wirkt nicht rückwirkend.',
    doneAlreadyTitle: '{setting} war bereits ausgeschaltet',
    doneAlreadyBody: '{setting} war bereits ausgeschaltet; es hat sich nichts geändert.',
    errors: {
      invalid: {
        title: 'Dieser Link ist ungültig',
        body:
          'Der Link ist möglicherweise unvollständig oder wurde verändert. Öffnen Sie den Link aus Ihrer E-Mail ' +
          'erneut oder ändern Sie Ihre Auswahl auf Ihrer Einstellungsseite.',
      },
      expired: {
        title: 'Dieser Link ist abgelaufen',
        body:
          'Zu Ihrer Sicherheit funktionieren Links zum Ausschalten nur für begrenzte Zeit. Bitte nutzen Sie ' +
          'Ihre Einstellungsseite oder den Link aus einer neueren E-Mail.',
      },
      unknown_member: {
        title: 'Wir konnten Ihr Konto nicht finden',
        body:
          'Dieser Link passt zu keinem uns bekannten Konto. Wenn Sie glauben, dass es sich um einen Fehler ' +
          'handelt, ändern Sie Ihre Auswahl bitte auf Ihrer Einstellungsseite.',
      },
      unavailable: {
        title: 'Vorübergehend nicht verfügbar',
        body: 'Wir können Ihre Anfrage gerade nicht bearbeiten. Bitte versuchen Sie es in einigen Minuten erneut.',
      },
    },
    nothingChanged: 'Es wurde nichts geändert.',
  },
};

const es: Messages = {
  quote: (text) => `«${text}»`,
  lowerDescription: true,
  email: {
    subjectFuture: 'Cambios en el uso de sus datos para entrenar IA a partir del {date}',
    subjectPast: 'Cambios en el uso de sus datos para entrenar IA desde el {date}',
    greeting: 'Hola:',
    introFuture:
      'Estamos actualizando nuestra política de privacidad (versión {policyId}). La nueva versión entra en ' +
      'vigor el {date}. Este correo explica qué cambia para usted y cómo elegir.',
    introPast:
      'Hemos actualizado nuestra política de privacidad (versión {policyId}). La nueva versión entró en ' +
      'vigor el {date}. Este correo explica qué cambia para usted y cómo elegir.',
    lateNote:
      'Este aviso le llega después de esa fecha. Cualquier elección que haga se aplica desde el momento en que la haga.',
    summaryHeading: 'Resumen de los cambios',
    changesHeading: 'Qué cambia para usted',
    optOutFuture:
      'A partir del {date} podremos usar sus datos para {description}, salvo que desactive el ajuste {setting}.',
    optOutPast: 'Desde el {date} podemos usar sus datos para {description}, salvo que desactive el ajuste {setting}.',
    optInFuture:
      'A partir del {date} solo usaremos sus datos para {description} si activa el ajuste {setting}. ' +
      'No se usa nada sin su permiso: si no hace nada, sus datos no se usarán para este fin.',
    optInPast:
      'Desde el {date} solo usamos sus datos para {description} si activa el ajuste {setting}. ' +
      'No se usa nada sin su permiso: si no hace nada, sus datos no se usan para este fin.',
    descriptionFallback: 'esta finalidad',
    earlierChoiceKept: 'Si ya ha desactivado este ajuste, se mantiene su elección y no tiene que hacer nada.',
    legalBasis: {
      legitimate_interest:
        'Base jurídica: nuestro interés legítimo. No le pedimos permiso antes, pero puede oponerse en ' +
        'cualquier momento y entonces dejaremos de usar sus datos para este fin.',
      consent: 'Base jurídica: su consentimiento. Puede retirarlo en cualquier momento, con la misma facilidad con la que lo dio.',
      contract: 'Base jurídica: la ejecución de nuestro contrato con usted.',
      legal_obligation: 'Base jurídica: una obligación legal que debemos cumplir.',
      vital_interests: 'Base jurídica: la protección de sus intereses vitales o los de otra persona.',
      public_task: 'Base jurídica: una misión realizada en interés público.',
    },
    optOutLinkIntro:
      'Para desactivarlo, abra su enlace personal. Abre una página en la que confirma con un solo botón; ' +
      'abrir el enlace por sí solo no cambia nada.',
    optOutButton: 'Desactivar {setting}',
    optOutLinkLabel: 'Desactivar {setting}:',
    optInHowTo: 'Si quiere permitirlo, puede activarlo en sus ajustes. Si no hace nada, seguirá desactivado.',
    buttonFallback: 'Si el botón no funciona, copie este enlace en su navegador:',
    notRetroactive:
      'Desactivar un ajuste no es retroactivo: no afecta al entrenamiento que ya se ha realizado. ' +
      'A partir del momento en que lo desactive, sus datos dejarán de usarse para ello.',
    settingsIntro: 'Puede consultar o cambiar sus elecciones en cualquier momento en su página de ajustes:',
    settingsButton: 'Abrir sus ajustes',
    footer:
      'Recibe este correo una sola vez para esta versión de la política, porque cambia cómo se pueden usar ' +
      'sus datos. Es un aviso de servicio, no publicidad.',
  },
  pages: {
    optOutTitle: '¿Desactivar {setting}?',
    alreadyOffTitle: 'El ajuste {setting} ya está desactivado',
    purposeLine: 'Este ajuste determina si podemos usar sus datos para {description}.',
    currentState: 'Este ajuste está {state}.',
    stateDefault: 'actualmente activado (por defecto): no ha hecho ninguna elección',
    stateGranted: 'activado: usted lo permitió',
    stateDenied: 'desactivado: usted lo desactivó',
    effectiveLine: 'La política a la que se refiere este enlace se aplica desde el {date}.',
    notRetroactive:
      'Si lo desactiva, dejaremos de usar sus datos para este fin desde ese momento. Desactivarlo no es ' +
      'retroactivo: no afecta al entrenamiento que ya se ha realizado.',
    nothingUntilPress: 'No cambia nada hasta que pulse el botón.',
    button: 'Desactivar',
    alreadyOffBody: 'Ya está desactivado: no tiene que hacer nada y no cambiará nada.',
    changeLater: 'Puede cambiarlo en cualquier momento en los ajustes de su cuenta.',
    doneTitle: 'El ajuste {setting} está desactivado',
    doneBody: 'El ajuste {setting} está desactivado desde el {datetime}.',
    doneNotRetroactive: 'Los datos ya usados para el entrenamiento no se ven afectados: desactivarlo no es retroactivo.',
    doneAlreadyTitle: 'El ajuste {setting} ya estaba desactivado',
    doneAlreadyBody: 'El ajuste {setting} ya estaba desactivado; no ha cambiado nada.',
    errors: {
      invalid: {
        title: 'Este enlace no es válido',
        body:
          'Puede que el enlace esté incompleto o haya sido modificado. Vuelva a abrir el enlace desde su correo ' +
          'o cambie su elección en su página de ajustes.',
      },
      expired: {
        title: 'Este enlace ha caducado',
        body:
          'Por su seguridad, los enlaces para desactivar solo funcionan durante un tiempo limitado. Use su ' +
          'página de ajustes o el enlace de un correo más reciente.',
      },
      unknown_member: {
        title: 'No hemos encontrado su cuenta',
        body:
          'Este enlace no corresponde a ninguna cuenta que conozcamos. Si cree que se trata de un error, ' +
          'cambie su elección en su página de ajustes.',
      },
      unavailable: {
        title: 'No disponible temporalmente',
        body: 'No podemos procesar su solicitud en este momento. Vuelva a intentarlo dentro de unos minutos.',
      },
    },
    nothingChanged: 'No se ha cambiado nada.',
  },
};

export const MESSAGES: Readonly<Record<Locale, Messages>> = { en, fr, de, es };

/** The messages for a member's locale tag, with the translation actually used. */
export function messagesFor(tag: string | undefined | null): { locale: Locale; messages: Messages } {
  const locale = resolveLocale(tag);
  return { locale, messages: MESSAGES[locale] };
}

/** A description placed mid-sentence: "Training AI models" → "training AI models" (acronyms kept). */
export function inSentence(description: string, messages: Messages): string {
  if (!messages.lowerDescription) return description;
  return /^\p{Lu}\p{Ll}/u.test(description) ? description.charAt(0).toLowerCase() + description.slice(1) : description;
}

/** The plain-words explanation of a legal basis, or undefined when the basis is unknown. */
export function legalBasisWords(basis: string | undefined, messages: Messages): string | undefined {
  if (basis === undefined || !Object.hasOwn(messages.email.legalBasis, basis)) return undefined;
  return messages.email.legalBasis[basis as keyof LegalBasisWords];
}
