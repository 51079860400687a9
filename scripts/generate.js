#!/usr/bin/env node
// Regenerates schemas/config.schema.json and the README's rule table from the rule registry.
// Run as `npm run generate` (after a build); CI follows it with `git diff --exit-code`.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatedFiles, writeGeneratedFiles } from '../dist/commands/generate.js';
import { engineRules } from '../dist/engine/engine-rules.js';
import { LB_FORMATS } from '../dist/lb/detect.js';
import { rules } from '../dist/rules/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const written = writeGeneratedFiles(root, generatedFiles(root, [...rules, ...engineRules], { lbFormats: LB_FORMATS }));
console.log(written.length > 0 ? `generated ${written.join(', ')}` : 'generated files are up to date');
