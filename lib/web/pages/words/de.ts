// German: the member's pages (formal address; "sie" in the state sentences is die Einstellung).
import type { MemberPageWords } from './words.ts';

export const de: MemberPageWords = {
  signedInAs: 'Angemeldet als {who}',
  signOut: 'Abmelden',
  signIn: {
    requiredTitle: 'Bitte melden Sie sich an',
    requiredBody: 'Melden Sie sich an, um diese Seite zu sehen.',
    signIn: 'Anmelden',
    signedInTitle: 'Angemeldet',
    continue: 'Weiter',
    signingOutTitle: 'Abmeldung läuft',
    signingOutBody: 'Sie sind in diesem Browser von Consent Ledger abgemeldet. Jetzt werden Sie auch bei Ihrem Identitätsanbieter abgemeldet.',
    continueSignOut: 'Weiter zur Abmeldung dort',
    signedOutTitle: 'Abgemeldet',
    signedOutBody: 'Sie sind in diesem Browser von Consent Ledger abgemeldet.',
    signInAgain: 'Erneut anmelden',
    failedTitle: 'Die Anmeldung wurde nicht abgeschlossen',
    failed: {
      transaction: 'In diesem Browser wurde keine Anmeldung begonnen, oder sie ist abgelaufen (nach 10 Minuten) oder wurde bereits verwendet. Beginnen Sie von vorn.',
      state: 'Die Antwort Ihres Identitätsanbieters gehört nicht zu der Anmeldung, die in diesem Browser begonnen wurde, und wurde deshalb abgelehnt.',
      code: 'Die Antwort Ihres Identitätsanbieters enthält keinen Autorisierungscode.',
      code_refused: 'Ihr Identitätsanbieter hat den Autorisierungscode abgelehnt: Er wurde bereits verwendet, ist abgelaufen oder passt nicht zur Anmeldung dieses Browsers.',
      response: 'Die Antwort Ihres Identitätsanbieters konnte nicht überprüft werden und wurde deshalb abgelehnt.',
      provider_error: 'Ihr Identitätsanbieter hat Sie nicht angemeldet (abgebrochen oder nicht erlaubt).',
      unavailable: 'Ihr Identitätsanbieter ist gerade nicht erreichbar. Bitte versuchen Sie es gleich noch einmal.',
      token: 'Ihr Identitätsanbieter hat ein Zugriffstoken ausgestellt, das dieser Dienst nicht akzeptiert.',
    },
    nothingSignedIn: 'Sie wurden nicht angemeldet.',
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
    latestReceiptTitle: 'Beleg Ihrer letzten Entscheidung',
    latestReceiptBody:
      'Eine signierte Bestätigung Ihrer letzten Entscheidung: was Sie gewählt haben, wann, wie und nach welcher Richtlinie. ' +
      'Bewahren Sie sie auf, wenn Sie Ihre Entscheidung nachweisen möchten; jeder kann sie mit den Schlüsseln prüfen, die ' +
      'dieser Dienst unter /.well-known/jwks.json veröffentlicht.',
  },
  record: {
    heading: 'Ihr Einwilligungsnachweis',
    intro:
      'Eine Kopie Ihres Einwilligungsnachweises: jede Ihrer Entscheidungen, wann und wie Sie sie getroffen haben, und für jeden Zweck ' +
      'die Versionen der Richtlinie, die Rechtsgrundlage und die Region, die dabei galten, sowie wo Sie Ihre Meinung ändern können. ' +
      'Es ist eine JSON-Datei im Format des Einwilligungsnachweises nach ISO/IEC TS 27560.',
    tooMany: 'Sie haben mehr als {max} Entscheidungen getroffen: Die Datei enthält die ersten {max}, und ihr Wert {next} führt mit {route} in der API weiter.',
    download: 'Meinen Einwilligungsnachweis herunterladen',
  },
  erasure: {
    heading: 'Meine Daten löschen',
    what:
      'Beim Löschen entfernen wir Ihre E-Mail-Adresse, Ihre Sprache und Ihr Geburtsdatum aus unseren Unterlagen, überall dort, wo wir ' +
      'sie speichern. Danach werden Ihre Daten für keinen Zweck mehr verwendet, und wir schreiben Ihnen nie wieder eine E-Mail.',
    kept:
      'Ohne Ihre E-Mail-Adresse, Sprache und Ihr Geburtsdatum bewahren wir den Nachweis auf, was wir wann mit Ihren Daten tun durften: ' +
      'wo Sie wohnten, welche Entscheidungen Sie getroffen haben, welche Benachrichtigungen wir Ihnen geschickt haben und statt Ihres ' +
      'Geburtsdatums den Tag, an dem Sie das maßgebliche Alter erreicht haben. Das Gesetz verlangt, dass wir dies nachweisen können ' +
      '(Art. 7 Abs. 1 und Art. 17 Abs. 3 lit. b DSGVO).',
    cannotUndoNext: 'Das kann nicht rückgängig gemacht werden. Auf der nächsten Seite werden Sie um eine Bestätigung gebeten.',
    openConfirm: 'Meine Daten löschen…',
    confirmWord: 'LÖSCHEN',
    notConfirmed: 'Um Ihre Daten zu löschen, geben Sie {word} in das Feld ein. Es wurde nichts gelöscht.',
    cannotUndo: 'Das kann nicht rückgängig gemacht werden: Das Konto kann nicht mehr verwendet werden, und Sie werden abgemeldet.',
    confirmLabel: 'Geben Sie zur Bestätigung {word} ein',
    button: 'Meine Daten löschen',
    keep: 'Meine Daten behalten und zu meinen Einstellungen zurückkehren',
    doneTitle: 'Ihre Daten wurden gelöscht',
    doneBody:
      'Wir haben Ihre E-Mail-Adresse, Ihre Sprache und Ihr Geburtsdatum am {datetime} gelöscht. Ihre Daten werden nie wieder ' +
      'verwendet, und wir schreiben Ihnen keine E-Mails mehr.',
    signedOut: 'Sie sind abgemeldet.',
    accountTitle: 'Ihre Daten wurden gelöscht',
    accountBody:
      'Die Daten dieses Kontos wurden gelöscht, daher gibt es hier nichts mehr anzuzeigen oder einzustellen. Diese Daten werden nie ' +
      'wieder verwendet, und wir schreiben Ihnen keine E-Mails mehr.',
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
    erased: 'Aus: Ihre Daten wurden gelöscht',
    erasedDetail: 'Diese Daten werden für keinen Zweck mehr verwendet.',
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
