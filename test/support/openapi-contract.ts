// Checks an HTTP answer against the OpenAPI document: the status must be documented for the
// route and method, the content type must be one documented for that status, and a JSON body must
// validate (JSON Schema 2020-12) against the documented schema. The integration client runs every
// answer through it, so the document cannot drift from what the service really says.
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS: under nodenext its default import is the module object.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

type Json = Record<string, unknown>;

/** An answer as the checker needs it; `text` is the body exactly as received. */
export interface ObservedAnswer {
  status: number;
  contentType: string | null;
  text: string;
}

/** The documented answer for a method and path that match no route (the gateway's own 404). */
export const UNKNOWN_ROUTE_RESPONSE = 'RouteNotFound';

/** The keys of an OpenAPI document that are not JSON Schema keywords; ajv must not refuse them. */
const OPENAPI_KEYWORDS = ['openapi', 'info', 'servers', 'paths', 'components', 'security', 'tags', 'webhooks', 'externalDocs', 'jsonSchemaDialect', 'example', 'xml', 'discriminator'];
const DOCUMENT_ID = 'urn:consent-ledger:openapi';
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;

interface PathTemplate {
  template: string;
  pattern: RegExp;
  /** More static segments win, as in API Gateway (and infra/local/http-api.ts). */
  staticSegments: number;
  methods: Set<string>;
}

const pointerPart = (part: string) => part.replace(/~/g, '~0').replace(/\//g, '~1');
const mediaTypeOf = (contentType: string | null) => (contentType ?? '').split(';')[0]!.trim().toLowerCase();
const isJsonMediaType = (mediaType: string) => mediaType === 'application/json' || mediaType.endsWith('+json');

function compileTemplate(template: string, methods: Set<string>): PathTemplate {
  const source = template
    .split('/')
    .map((segment) => (/^\{\w+\}$/.test(segment) ? '([^/]+)' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  const staticSegments = template.split('/').filter((segment) => segment !== '' && !segment.startsWith('{')).length;
  return { template, pattern: new RegExp(`^${source}$`), staticSegments, methods };
}

/**
 * A copy of the document in which every object schema that lists its properties, and says nothing
 * about others, refuses undocumented ones (unevaluatedProperties, so allOf and $ref still work).
 * The published document stays open, so clients tolerate additions; the tests do not, so a field
 * the service answers but the document does not describe is found.
 */
export function closeObjects(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closeObjects);
  if (typeof schema !== 'object' || schema === null) return schema;
  const copy: Json = {};
  for (const [key, value] of Object.entries(schema)) copy[key] = closeObjects(value);
  if (typeof copy.properties === 'object' && !('additionalProperties' in copy) && !('unevaluatedProperties' in copy)) {
    copy.unevaluatedProperties = false;
  }
  return copy;
}

function describeErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? []).map((error) => `  ${error.instancePath || '(body)'} ${error.message ?? ''} ${JSON.stringify(error.params)}`).join('\n');
}

export class OpenApiContract {
  private readonly document: Json;
  private readonly ajv: Ajv2020;
  private readonly templates: PathTemplate[];
  private readonly validators = new Map<string, ValidateFunction>();

  /** closed: undocumented properties fail too (see closeObjects). */
  constructor(document: Json, options: { closed?: boolean } = {}) {
    this.document = options.closed === false ? document : (closeObjects(document) as Json);
    // strict: a schema mistake in the document (an unknown keyword, a typo) is an error too.
    this.ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false, strictTuples: false });
    addFormats(this.ajv);
    this.ajv.addVocabulary(OPENAPI_KEYWORDS);
    // The whole document is one schema resource, so every $ref "#/components/..." resolves.
    this.ajv.addSchema({ ...this.document, $id: DOCUMENT_ID });
    const paths = (this.document.paths ?? {}) as Record<string, Json>;
    this.templates = Object.entries(paths)
      .map(([template, item]) => compileTemplate(template, new Set(METHODS.filter((method) => method in item))))
      .sort((a, b) => b.staticSegments - a.staticSegments);
  }

  /**
   * The documented path template a request reaches, matched the way the gateway routes: method
   * first, then the template with the most static segments. undefined: no route (gateway 404).
   */
  routeOf(method: string, path: string): string | undefined {
    const rawPath = path.split('?')[0]!;
    const wanted = method.toLowerCase();
    for (const template of this.templates) {
      if (!template.methods.has(wanted)) continue;
      const found = template.pattern.exec(rawPath);
      if (!found) continue;
      try {
        // A parameter that is not valid percent-encoding matches no route at the gateway.
        found.slice(1).forEach((value) => decodeURIComponent(value));
      } catch {
        return undefined;
      }
      return template.template;
    }
    return undefined;
  }

  /** Every way `answer` departs from the document, as readable lines; [] when it conforms. */
  violations(method: string, path: string, answer: ObservedAnswer): string[] {
    const template = this.routeOf(method, path);
    const responsePointer = template === undefined
      ? `#/components/responses/${UNKNOWN_ROUTE_RESPONSE}`
      : `#/paths/${pointerPart(template)}/${method.toLowerCase()}/responses`;
    const response = template === undefined ? this.unknownRouteResponse(answer.status) : this.documentedResponse(template, method, answer.status);
    if (response === undefined) {
      const documented = template === undefined ? '404 (no such route)' : Object.keys(this.operation(template, method).responses as Json).join(', ');
      return [`status ${answer.status} is not documented for ${method} ${template ?? '(no route)'}; documented: ${documented}`];
    }
    const content = response.value.content as Record<string, Json> | undefined;
    const mediaType = mediaTypeOf(answer.contentType);
    if (content === undefined) {
      return answer.text === '' ? [] : [`status ${answer.status} documents no body, yet one came (${mediaType || 'no content type'})`];
    }
    if (!(mediaType in content)) {
      return [`content type "${answer.contentType ?? ''}" is not documented for status ${answer.status}; documented: ${Object.keys(content).join(', ')}`];
    }
    // Pages are for people: their HTML is checked by the page tests, not against a schema.
    if (!isJsonMediaType(mediaType)) return [];
    let body: unknown;
    try {
      body = JSON.parse(answer.text);
    } catch {
      return [`the body is not JSON although the content type is ${mediaType}: ${answer.text.slice(0, 200)}`];
    }
    const pointer = template === undefined ? `${responsePointer}/content/${pointerPart(mediaType)}/schema` : `${responsePointer}/${response.key}/content/${pointerPart(mediaType)}/schema`;
    const validate = this.validatorFor(pointer);
    if (validate(body)) return [];
    return [`the body does not match ${pointer}:\n${describeErrors(validate.errors)}`];
  }

  /** Throws a readable error when `answer` departs from the document. */
  assertDocumented(method: string, path: string, answer: ObservedAnswer): void {
    const found = this.violations(method, path, answer);
    if (found.length === 0) return;
    throw new ContractViolation(`${method} ${path} answered ${answer.status} (${answer.contentType ?? 'no content type'}) against the OpenAPI document:\n${found.join('\n')}\nbody: ${answer.text.slice(0, 500)}`);
  }

  private operation(template: string, method: string): Json {
    return ((this.document.paths as Record<string, Json>)[template]![method.toLowerCase()] ?? {}) as Json;
  }

  private documentedResponse(template: string, method: string, status: number): { key: string; value: Json } | undefined {
    const responses = (this.operation(template, method).responses ?? {}) as Record<string, Json>;
    // An exact status wins over a range (4XX), which wins over default, as OpenAPI says.
    for (const key of [String(status), `${String(status)[0]}XX`, 'default']) {
      const value = responses[key];
      if (value !== undefined) return { key, value: this.resolve(value) };
    }
    return undefined;
  }

  private unknownRouteResponse(status: number): { key: string; value: Json } | undefined {
    if (status !== 404) return undefined;
    const responses = ((this.document.components as Json | undefined)?.responses ?? {}) as Record<string, Json>;
    const value = responses[UNKNOWN_ROUTE_RESPONSE];
    return value === undefined ? undefined : { key: UNKNOWN_ROUTE_RESPONSE, value };
  }

  /** Follows a response $ref ("#/components/responses/X") to what it names. */
  private resolve(value: Json): Json {
    const target = value.$ref;
    if (typeof target !== 'string') return value;
    const name = /^#\/components\/responses\/([^/]+)$/.exec(target)?.[1];
    const resolved = name === undefined ? undefined : (((this.document.components as Json).responses as Record<string, Json>)[name]);
    if (resolved === undefined) throw new Error(`unresolvable response reference ${target}`);
    return resolved;
  }

  private validatorFor(pointer: string): ValidateFunction {
    let validate = this.validators.get(pointer);
    if (validate === undefined) {
      validate = this.ajv.compile({ $ref: `${DOCUMENT_ID}${pointer}` });
      this.validators.set(pointer, validate);
    }
    return validate;
  }
}

export class ContractViolation extends Error {
  override readonly name = 'ContractViolation';
}
