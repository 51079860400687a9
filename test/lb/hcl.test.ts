import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/util/errors.js';
import { parseHcl, type Expr } from '../../src/lb/hcl.js';

const attr = (text: string, name = 'x'): Expr => parseHcl(text, 't.tf').attributes.find((a) => a.name === name)!.expr;

describe('HCL reader', () => {
  it('reads blocks with labels, nested and one-line blocks, with positions', () => {
    const body = parseHcl('# comment\nresource "aws_elb" "lb" {\n  listener {\n    lb_port = 443 // trailing\n  }\n  tags { Name = "x" }\n}\n/* multi\nline */\nvariable "v" {}\n', 't.tf');
    expect(body.blocks.map((b) => [b.type, b.labels, b.pos.line])).toEqual([
      ['resource', ['aws_elb', 'lb'], 2],
      ['variable', ['v'], 10],
    ]);
    const elb = body.blocks[0]!.body;
    expect(elb.blocks.map((b) => b.type)).toEqual(['listener', 'tags']);
    expect(elb.blocks[0]!.body.attributes[0]).toMatchObject({ name: 'lb_port', pos: { line: 4, col: 5 }, expr: { kind: 'literal', value: 443 } });
    expect(elb.blocks[1]!.body.attributes[0]).toMatchObject({ name: 'Name', expr: { kind: 'template', parts: ['x'] } });
  });

  it('reads templates: interpolation, escapes, $${, directives, heredocs', () => {
    const t = attr('x = "*.${var.system_domain}.\\t$${lit}"\n');
    expect(t).toMatchObject({ kind: 'template', directive: false });
    expect((t as Extract<Expr, { kind: 'template' }>).parts.map((p) => (typeof p === 'string' ? p : `<${p.text}>`))).toEqual(['*.', '<var.system_domain>', '.\t${lit}']);
    expect(attr('x = "%{ if a }y%{ endif }"\n')).toMatchObject({ kind: 'template', directive: true });
    const heredoc = attr('x = <<-EOT\n  hello ${name}\n  EOT\ny = 1\n');
    expect(heredoc).toMatchObject({ kind: 'template' });
    expect(parseHcl('x = <<EOT\nbody\nEOT\ny = 2\n', 't.tf').attributes.map((a) => a.name)).toEqual(['x', 'y']);
    expect(attr('x = "${~ a ~}"\n')).toMatchObject({ kind: 'template', parts: [{ kind: 'variable', name: 'a' }] });
  });

  it('reads expressions: traversals, splats, calls, operators, conditionals, for', () => {
    expect(attr('x = aws_lb.cf[0].arn\n')).toMatchObject({ kind: 'getattr', name: 'arn', target: { kind: 'index', target: { kind: 'getattr', name: 'cf' } } });
    expect(attr('x = aws_subnet.s.*.id\n')).toMatchObject({ kind: 'getattr', name: 'id', target: { kind: 'splat' } });
    expect(attr('x = aws_subnet.s[*].id\n')).toMatchObject({ kind: 'getattr', target: { kind: 'splat' } });
    expect(attr('x = flatten([a, [b]], c...)\n')).toMatchObject({ kind: 'call', name: 'flatten', args: [{ kind: 'tuple' }, { kind: 'variable', name: 'c' }] });
    expect(attr('x = a ? b : c == 1 && !d\n')).toMatchObject({ kind: 'conditional', else: { kind: 'binary', op: '&&', right: { kind: 'unary', op: '!' } } });
    expect(attr('x = 1 + 2 * 3\n')).toMatchObject({ kind: 'binary', op: '+', right: { kind: 'binary', op: '*' } });
    expect(attr('x = [for k, v in m : v if k != "a"]\n')).toMatchObject({ kind: 'for', keyVar: 'k', valueVar: 'v', object: false, condition: { kind: 'binary' } });
    expect(attr('x = {for v in l : v => upper(v)}\n')).toMatchObject({ kind: 'for', object: true, key: { kind: 'variable' } });
    expect(attr('x = {\n  a = 1\n  "b" = 2, c: 3\n}\n')).toMatchObject({ kind: 'object', items: [{}, {}, {}] });
    expect(attr('x = [\n  1,\n  2,\n]\n')).toMatchObject({ kind: 'tuple', items: [{ value: 1 }, { value: 2 }] });
    expect(attr('x = (\n  a\n)\n')).toMatchObject({ kind: 'paren', inner: { kind: 'variable' } });
    expect(attr('x = a-b - c\n')).toMatchObject({ kind: 'binary', op: '-', left: { kind: 'variable', name: 'a-b' } });
    expect(attr('x = "a"\ny = -1.5e2\n', 'y')).toMatchObject({ kind: 'unary', operand: { value: 150 } });
  });

  it('keeps the source text of an expression for evidence', () => {
    expect(attr('x = var.elb_idle_timeout\n').text).toBe('var.elb_idle_timeout');
    expect(attr('x = "${aws_elb.a.dns_name}"\n').text).toBe('"${aws_elb.a.dns_name}"');
  });

  it.each([
    ['resource "a" "b" {\n  x = 1\n', 1, 'this block has no closing "}"'],
    ['x = "unterminated\n', 1, 'unterminated string'],
    ['x = [1, 2\ny = 3\n', 2, 'expected ","'],
    ['resource "a" "b" { x = 1 y = 2 }\n', 1, 'expected a new line'],
    ['x = 1\n}\n', 2, 'unexpected "}"'],
    ['x = ${a}\n', 1, 'unexpected character'],
    ['x = <<EOT\nno end\n', 1, 'heredoc EOT is not terminated'],
    ['block "a" = 1\n', 1, 'expected "=" or "{" after block'],
    ['x = "${a\n', 1, 'unterminated ${ interpolation'],
  ])('syntax error -> InputError with line: %j', (text, line, message) => {
    let error: unknown;
    try {
      parseHcl(text, 'bad.tf');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).line).toBe(line);
    expect((error as InputError).message).toContain(message);
  });
});
