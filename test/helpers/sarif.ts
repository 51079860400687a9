import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import AjvDraft04Module from 'ajv-draft-04';
import { SHARED } from './corpus.js';

/** The SARIF 2.1.0 schema from ../shared (JSON Schema draft-04, hence ajv-draft-04). */
export const SARIF_SCHEMA = path.join(SHARED, 'schemas/sarif-schema-2.1.0.json');
export const hasSarifSchema = existsSync(SARIF_SCHEMA);
if (!hasSarifSchema) console.warn(`SKIPPED SARIF schema validation: ${SARIF_SCHEMA} not found (../shared is absent)`);

/** ajv-draft-04 is CommonJS with a `default` export; ESM interop may hand over either layer. */
export function sarifValidator() {
  type AjvDraft04 = typeof AjvDraft04Module.default;
  const AjvDraft04 = ((AjvDraft04Module as { default?: AjvDraft04 }).default ?? AjvDraft04Module) as AjvDraft04;
  const ajv = new AjvDraft04({ allErrors: true, strict: false, logger: false });
  ajv.addFormat('uri', (value: string) => URL.canParse(value));
  ajv.addFormat('uri-reference', (value: string) => URL.canParse(value, 'file:///'));
  return ajv.compile(JSON.parse(readFileSync(SARIF_SCHEMA, 'utf8')));
}
