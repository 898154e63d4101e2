// German: the member's pages (formal address; "sie" in the state sentences is die Einstellung).
import type { MemberPageWords } from './words.ts';

export const de: MemberPageWords = {
  signedInAs: 'Angemeldet als {who}',
  signOut: 'Abmelden',
  signIn: {
    title: 'Anmelden',
    invalid: 'Dieses Token wurde nicht akzeptiert (falsch, abgelaufen oder für einen anderen Dienst). Es wurde nichts gespeichert.',
    expiredSession: 'Bitte melden Sie sich an, um diese Seite zu sehen.',
    intro: 'Fügen Sie ein Zugriffstoken ein, das für diesen Dienst ausgestellt wurde. Lokal: {command}.',
    memberIdPlaceholder: 'IHRE_MITGLIEDS_ID',
    tokenLabel: 'Zugriffstoken',
    button: 'Anmelden',
    cookieNote: 'Das Token wird so lange, wie es gültig ist, in einem Cookie aufbewahrt, das nur diese Website lesen kann.',
  },
  settings: {
    title: 'Ihre Einstellungen',
    heading: 'Ihre Daten und KI-Training',
    saved: { on: 'Gespeichert: Sie haben die Einstellung eingeschaltet.', off: 'Gespeichert: Sie haben die Einstellung ausgeschaltet.' },
    stale:
      'Diese Einstellung wurde an anderer Stelle (in einem anderen Tab oder auf einem anderen Gerät) geändert, nachdem ' +
      'diese Seite geladen wurde; deshalb wurde nichts gespeichert. Die Seite zeigt jetzt den aktuellen Stand. Wählen Sie ' +
      'erneut, wenn Sie die Einstellung weiterhin ändern möchten.',
    noPolicy: 'Derzeit verlangt keine geltende Richtlinie eine Entscheidung von Ihnen.',
    pill: { on: 'Ein', off: 'Aus' },
    turn: { on: 'Einschalten', off: 'Ausschalten' },
    notRetroactive:
      'Das Ausschalten wirkt nicht rückwirkend: Ab diesem Moment werden Ihre Daten nicht mehr dafür verwendet, aber ' +
      'bereits erfolgtes Training wird nicht rückgängig gemacht.',
    policyLine: 'Richtlinienversion {id}, gültig seit dem {date}.',
    policyLineWithSummary: 'Richtlinienversion {id}, gültig seit dem {date}: {summary}',
    gpc: {
      not_honored_here:
        'Ihr Browser sendet ein Global-Privacy-Control-Signal (GPC). Die Richtlinie für Ihre Region wertet es nicht als ' +
        'Ausschalten dieser Einstellung, deshalb bleibt sie unverändert; schalten Sie sie mit der Schaltfläche unten aus.',
      record_denied:
        'Ihr Browser sendet ein Global-Privacy-Control-Signal (GPC). In Ihrer Region gilt es als Ausschalten dieser ' +
        'Einstellung, und wir haben das so gespeichert. Sie können sie jederzeit wieder einschalten.',
      already_denied: 'Ihr Browser sendet ein Global-Privacy-Control-Signal (GPC). Diese Einstellung ist bereits ausgeschaltet.',
      granted_after_gpc:
        'Ihr Browser sendet ein Global-Privacy-Control-Signal (GPC). Sie haben diese Einstellung eingeschaltet, nachdem ' +
        'wir dieses Signal gespeichert hatten; deshalb gilt Ihre eigene Entscheidung.',
    },
    noChoiceYet: 'Sie haben noch keine Entscheidung getroffen.',
    historyColumns: { when: 'Wann', choice: 'Entscheidung', how: 'Wie' },
    historyCaptionAll: 'Ihre Entscheidungen, neueste zuerst ({count})',
    historyCaptionSome: 'Ihre Entscheidungen, neueste zuerst: {shown} von {total}',
    showOlder: 'Ältere Entscheidungen anzeigen',
    choice: { granted: 'Eingeschaltet', denied: 'Ausgeschaltet' },
    source: {
      settings: 'Auf dieser Seite',
      email_link: 'Über den Link in unserer E-Mail',
      api: 'Über eine App',
      import: 'Aus früheren Unterlagen übernommen',
      support: 'Von unserem Support-Team, auf Ihren Wunsch',
      gpc: 'Global-Privacy-Control-Signal Ihres Browsers',
    },
    runsHeading: 'Trainingsläufe, die Ihre Daten verwenden durften',
    runsNone: 'Bisher keine.',
    runsNotRetroactive:
      'Das Ausschalten entfernt Ihre Daten nicht aus Läufen, die sie bereits verwendet haben; es hält Ihre Daten aus Läufen heraus, die danach beginnen.',
    runsCaptionAll: 'Neueste zuerst ({count})',
    runsCaptionLatest: 'Neueste zuerst: die letzten {count}',
    runColumns: { run: 'Lauf', model: 'Modell', dataset: 'Datensatz', dataAsOf: 'Datenstand' },
  },
  state: {
    since: ' seit dem {date}',
    onDate: 'am {date}',
    earlierDate: 'zu einem früheren Zeitpunkt',
    choiceBy: {
      settings: { on: 'Sie haben sie {when} eingeschaltet', off: 'Sie haben sie {when} ausgeschaltet' },
      email_link: { on: 'Sie haben sie {when} über den Link in unserer E-Mail eingeschaltet', off: 'Sie haben sie {when} über den Link in unserer E-Mail ausgeschaltet' },
      api: { on: 'Sie haben sie {when} über eine App eingeschaltet', off: 'Sie haben sie {when} über eine App ausgeschaltet' },
      gpc: {
        on: 'das Global-Privacy-Control-Signal Ihres Browsers hat sie {when} eingeschaltet',
        off: 'das Global-Privacy-Control-Signal Ihres Browsers hat sie {when} ausgeschaltet',
      },
      import: { on: '{when} durch eine Übernahme Ihrer früheren Entscheidungen eingeschaltet', off: '{when} durch eine Übernahme Ihrer früheren Entscheidungen ausgeschaltet' },
      support: { on: '{when} von unserem Support-Team auf Ihren Wunsch eingeschaltet', off: '{when} von unserem Support-Team auf Ihren Wunsch ausgeschaltet' },
    },
    defaultOn: 'In Ihrer Region standardmäßig eingeschaltet{since}',
    defaultOnDetail: 'Sie haben keine Entscheidung getroffen; Sie können die Einstellung jederzeit ausschalten.',
    optedIn: 'Ein: {how}',
    optedOut: 'Aus: {how}',
    excluded: 'In Ihrer Region nicht verfügbar',
    excludedDetail: 'Ihre Daten werden in Ihrer Region{since} nicht dafür verwendet, unabhängig von der Einstellung.',
    noConsent: 'Aus: In Ihrer Region ist dafür{since} Ihre Erlaubnis nötig, und Sie haben sie nicht erteilt',
    noticePending: 'Vorerst aus: Wir müssen Sie über diese Änderung informieren, bevor sie für Sie gilt',
    minor: 'Aus: wird für Mitglieder unter dem Mindestalter nie verwendet',
    minorDetail: 'Daten von Mitgliedern, die vermutlich jünger als {age} Jahre sind, werden nie verwendet, auch wenn die Einstellung eingeschaltet erscheint.',
    noPolicy: 'Aus: Derzeit deckt keine geltende Richtlinie diese Verwendung ab',
    unknownMember: 'Wir haben noch kein Profil für Sie',
  },
  messages: {
    noProfileTitle: 'Kein Profil für dieses Konto',
    noProfileBody: 'Für das Konto, mit dem Sie angemeldet sind, haben wir kein Mitgliedsprofil; hier gibt es daher nichts einzustellen.',
    refusedTitle: 'Anfrage abgelehnt',
    refusedBody: 'Dieses Formular muss von den Seiten dieser Website gesendet werden (Herkunftsprüfung fehlgeschlagen). Es wurde nichts geändert.',
    adminsOnlyTitle: 'Nur für Administratoren',
    adminsOnlyBody:
      'Diese Seite ist für Administratoren (sie erfordert den Scope consent:admin). Ihre eigenen Entscheidungen finden Sie auf Ihrer Einstellungsseite.',
    notFoundTitle: 'Nicht gefunden',
    notFoundBody: 'Das Angefragte gibt es nicht. Es wurde nichts geändert.',
    unavailableTitle: 'Bitte versuchen Sie es gleich noch einmal',
    unavailableBody: 'Wir können gerade nicht antworten. Bitte versuchen Sie es in einem Moment erneut.',
    failedTitle: 'Etwas ist schiefgelaufen',
    failedBody: 'Der Dienst ist unerwartet fehlgeschlagen. Bitte versuchen Sie es später erneut.',
    notUnderstoodTitle: 'Diese Anfrage wurde nicht verstanden',
    notUnderstoodBody: 'Die Anfrage konnte so, wie sie gesendet wurde, nicht verwendet werden. Es wurde nichts geändert.',
    technicalDetails: 'Technische Details',
    yourSettings: 'Ihre Einstellungen',
    backToSettings: 'Zurück zu Ihren Einstellungen',
  },
};
