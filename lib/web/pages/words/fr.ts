// French: the member's pages (no-break spaces before : and ;, as French typesetting wants).
import type { MemberPageWords } from './words.ts';

const NBSP = '\u00a0';

export const fr: MemberPageWords = {
  signedInAs: 'Connecté en tant que {who}',
  signOut: 'Se déconnecter',
  signIn: {
    requiredTitle: 'Veuillez vous connecter',
    requiredBody: 'Connectez-vous pour voir cette page.',
    signIn: 'Se connecter',
    signedInTitle: 'Connexion réussie',
    continue: 'Continuer',
    signingOutTitle: 'Déconnexion en cours',
    signingOutBody: 'Votre session Consent Ledger est fermée sur ce navigateur. Nous fermons maintenant celle de votre fournisseur d’identité.',
    continueSignOut: 'Continuer vers la déconnexion chez votre fournisseur',
    signedOutTitle: 'Déconnexion effectuée',
    signedOutBody: 'Votre session Consent Ledger est fermée sur ce navigateur.',
    signInAgain: 'Se reconnecter',
    failedTitle: 'La connexion n’a pas abouti',
    failed: {
      transaction: 'Aucune connexion n’a été commencée dans ce navigateur, ou elle a expiré (au bout de 10 minutes) ou a déjà servi. Recommencez.',
      state: 'La réponse de votre fournisseur d’identité ne correspond pas à la connexion commencée dans ce navigateur, elle a donc été refusée.',
      code: 'La réponse de votre fournisseur d’identité ne contient aucun code d’autorisation.',
      code_refused: `Votre fournisseur d’identité a refusé le code d’autorisation${NBSP}: il a déjà servi, il a expiré ou il ne correspond pas à la connexion de ce navigateur.`,
      response: 'La réponse de votre fournisseur d’identité n’a pas pu être vérifiée, elle a donc été refusée.',
      provider_error: 'Votre fournisseur d’identité n’a pas ouvert de session (connexion annulée ou refusée).',
      unavailable: 'Votre fournisseur d’identité est injoignable pour le moment. Veuillez réessayer dans un instant.',
      token: 'Votre fournisseur d’identité a émis un jeton d’accès que ce service n’accepte pas.',
    },
    nothingSignedIn: 'Aucune session n’a été ouverte.',
  },
  settings: {
    title: 'Vos paramètres',
    heading: 'Vos données et l’entraînement de l’IA',
    saved: { on: `Enregistré${NBSP}: vous l’avez activé.`, off: `Enregistré${NBSP}: vous l’avez désactivé.` },
    stale:
      'Ce paramètre a été modifié ailleurs (dans un autre onglet ou sur un autre appareil) après le chargement de cette ' +
      `page, donc rien n’a été enregistré. La page affiche maintenant l’état actuel${NBSP}; refaites votre choix si vous ` +
      'souhaitez toujours le modifier.',
    noPolicy: 'Aucune politique en vigueur ne vous demande de choix pour le moment.',
    pill: { on: 'Activé', off: 'Désactivé' },
    turn: { on: 'Activer', off: 'Désactiver' },
    notRetroactive:
      `La désactivation n’est pas rétroactive${NBSP}: à partir de ce moment, vos données ne sont plus utilisées à cette ` +
      'fin, mais l’entraînement qui a déjà eu lieu n’est pas annulé.',
    policyLine: 'Version {id} de la politique, en vigueur depuis le {date}.',
    policyLineWithSummary: `Version {id} de la politique, en vigueur depuis le {date}${NBSP}: {summary}`,
    gpc: {
      not_honored_here:
        'Votre navigateur envoie un signal Global Privacy Control (GPC). La politique applicable dans votre région ne le ' +
        `considère pas comme une désactivation de ce paramètre, qui reste donc inchangé${NBSP}; utilisez le bouton ` +
        'ci-dessous pour le désactiver.',
      record_denied:
        'Votre navigateur envoie un signal Global Privacy Control (GPC). Dans votre région, il vaut désactivation de ce ' +
        `paramètre${NBSP}: nous l’avons donc enregistrée. Vous pouvez toujours le réactiver.`,
      already_denied: 'Votre navigateur envoie un signal Global Privacy Control (GPC). Ce paramètre est déjà désactivé.',
      granted_after_gpc:
        'Votre navigateur envoie un signal Global Privacy Control (GPC). Vous avez activé ce paramètre après que nous ' +
        `avons enregistré ce signal${NBSP}: c’est donc votre propre choix qui s’applique.`,
    },
    noChoiceYet: 'Vous n’avez encore fait aucun choix.',
    historyColumns: { when: 'Date', choice: 'Choix', how: 'Moyen' },
    historyCaptionAll: 'Vos choix, du plus récent au plus ancien ({count})',
    historyCaptionSome: `Vos choix, du plus récent au plus ancien${NBSP}: {shown} sur {total}`,
    showOlder: 'Afficher les choix plus anciens',
    choice: { granted: 'Activé', denied: 'Désactivé' },
    source: {
      settings: 'Sur cette page',
      email_link: 'Depuis le lien de notre e-mail',
      api: 'Depuis une application',
      import: 'Importé de registres antérieurs',
      support: 'Par notre équipe d’assistance, à votre demande',
      gpc: 'Signal Global Privacy Control de votre navigateur',
    },
    runsHeading: 'Entraînements autorisés à utiliser vos données',
    runsNone: 'Aucun pour l’instant.',
    runsNotRetroactive:
      'La désactivation ne retire pas vos données des entraînements qui les ont déjà utilisées' +
      `${NBSP}; elle les tient à l’écart des entraînements qui commencent ensuite.`,
    runsCaptionAll: 'Du plus récent au plus ancien ({count})',
    runsCaptionLatest: `Du plus récent au plus ancien${NBSP}: les {count} derniers`,
    runColumns: { run: 'Entraînement', model: 'Modèle', dataset: 'Jeu de données', dataAsOf: 'Données au' },
    latestReceiptTitle: 'Reçu de votre dernier choix',
    latestReceiptBody:
      `Une attestation signée de votre dernier choix${NBSP}: ce que vous avez choisi, quand, comment et selon quelle politique. ` +
      `Conservez-la si vous voulez pouvoir le prouver${NBSP}; chacun peut la vérifier avec les clés que ce service publie à ` +
      'l’adresse /.well-known/jwks.json.',
  },
  record: {
    heading: 'Votre registre des consentements',
    intro:
      `Une copie de votre registre des consentements${NBSP}: chacun de vos choix, quand et comment vous l’avez fait, et pour chaque ` +
      'finalité les versions de la politique, la base légale et la région qui s’appliquaient, avec l’endroit où changer d’avis. ' +
      'C’est un fichier JSON au format du registre de consentement de la norme ISO/IEC TS 27560.',
    tooMany: `Vous avez fait plus de {max}${NBSP}choix${NBSP}: le fichier contient les {max} premiers, et sa valeur {next} permet de continuer avec {route} dans l’API.`,
    download: 'Télécharger mon registre des consentements',
  },
  erasure: {
    heading: 'Effacer mes données',
    what:
      'L’effacement supprime votre adresse e-mail, votre langue et votre date de naissance de nos registres, partout où nous les ' +
      'conservons. Dès lors, vos données ne sont plus jamais utilisées, à aucune fin, et nous ne vous écrirons plus jamais.',
    kept:
      'Nous conservons, sans votre adresse e-mail, votre langue ni votre date de naissance, la trace de ce que nous étions autorisés ' +
      `à faire de vos données et à quel moment${NBSP}: où vous habitiez, les choix que vous avez faits, les notifications que nous ` +
      'vous avons envoyées, et le jour où vous avez atteint l’âge requis au lieu de votre date de naissance. La loi nous impose ' +
      'de pouvoir le démontrer (articles 7, paragraphe 1, et 17, paragraphe 3, point b), du RGPD).',
    cannotUndoNext: 'Cette action est irréversible. Il vous sera demandé de confirmer à la page suivante.',
    openConfirm: 'Effacer mes données…',
    confirmWord: 'EFFACER',
    notConfirmed: 'Pour effacer vos données, saisissez {word} dans le champ. Rien n’a été effacé.',
    cannotUndo: `Cette action est irréversible${NBSP}: le compte ne pourra plus être utilisé, et votre session sera fermée.`,
    confirmLabel: 'Saisissez {word} pour confirmer',
    button: 'Effacer mes données',
    keep: 'Conserver mes données et revenir à mes paramètres',
    doneTitle: 'Vos données ont été effacées',
    doneBody:
      'Nous avons effacé votre adresse e-mail, votre langue et votre date de naissance le {datetime}. Vos données ne sont plus ' +
      'jamais utilisées, et nous ne vous écrirons plus.',
    signedOut: 'Votre session est fermée.',
    accountTitle: 'Vos données ont été effacées',
    accountBody:
      `Les données de ce compte ont été effacées${NBSP}: il n’y a donc plus rien à afficher ni à régler ici. Elles ne sont plus ` +
      'jamais utilisées, et nous ne vous écrirons plus.',
  },
  state: {
    since: ' depuis le {date}',
    onDate: 'le {date}',
    earlierDate: 'à une date antérieure',
    choiceBy: {
      settings: { on: 'vous l’avez activé {when}', off: 'vous l’avez désactivé {when}' },
      email_link: { on: 'vous l’avez activé {when}, depuis le lien de notre e-mail', off: 'vous l’avez désactivé {when}, depuis le lien de notre e-mail' },
      api: { on: 'vous l’avez activé {when}, depuis une application', off: 'vous l’avez désactivé {when}, depuis une application' },
      gpc: {
        on: 'le signal Global Privacy Control de votre navigateur l’a activé {when}',
        off: 'le signal Global Privacy Control de votre navigateur l’a désactivé {when}',
      },
      import: { on: 'activé {when} par une importation de vos choix antérieurs', off: 'désactivé {when} par une importation de vos choix antérieurs' },
      support: { on: 'activé {when} par notre équipe d’assistance, à votre demande', off: 'désactivé {when} par notre équipe d’assistance, à votre demande' },
    },
    defaultOn: 'Activé par défaut dans votre région{since}',
    defaultOnDetail: `Vous n’avez pas fait de choix${NBSP}; vous pouvez le désactiver à tout moment.`,
    optedIn: `Activé${NBSP}: {how}`,
    optedOut: `Désactivé${NBSP}: {how}`,
    excluded: 'Non disponible dans votre région',
    excludedDetail: 'Vos données ne sont pas utilisées à cette fin dans votre région{since}, quel que soit le réglage.',
    noConsent: `Désactivé${NBSP}: dans votre région, votre autorisation est nécessaire{since}, et vous ne l’avez pas donnée`,
    noticePending: `Désactivé pour l’instant${NBSP}: nous devons vous informer de ce changement avant qu’il s’applique à vous`,
    minor: `Désactivé${NBSP}: jamais utilisé pour les membres n’ayant pas l’âge minimum`,
    minorDetail: `Les données des membres présumés âgés de moins de {age}${NBSP}ans ne sont jamais utilisées, même si le paramètre semble activé.`,
    noPolicy: `Désactivé${NBSP}: aucune politique en vigueur ne couvre actuellement cette utilisation`,
    unknownMember: 'Nous n’avons pas encore de profil pour vous',
    erased: `Désactivé${NBSP}: vos données ont été effacées`,
    erasedDetail: 'Elles ne sont plus jamais utilisées, à aucune fin.',
  },
  messages: {
    noProfileTitle: 'Aucun profil pour ce compte',
    noProfileBody: 'Nous n’avons pas de profil de membre pour le compte avec lequel vous êtes connecté, il n’y a donc rien à régler ici.',
    refusedTitle: 'Demande refusée',
    refusedBody: 'Ce formulaire doit être envoyé depuis les pages de ce site (échec de la vérification d’origine). Rien n’a été modifié.',
    adminsOnlyTitle: 'Réservé aux administrateurs',
    adminsOnlyBody:
      'Cette page est réservée aux administrateurs (elle exige la portée consent:admin). Vos propres choix se trouvent sur votre page de paramètres.',
    notFoundTitle: 'Introuvable',
    notFoundBody: 'Ce que vous avez demandé n’existe pas. Rien n’a été modifié.',
    unavailableTitle: 'Veuillez réessayer dans un instant',
    unavailableBody: 'Nous ne pouvons pas répondre pour le moment. Veuillez réessayer dans un instant.',
    failedTitle: 'Un problème est survenu',
    failedBody: 'Le service a rencontré une erreur inattendue. Veuillez réessayer plus tard.',
    notUnderstoodTitle: 'Cette demande n’a pas été comprise',
    notUnderstoodBody: 'La demande n’a pas pu être traitée telle qu’elle a été envoyée. Rien n’a été modifié.',
    technicalDetails: 'Détails techniques',
    yourSettings: 'Vos paramètres',
    backToSettings: 'Retour à vos paramètres',
  },
};
