import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/util/errors.js';
import { detectJsonFormat, detectTextFormat } from '../../src/lb/detect.js';
import { LB_FORMATS, listenerTableJson, listenerTableText, readLoadBalancers } from '../../src/lb/index.js';
import { parsePositionedJson } from '../../src/lb/json-positions.js';
import { CORPUS, FIXTURES, HAVE_CORPUS, warnWithoutCorpus } from './support.js';

const temp = (name: string, text: string) => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'cf-ws-lint-lb-')), name);
  writeFileSync(file, text);
  return file;
};

function inputError(run: () => unknown): InputError {
  try {
    run();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

const detect = (file: string) => {
  const text = readFileSync(file, 'utf8');
  return /^\s*[{[]/.test(text) ? detectJsonFormat(parsePositionedJson(text, file).value) : detectTextFormat(text);
};

warnWithoutCorpus('LB format detection on the corpus');

describe('format detection by content', () => {
  it.each([
    ['haproxy/boshrelease-use-haproxy.cfg', 'haproxy'],
    ['haproxy/edge-cases.cfg', 'haproxy'],
    ['nginx/websocket-proxy.conf', 'nginx'],
    ['nginx/stream.conf', 'nginx'],
    ['terraform/aws-nlb/main.tf', 'terraform-hcl'],
    ['terraform/aws-alb-elb/terraform.tfvars', undefined],
    ['terraform-json/plan.json', 'terraform-json'],
    ['terraform-json/nlb.tfstate', 'terraform-json'],
    ['cloudformation/alb-nlb.yaml', 'cloudformation'],
    ['aws-cli/elb-describe-load-balancers.json', 'aws-cli-json'],
    ['aws-cli/elbv2-describe-target-groups.json', 'aws-cli-json'],
    ['neutral/f5.yml', 'lb-yaml'],
  ])('%s is %s', (file, format) => {
    expect(detect(path.join(FIXTURES, file))).toBe(format);
  });

  it.skipIf(!HAVE_CORPUS).each([
    ['bosh-bootloader/terraform/aws/templates/cf_lb.tf', 'terraform-hcl'],
    ['bosh-bootloader/plan-patches/network-lb-gcp/terraform/network_lb_override.tf', 'terraform-hcl'],
    ['lb/bosh-bootloader__storage__fixtures__upped__vars__terraform.tfstate', 'terraform-json'],
    ['lb/bosh-bootloader__aws__cloudformation__templates__fixtures__cloudformation_with_cf_elb.json', 'cloudformation'],
    ['lb/deckhouse__modules__402-ingress-nginx__images__proxy-failover__conf__nginx.conf.tpl', 'nginx'],
    ['cf-deployment/operations/use-haproxy.yml', undefined],
    ['haproxy-boshrelease/jobs/haproxy/spec', undefined],
  ])('corpus %s is %s', (file, format) => {
    expect(detect(path.join(CORPUS, file))).toBe(format);
  });
});

describe('readLoadBalancers input errors', () => {
  it('an unrecognised file names every format it tried', () => {
    const error = inputError(() => readLoadBalancers([temp('notes.txt', 'just some text\n')]));
    expect(error.file).toMatch(/notes\.txt$/);
    expect(error.message).toBe(`not a load-balancer configuration this tool reads (tried ${LB_FORMATS.join(', ')}); name its format with --lb-format`);
    for (const format of ['lb-yaml', 'haproxy', 'nginx', 'terraform-hcl', 'terraform-json', 'cloudformation', 'aws-cli-json']) expect(error.message).toContain(format);
  });

  it('JSON that is none of the JSON formats is unrecognised too', () => {
    expect(inputError(() => readLoadBalancers([temp('x.json', '{"hello": 1}')])).message).toContain('tried lb-yaml');
  });

  it('a missing file is an InputError, not a stack trace', () => {
    expect(inputError(() => readLoadBalancers(['/nonexistent/lb.cfg'])).render()).toBe('/nonexistent/lb.cfg: no such file');
  });

  it('a directory without .tf files', () => {
    expect(inputError(() => readLoadBalancers([mkdtempSync(path.join(tmpdir(), 'cf-ws-lint-empty-'))])).message).toContain('a directory with no .tf files');
  });

  it.each([
    ['broken.tfstate', '{\n  "version": 4,\n  "resources": [\n    {,\n', 4, 6, 'invalid JSON: expected a "key"'],
    ['main.tf', 'resource "aws_elb" "x" {\n  listener {\n    lb_port = \n  }\n}\n', 3, 15, 'HCL: expected an expression'],
    ['haproxy.cfg', 'frontend f\n  bind ":80\n', 2, undefined, 'unterminated double quote'],
    // The innermost block left open.
    ['nginx.conf', 'events {}\nhttp {\n  server {\n', 3, undefined, 'nginx: unexpected end of file'],
    // An unclosed flow collection is reported where the text ends.
    ['lb.yml', 'apiVersion: cf-ws-lint/v1alpha1\nkind: LoadBalancers\nloadBalancers:\n  - name: [\n', 5, undefined, 'invalid YAML'],
    ['template.yaml', 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Lb: {\n', 4, undefined, 'invalid YAML'],
  ])('a recognised file with a syntax error names file:line: %s', (name, text, line, col, message) => {
    const error = inputError(() => readLoadBalancers([temp(name, text)]));
    expect(path.basename(error.file!)).toBe(name);
    expect(error.line).toBe(line);
    if (col !== undefined) expect(error.col).toBe(col);
    expect(error.message).toContain(message);
  });

  it('the format can be given instead of detected', () => {
    // A one-line nginx site is too little to recognise; named, it reads.
    const file = temp('site', 'server { listen 8080; location / { proxy_pass http://10.0.0.1:80; } }\n');
    expect(() => readLoadBalancers([file])).toThrow(InputError);
    expect(readLoadBalancers([file], { format: 'nginx' })[0]!.listeners.map((l) => l.frontendPort)).toEqual([8080]);
    expect(inputError(() => readLoadBalancers([FIXTURES], { format: 'nginx' })).message).toBe('a directory is read as Terraform source, not nginx');
  });

  it('JSON line lookup: a value, and the nearest ancestor of one that is absent', () => {
    const json = parsePositionedJson('{\n  "a": [\n    1,\n    {"b": "x\\"y"}\n  ]\n}', 'f.json');
    expect(json.value).toEqual({ a: [1, { b: 'x"y' }] });
    expect([json.lineOf(['a', 0]), json.lineOf(['a', 1, 'b']), json.lineOf(['a', 1, 'missing']), json.lineOf([])]).toEqual([3, 4, 4, 1]);
  });
});

describe('listener table', () => {
  const lbs = () => readLoadBalancers([path.join(FIXTURES, 'terraform/aws-nlb')]);

  it('prints an aligned plain-text table with the DNS names below', () => {
    const text = listenerTableText(lbs()).replaceAll(path.join(FIXTURES, 'terraform/aws-nlb') + path.sep, '');
    expect(text).toBe(
      [
        'LB                PORT       PROTO  TLS  UPGRADE  XFF  XFP  PROXY in/out  IDLE  BACKEND   FIREWALL  SOURCE',
        'aws_lb.cf_router  80         tcp    no   yes      no   no   no/v2         350s  80 tcp    -         main.tf:26',
        'aws_lb.cf_router  443        tls    yes  yes      no   no   no/v2         350s  80 tcp    -         main.tf:37',
        'aws_lb.cf_router  4443       tls    yes  yes      no   no   no/v2         350s  80 tcp    -         main.tf:50',
        'aws_lb.cf_tcp     1024-1026  tcp    no   yes      no   no   no/no         900s  same tcp  -         main.tf:78',
        '',
        'DNS names:',
        '  aws_lb.cf_router: *.${var.system_domain}  (main.tf:93)',
        '  aws_lb.cf_tcp: tcp.${var.system_domain}  (main.tf:105)',
        '',
      ].join('\n'),
    );
  });

  it('marks conditional listeners and shows the maximum connection time', () => {
    const text = listenerTableText(readLoadBalancers([path.join(FIXTURES, 'terraform/gcp-proxies'), path.join(FIXTURES, 'cloudformation/alb-nlb.yaml')]));
    expect(text).toContain('600s (max 3600s)');
    expect(text).toMatch(/WebSocketNlb +4443\* /);
    expect(text).toContain('* exists only under a condition');
    const withFirewall = listenerTableText(readLoadBalancers([path.join(FIXTURES, 'terraform/aws-alb-elb')]));
    expect(withFirewall).toMatch(/aws_elb\.cf_router +80 +http .* no +\S+main\.tf:22/);
    expect(withFirewall).toContain('FIREWALL: does the LB security group admit the port');
  });

  it('gives the same rows as JSON', () => {
    const json = JSON.parse(listenerTableJson(lbs())) as { listeners: Record<string, unknown>[]; hostnames: Record<string, string[]> };
    expect(json.listeners[1]).toMatchObject({ lb: 'aws_lb.cf_router', kind: 'aws-nlb', port: '443', protocol: 'tls', terminatesTls: true, passesUpgrade: true, proxySends: true, proxyVersion: 2, idleTimeoutSeconds: 350, backendPort: 80, backendProtocol: 'tcp' });
    expect(json.listeners[1]!.source).toMatch(/main\.tf:37$/);
    expect(json.hostnames).toEqual({ 'aws_lb.cf_router': ['*.${var.system_domain}'], 'aws_lb.cf_tcp': ['tcp.${var.system_domain}'] });
  });
});

describe.skipIf(!HAVE_CORPUS)('BOSH job templates', () => {
  it.each(['haproxy-boshrelease/jobs/haproxy/templates/haproxy.config.erb', 'cf-release/jobs/haproxy/templates/haproxy.conf.erb'])('%s is refused, not guessed at', (file) => {
    const error = inputError(() => readLoadBalancers([path.join(CORPUS, file)]));
    expect(error.message).toContain('an unrendered ERB template');
    expect(error.line).toBeGreaterThan(0);
  });
});
