// French: the notice email and the opt-out pages (no-break spaces inside « » and before : and ;, as French typesetting wants).
import type { Messages } from './messages.ts';

const NBSP = '\u00a0';

export const fr: Messages = {
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
    receiptTitle: 'Votre reçu',
    receiptBody:
      `Un reçu signé de ce choix${NBSP}: ce que vous avez choisi, quand, et selon quelle politique. Conservez-le si vous voulez ` +
      `pouvoir le prouver${NBSP}; chacun peut le vérifier avec les clés que ce service publie à l’adresse /.well-known/jwks.json.`,
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
      erased: {
        title: 'Ce compte a été effacé',
        body:
          'Les données personnelles du compte auquel ce lien a été envoyé ont été effacées à la demande de son titulaire. ' +
          `Il n’y a plus rien à désactiver${NBSP}: ses données ne sont plus utilisées à aucune fin, et nous ne lui écrirons plus.`,
      },
      unavailable: {
        title: 'Service temporairement indisponible',
        body: 'Nous ne pouvons pas traiter votre demande pour le moment. Veuillez réessayer dans quelques minutes.',
      },
    },
    nothingChanged: 'Rien n’a été modifié.',
  },
};
