/**
 * JSON Schema validation with ajv, loaded on first use: most runs (a manifest and a
 * Terraform file) never validate a schema, and loading ajv costs a fifth of start-up.
 */
import { createRequire } from 'node:module';
import type { ErrorObject, Options, ValidateFunction } from 'ajv';

export type { ErrorObject };

const require = createRequire(import.meta.url);

export function compileSchema(schema: object, options: Options = {}): ValidateFunction {
  const { Ajv } = require('ajv') as typeof import('ajv');
  return new Ajv({ strict: false, ...options }).compile(schema);
}
