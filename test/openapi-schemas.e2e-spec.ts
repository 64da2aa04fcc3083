import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import type { OpenAPIObject } from '@nestjs/swagger';
import { buildOpenApiDocument } from '../apps/api/src/openapi/openapi-document';
import { createTestApp, type TestApp } from './support/test-app';

/**
 * The OpenAPI document says what the API accepts (the console's typed client is generated from
 * it): for every request body class in the document, each validated property is in the schema,
 * with the type its rules accept, and is required in the schema exactly when validation requires it.
 */
interface PropSchema {
  type?: string;
  enum?: unknown[];
  $ref?: string;
  allOf?: unknown[];
  oneOf?: unknown[];
  items?: PropSchema;
  nullable?: boolean;
}
interface ObjectSchema {
  properties?: Record<string, PropSchema>;
  required?: string[];
}

const STRING_RULES = [
  'isString',
  'matches',
  'minLength',
  'maxLength',
  'isEmail',
  'isLocalDate',
  'isDate',
  'isUrl',
];

/** The JSON types a property's rules accept (one value, or the items of an array). */
function expectedType(rules: ValidationMetadata[]): { array: boolean; types: string[] | null } {
  const names = new Set(rules.map((r) => r.name ?? r.type));
  const each = rules.some((r) => r.each);
  const array =
    each || names.has('isArray') || names.has('arrayMinSize') || names.has('arrayMaxSize');
  let types: string[] | null = null;
  if (names.has('isInt')) types = ['integer', 'number'];
  else if (names.has('isNumber') || names.has('min') || names.has('max'))
    types = ['number', 'integer'];
  else if (names.has('isBoolean')) types = ['boolean'];
  else if (STRING_RULES.some((n) => names.has(n))) types = ['string'];
  else if (rules.some((r) => r.type === 'nestedValidation')) types = ['$ref'];
  return { array, types };
}

function actualType(s: PropSchema): string | undefined {
  if (s.$ref || s.allOf || s.oneOf) return '$ref';
  if (s.type) return s.type;
  if (s.enum) return typeof s.enum[0] === 'number' ? 'number' : 'string';
  return undefined;
}

describe('OpenAPI schemas match the validation rules (e2e)', () => {
  let t: TestApp;
  let doc: OpenAPIObject;

  beforeAll(async () => {
    t = await createTestApp();
    doc = buildOpenApiDocument(t.app);
  });
  afterAll(() => t.close());

  it('every request class: each validated property typed and required as validation says', () => {
    const storage = getMetadataStorage() as unknown as {
      validationMetadatas: Map<new () => unknown, ValidationMetadata[]>;
    };
    const schemas = (doc.components?.schemas ?? {}) as Record<string, ObjectSchema>;
    const problems: string[] = [];
    let checked = 0;
    for (const [target, metas] of storage.validationMetadatas) {
      const schema = schemas[target.name];
      if (!schema) continue;
      checked++;
      const byProp = new Map<string, ValidationMetadata[]>();
      for (const m of metas) byProp.set(m.propertyName, [...(byProp.get(m.propertyName) ?? []), m]);
      for (const [prop, rules] of byProp) {
        const where = `${target.name}.${prop}`;
        const s = schema.properties?.[prop];
        if (!s) {
          problems.push(`${where}: validated but not in the schema`);
          continue;
        }
        // optional: some condition (IsOptional, ValidateIf) skips the rules when the field is absent
        const optional = rules.some(
          (r) =>
            r.type === 'conditionalValidation' &&
            !(r.constraints[0] as (o: object, v: unknown) => boolean)({}, undefined),
        );
        const required = (schema.required ?? []).includes(prop);
        if (required === optional)
          problems.push(
            `${where}: ${optional ? 'optional' : 'required'} by validation, ${required ? 'required' : 'optional'} in the schema`,
          );
        const { array, types } = expectedType(rules);
        const got = actualType(s);
        if (array) {
          if (got !== 'array')
            problems.push(`${where}: an array by validation, ${got} in the schema`);
          else if (types && !types.includes(actualType(s.items ?? {}) ?? '?'))
            problems.push(
              `${where}: items ${types[0]} by validation, ${actualType(s.items ?? {})} in the schema`,
            );
        } else if (types && !types.includes(got ?? '?'))
          problems.push(`${where}: ${types[0]} by validation, ${got} in the schema`);
      }
    }
    expect(checked).toBeGreaterThan(20);
    expect(problems).toEqual([]);
  });
});
