// Spanish: the member's pages (formal address, usted).
import type { MemberPageWords } from './words.ts';

export const es: MemberPageWords = {
  signedInAs: 'Sesión iniciada como {who}',
  signOut: 'Cerrar sesión',
  signIn: {
    requiredTitle: 'Inicie sesión',
    requiredBody: 'Inicie sesión para ver esta página.',
    signIn: 'Iniciar sesión',
    signedInTitle: 'Sesión iniciada',
    continue: 'Continuar',
    signingOutTitle: 'Cerrando sesión',
    signingOutBody: 'Ha cerrado la sesión de Consent Ledger en este navegador. Ahora se cerrará también en su proveedor de identidad.',
    continueSignOut: 'Continuar para cerrarla allí',
    signedOutTitle: 'Sesión cerrada',
    signedOutBody: 'Ha cerrado la sesión de Consent Ledger en este navegador.',
    signInAgain: 'Volver a iniciar sesión',
    failedTitle: 'No se ha completado el inicio de sesión',
    failed: {
      transaction: 'No se ha empezado ningún inicio de sesión en este navegador, o ha caducado (a los 10 minutos) o ya se ha usado. Vuelva a empezar.',
      state: 'La respuesta de su proveedor de identidad no corresponde al inicio de sesión empezado en este navegador, así que se ha rechazado.',
      code: 'La respuesta de su proveedor de identidad no trae ningún código de autorización.',
      code_refused: 'Su proveedor de identidad ha rechazado el código de autorización: ya se ha usado, ha caducado o no corresponde al inicio de sesión de este navegador.',
      response: 'No se ha podido verificar la respuesta de su proveedor de identidad, así que se ha rechazado.',
      provider_error: 'Su proveedor de identidad no ha iniciado su sesión (se ha cancelado o no está permitido).',
      unavailable: 'Ahora mismo no se puede contactar con su proveedor de identidad. Vuelva a intentarlo en un momento.',
      token: 'Su proveedor de identidad ha emitido un token de acceso que este servicio no acepta.',
    },
    nothingSignedIn: 'No se ha iniciado ninguna sesión.',
  },
  settings: {
    title: 'Sus ajustes',
    heading: 'Sus datos y el entrenamiento de IA',
    saved: { on: 'Guardado: lo ha activado.', off: 'Guardado: lo ha desactivado.' },
    stale:
      'Este ajuste se cambió en otro lugar (otra pestaña u otro dispositivo) después de cargar esta página, así que no se ' +
      'ha guardado nada. La página muestra ahora el estado actual; vuelva a elegir si aún quiere cambiarlo.',
    noPolicy: 'Ahora mismo ninguna política en vigor le pide que elija.',
    pill: { on: 'Activado', off: 'Desactivado' },
    turn: { on: 'Activar', off: 'Desactivar' },
    notRetroactive:
      'Desactivarlo no es retroactivo: desde ese momento sus datos dejan de usarse para este fin, pero el entrenamiento ' +
      'que ya se ha realizado no se deshace.',
    policyLine: 'Versión {id} de la política, en vigor desde el {date}.',
    policyLineWithSummary: 'Versión {id} de la política, en vigor desde el {date}: {summary}',
    gpc: {
      not_honored_here:
        'Su navegador envía una señal Global Privacy Control (GPC). La política de su región no la considera una ' +
        'desactivación de este ajuste, así que no ha cambiado; use el botón de abajo para desactivarlo.',
      record_denied:
        'Su navegador envía una señal Global Privacy Control (GPC). En su región equivale a desactivar este ajuste, así ' +
        'que lo hemos registrado. Puede volver a activarlo cuando quiera.',
      already_denied: 'Su navegador envía una señal Global Privacy Control (GPC). Este ajuste ya está desactivado.',
      granted_after_gpc:
        'Su navegador envía una señal Global Privacy Control (GPC). Usted activó este ajuste después de que registráramos ' +
        'esa señal, así que prevalece su propia elección.',
    },
    noChoiceYet: 'Aún no ha hecho ninguna elección.',
    historyColumns: { when: 'Cuándo', choice: 'Elección', how: 'Cómo' },
    historyCaptionAll: 'Sus elecciones, de la más reciente a la más antigua ({count})',
    historyCaptionSome: 'Sus elecciones, de la más reciente a la más antigua: {shown} de {total}',
    showOlder: 'Mostrar elecciones anteriores',
    choice: { granted: 'Activado', denied: 'Desactivado' },
    source: {
      settings: 'En esta página',
      email_link: 'Desde el enlace de nuestro correo',
      api: 'A través de una aplicación',
      import: 'Importado de registros anteriores',
      support: 'Por nuestro equipo de asistencia, a petición suya',
      gpc: 'Señal Global Privacy Control de su navegador',
    },
    runsHeading: 'Entrenamientos a los que se permitió usar sus datos',
    runsNone: 'Ninguno por ahora.',
    runsNotRetroactive:
      'Desactivarlo no retira sus datos de los entrenamientos que ya los usaron; los mantiene fuera de los que empiecen después.',
    runsCaptionAll: 'Del más reciente al más antiguo ({count})',
    runsCaptionLatest: 'Del más reciente al más antiguo: los últimos {count}',
    runColumns: { run: 'Entrenamiento', model: 'Modelo', dataset: 'Conjunto de datos', dataAsOf: 'Datos a fecha de' },
    latestReceiptTitle: 'Recibo de su última elección',
    latestReceiptBody:
      'Una constancia firmada de su última elección: qué eligió, cuándo, cómo y según qué política. Guárdela si quiere poder ' +
      'demostrarla; cualquiera puede comprobarla con las claves que este servicio publica en /.well-known/jwks.json.',
  },
  record: {
    heading: 'Su registro de consentimiento',
    intro:
      'Una copia de su registro de consentimiento: cada elección que ha hecho, cuándo y cómo, y para cada finalidad las versiones de ' +
      'la política, la base jurídica y la región que se aplicaron, además de dónde puede cambiar de opinión. Es un archivo JSON con ' +
      'la estructura del registro de consentimiento de la norma ISO/IEC TS 27560.',
    tooMany: 'Ha hecho más de {max} elecciones: el archivo contiene las {max} primeras, y su valor {next} continúa con {route} en la API.',
    download: 'Descargar mi registro de consentimiento',
  },
  erasure: {
    heading: 'Borrar mis datos',
    what:
      'El borrado elimina su dirección de correo electrónico, su idioma y su fecha de nacimiento de nuestros registros, en todos los ' +
      'lugares donde los guardamos. A partir de entonces, sus datos no se vuelven a usar nunca, para nada, y no volveremos a escribirle.',
    kept:
      'Conservamos, sin su dirección de correo electrónico, su idioma ni su fecha de nacimiento, el registro de lo que se nos permitió ' +
      'hacer con sus datos y cuándo: dónde vivía, las elecciones que hizo, los avisos que le enviamos y, en lugar de su fecha de ' +
      'nacimiento, el día en que alcanzó la edad requerida. La ley nos obliga a poder demostrarlo (artículos 7, apartado 1, y 17, ' +
      'apartado 3, letra b), del RGPD).',
    cannotUndoNext: 'Esta acción no se puede deshacer. En la página siguiente se le pedirá que confirme.',
    openConfirm: 'Borrar mis datos…',
    confirmWord: 'BORRAR',
    notConfirmed: 'Para borrar sus datos, escriba {word} en el campo. No se ha borrado nada.',
    cannotUndo: 'Esta acción no se puede deshacer: la cuenta no podrá volver a usarse y se cerrará su sesión.',
    confirmLabel: 'Escriba {word} para confirmar',
    button: 'Borrar mis datos',
    keep: 'Conservar mis datos y volver a mis ajustes',
    doneTitle: 'Sus datos se han borrado',
    doneBody:
      'Hemos borrado su dirección de correo electrónico, su idioma y su fecha de nacimiento el {datetime}. Sus datos no se vuelven ' +
      'a usar nunca y no volveremos a escribirle.',
    signedOut: 'Su sesión se ha cerrado.',
    accountTitle: 'Sus datos se han borrado',
    accountBody:
      'Los datos de esta cuenta se han borrado, así que aquí no hay nada que mostrar ni que ajustar. No se vuelven a usar nunca y ' +
      'no volveremos a escribirle.',
  },
  state: {
    since: ' desde el {date}',
    onDate: 'el {date}',
    earlierDate: 'en una fecha anterior',
    choiceBy: {
      settings: { on: 'lo activó {when}', off: 'lo desactivó {when}' },
      email_link: { on: 'lo activó {when}, desde el enlace de nuestro correo', off: 'lo desactivó {when}, desde el enlace de nuestro correo' },
      api: { on: 'lo activó {when}, a través de una aplicación', off: 'lo desactivó {when}, a través de una aplicación' },
      gpc: {
        on: 'la señal Global Privacy Control de su navegador lo activó {when}',
        off: 'la señal Global Privacy Control de su navegador lo desactivó {when}',
      },
      import: { on: 'activado {when} por una importación de sus elecciones anteriores', off: 'desactivado {when} por una importación de sus elecciones anteriores' },
      support: { on: 'activado {when} por nuestro equipo de asistencia, a petición suya', off: 'desactivado {when} por nuestro equipo de asistencia, a petición suya' },
    },
    defaultOn: 'Activado por defecto en su región{since}',
    defaultOnDetail: 'No ha elegido; puede desactivarlo en cualquier momento.',
    optedIn: 'Activado: {how}',
    optedOut: 'Desactivado: {how}',
    excluded: 'No disponible en su región',
    excludedDetail: 'En su región sus datos no se usan para este fin{since}, diga lo que diga el ajuste.',
    noConsent: 'Desactivado: en su región hace falta su permiso{since}, y no lo ha dado',
    noticePending: 'Desactivado por ahora: debemos informarle de este cambio antes de que se le aplique',
    minor: 'Desactivado: nunca se usa para miembros por debajo de la edad mínima',
    minorDetail: 'Los datos de los miembros que creemos menores de {age} años nunca se usan, aunque el ajuste parezca activado.',
    noPolicy: 'Desactivado: ninguna política en vigor cubre este uso ahora',
    unknownMember: 'Aún no tenemos un perfil suyo',
    erased: 'Desactivado: sus datos se han borrado',
    erasedDetail: 'No se vuelven a usar nunca, para nada.',
  },
  messages: {
    noProfileTitle: 'No hay perfil para esta cuenta',
    noProfileBody: 'No tenemos un perfil de miembro para la cuenta con la que ha iniciado sesión, así que aquí no hay nada que ajustar.',
    refusedTitle: 'Solicitud rechazada',
    refusedBody: 'Este formulario debe enviarse desde las páginas de este sitio (falló la comprobación de origen). No se ha cambiado nada.',
    adminsOnlyTitle: 'Solo para administradores',
    adminsOnlyBody: 'Esta página es para administradores (requiere el ámbito consent:admin). Sus propias elecciones están en su página de ajustes.',
    notFoundTitle: 'No encontrado',
    notFoundBody: 'Lo que ha pedido no existe. No se ha cambiado nada.',
    unavailableTitle: 'Vuelva a intentarlo en un momento',
    unavailableBody: 'Ahora mismo no podemos responder. Vuelva a intentarlo en un momento.',
    failedTitle: 'Algo ha salido mal',
    failedBody: 'El servicio ha fallado de forma inesperada. Vuelva a intentarlo más tarde.',
    notUnderstoodTitle: 'No se ha entendido la solicitud',
    notUnderstoodBody: 'La solicitud no se ha podido usar tal como se envió. No se ha cambiado nada.',
    technicalDetails: 'Detalles técnicos',
    yourSettings: 'Sus ajustes',
    backToSettings: 'Volver a sus ajustes',
  },
};
