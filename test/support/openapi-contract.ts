import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { NextFunction, Request, Response } from 'express';

// Checks every /api response an end-to-end spec receives against the OpenAPI document the app
// serves: the route and status must be documented, and a JSON body must match the documented
// schema, with no field the document does not list.

export interface Exchange {
  method: string;
  path: string;
  status: number;
  contentType: string;
  body: Buffer;
}

type Schema = Record<string, unknown>;
interface OpenApi {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema?: Schema }> }> }>>;
  components?: { schemas?: Record<string, Schema> };
}

/** Express middleware that records each response under /api (the document itself excepted). */
export function recordExchanges(into: Exchange[]) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!req.path.startsWith('/api/') || req.path.startsWith('/api/docs')) return next();
    const chunks: Buffer[] = [];
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => Response;
    const keep = (chunk: unknown, encoding?: unknown) => {
      if (chunk === undefined || chunk === null || typeof chunk === 'function') return;
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8'));
    };
    (res as unknown as { write: unknown }).write = (chunk: unknown, ...rest: unknown[]) => {
      keep(chunk, rest[0]);
      return write(chunk, ...rest);
    };
    (res as unknown as { end: unknown }).end = (chunk?: unknown, ...rest: unknown[]) => {
      keep(chunk, rest[0]);
      return end(chunk, ...rest);
    };
    res.on('finish', () => {
      into.push({ method: req.method.toLowerCase(), path: req.path, status: res.statusCode, contentType: String(res.getHeader('content-type') ?? ''), body: Buffer.concat(chunks) });
    });
    next();
  };
}

/** OpenAPI 3.0 schema -> JSON Schema for ajv: `nullable`, refs to components, closed objects. */
function toJsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toJsonSchema);
  if (!schema || typeof schema !== 'object') return schema;
  const { nullable, ...rest } = schema as Schema;
  const out: Schema = {};
  for (const [key, value] of Object.entries(rest)) {
    if (key === '$ref') out.$ref = String(value).replace('#/components/schemas/', 'components#/definitions/');
    else if (key === 'properties') out.properties = Object.fromEntries(Object.entries(value as Schema).map(([k, v]) => [k, toJsonSchema(v)]));
    else if (key === 'example' || key === 'description') continue;
    else out[key] = toJsonSchema(value);
  }
  // An object that lists its properties lists all of them: an undocumented field is an error.
  if (out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  if (nullable) {
    if (!out.allOf && !out.$ref && typeof out.type === 'string') return { ...out, type: [out.type, 'null'] };
    const { type: _type, ...rest } = out;
    return { anyOf: [rest, { type: 'null' }] };
  }
  return out;
}

export class OpenApiContract {
  private readonly ajv = new Ajv({ allErrors: true, strict: false });
  private readonly routes: Array<{ pattern: RegExp; template: string }>;
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(private readonly doc: OpenApi) {
    addFormats(this.ajv);
    // allOf with closed objects would reject a subclass's own fields; our DTOs inherit by copying, so no allOf arises.
    this.ajv.addSchema({ $id: 'components', definitions: Object.fromEntries(Object.entries(doc.components?.schemas ?? {}).map(([k, v]) => [k, toJsonSchema(v)])) });
    this.routes = Object.keys(doc.paths).map((template) => ({
      template,
      pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\\{[^}]+\\\}|\{[^}]+\}/g, '[^/]+')}$`),
    }));
  }

  /** Problems with one exchange; empty when it matches the document. */
  check(exchange: Exchange): string[] {
    const where = `${exchange.method.toUpperCase()} ${exchange.path} -> ${exchange.status}`;
    const route = this.routes.find((r) => r.pattern.test(exchange.path) && this.doc.paths[r.template][exchange.method]);
    if (!route) return exchange.status === 404 || exchange.status === 405 ? [] : [`${where}: no documented operation`];
    const operation = this.doc.paths[route.template][exchange.method];
    const response = operation.responses[String(exchange.status)];
    if (!response) return [`${where}: status not documented for ${exchange.method.toUpperCase()} ${route.template}`];
    const mediaType = exchange.contentType.split(';')[0].trim();
    if (!response.content) return exchange.body.length === 0 ? [] : [`${where}: a body, but none documented`];
    const media = response.content[mediaType];
    if (!media) return [`${where}: content type ${mediaType || '(none)'} not documented (${Object.keys(response.content).join(', ')})`];
    if (mediaType !== 'application/json' || !media.schema) return [];
    const key = `${exchange.method} ${route.template} ${exchange.status}`;
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile(toJsonSchema(media.schema) as Schema);
      this.validators.set(key, validate);
    }
    const body = JSON.parse(exchange.body.toString('utf8') || 'null');
    if (validate(body)) return [];
    return [`${where}: ${this.ajv.errorsText(validate.errors, { dataVar: 'body' })}`];
  }
}
