/**
 * Terraform input nested or sized to exhaust a recursive reader (issue 15, case 9): each is
 * refused with one `nesting deeper than N` InputError naming file:line:col, or read, never a
 * stack overflow.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseHcl, MAX_HCL_NESTING } from '../../src/lb/hcl.js';
import { parsePositionedJson } from '../../src/lb/json-positions.js';
import { readLoadBalancers } from '../../src/lb/index.js';
import { InputError } from '../../src/util/errors.js';
import { tempDir } from './support.js';

const dir = tempDir('deep-terraform');

function refusal(read: () => unknown): InputError {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected an InputError');
}

describe('HCL nesting is bounded', () => {
  const cases = [
    { name: '700 nested parentheses', text: `x = ${'('.repeat(700)}1${')'.repeat(700)}\n`, col: 5 + MAX_HCL_NESTING },
    { name: '1,000 nested lists', text: `x = ${'['.repeat(1000)}${']'.repeat(1000)}\n`, col: 5 + MAX_HCL_NESTING },
    { name: '1,000 nested objects', text: `x = ${'{a = '.repeat(1000)}1${'}'.repeat(1000)}\n` },
    { name: '10,000 nested blocks', text: `${'a {\n'.repeat(10_000)}${'}\n'.repeat(10_000)}` },
    { name: '10,000 negations', text: `x = ${'!'.repeat(10_000)}true\n` },
    { name: '3,000 chained conditionals', text: `x = ${'a ? b : '.repeat(3000)}c\n` },
    { name: '500 nested interpolations', text: `x = ${'"${'.repeat(500)}1${'}"'.repeat(500)}\n` },
  ];
  it.each(cases)('$name: nesting deeper than N, at file:line:col', ({ text, col }) => {
    const error = refusal(() => parseHcl(text, 'deep.tf'));
    expect(error.message).toBe(`HCL: nesting deeper than ${MAX_HCL_NESTING}`);
    expect(error.file).toBe('deep.tf');
    expect(error.line).toBeGreaterThan(0);
    if (col !== undefined) expect(error.col).toBe(col);
  });

  it('reads nesting up to the bound', () => {
    expect(() => parseHcl(`x = ${'['.repeat(50)}${']'.repeat(50)}\n`, 'ok.tf')).not.toThrow();
  });

  it('a deep terraform.tfvars beside the configuration: exit-2 error naming the tfvars file', () => {
    const root = path.join(dir, 'deep-tfvars');
    mkdirSync(root, { recursive: true });
    writeFileSync(path.join(root, 'main.tf'), 'resource "aws_elb" "x" {\n  listener {\n    lb_port = 443\n    lb_protocol = "ssl"\n    instance_port = 80\n    instance_protocol = "tcp"\n  }\n}\n');
    writeFileSync(path.join(root, 'terraform.tfvars'), `ports = ${'['.repeat(5000)}${']'.repeat(5000)}\n`);
    const error = refusal(() => readLoadBalancers([root]));
    expect(error.file).toBe(path.join(root, 'terraform.tfvars'));
    expect(error.render()).toMatch(/terraform\.tfvars:1:\d+: HCL: nesting deeper than 100$/);
  });
});

describe('JSON with a 10 MB string', () => {
  it('reads a Terraform state whose one value is a 10 MB string (no regex stack overflow)', () => {
    const big = 'x'.repeat(10_000_000);
    const text = `{\n  "version": 4,\n  "resources": [\n    {"mode": "managed", "type": "null_resource", "name": "n", "instances": [{"attributes": {"blob": "${big}\\n\\u00e9"}}]}\n  ]\n}\n`;
    const json = parsePositionedJson(text, 'big.tfstate');
    const value = json.value as { resources: { instances: { attributes: { blob: string } }[] }[] };
    expect(value.resources[0]!.instances[0]!.attributes.blob).toHaveLength(10_000_002);
    expect(json.lineOf(['resources', 0])).toBe(4);
  });

  it('still refuses a bad string with file:line:col', () => {
    const error = refusal(() => parsePositionedJson('{\n  "a": "x\u0001y"\n}\n', 'bad.json'));
    expect(error.render()).toBe('bad.json:2:10: invalid JSON: bad string');
  });

  it('refuses JSON nested deeper than its bound', () => {
    const error = refusal(() => parsePositionedJson(`${'['.repeat(100_000)}${']'.repeat(100_000)}`, 'deep.json'));
    expect(error.message).toMatch(/invalid JSON: nesting deeper than \d+/);
  });
});
