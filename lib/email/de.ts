// German: the notice email and the opt-out pages.
import type { Messages } from './messages.ts';

export const de: Messages = {
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
    receiptTitle: 'Ihr Beleg',
    receiptBody:
      'Ein signierter Beleg dieser Entscheidung: was Sie gewählt haben, wann und nach welcher Richtlinie. Bewahren Sie ihn auf, ' +
      'wenn Sie sie nachweisen möchten; jeder kann ihn mit den Schlüsseln prüfen, die dieser Dienst unter /.well-known/jwks.json veröffentlicht.',
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
      erased: {
        title: 'Dieses Konto wurde gelöscht',
        body:
          'Die personenbezogenen Daten des Kontos, an das dieser Link geschickt wurde, wurden auf Wunsch seines Inhabers gelöscht. ' +
          'Es gibt nichts mehr auszuschalten: Seine Daten werden für keinen Zweck mehr verwendet, und wir schreiben ihm keine E-Mails mehr.',
      },
      unavailable: {
        title: 'Vorübergehend nicht verfügbar',
        body: 'Wir können Ihre Anfrage gerade nicht bearbeiten. Bitte versuchen Sie es in einigen Minuten erneut.',
      },
    },
    nothingChanged: 'Es wurde nichts geändert.',
  },
};
