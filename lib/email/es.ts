// Spanish: the notice email and the opt-out pages.
import type { Messages } from './messages.ts';

export const es: Messages = {
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
    receiptTitle: 'Su recibo',
    receiptBody:
      'Un recibo firmado de esta elección: qué eligió, cuándo y según qué política. Guárdelo si quiere poder demostrarla; ' +
      'cualquiera puede comprobarlo con las claves que este servicio publica en /.well-known/jwks.json.',
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
      erased: {
        title: 'Esta cuenta ha sido borrada',
        body:
          'Los datos personales de la cuenta a la que se envió este enlace se borraron a petición de su titular. ' +
          'Ya no hay nada que desactivar: sus datos ya no se usan para ningún fin y no volveremos a escribirle.',
      },
      unavailable: {
        title: 'No disponible temporalmente',
        body: 'No podemos procesar su solicitud en este momento. Vuelva a intentarlo dentro de unos minutos.',
      },
    },
    nothingChanged: 'No se ha cambiado nada.',
  },
};
