/**
 * Whether an NLB keeps the client IP, as each AWS reader finds it on the listener's target
 * group: `target_type` and `preserve_client_ip` (AWS network/edit-target-group-attributes.html,
 * "Client IP preservation": instance targets enabled, ip targets over TCP/TLS disabled, UDP and
 * TCP_UDP always enabled), with the file:line that decided it.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLoadBalancers } from '../../src/lb/index.js';
import type { Listener, Tri } from '../../src/lb/listener.js';
import { terraformHclLoadBalancers } from '../../src/lb/terraform-hcl.js';
import { FIXTURES } from './support.js';

/** What a case expects of the one NLB listener: the facts, and the line each was read at. */
interface ClientIp {
  targetType: string;
  typeLine: number;
  kept: Tri;
  keptLine: number;
  /** A part of the evidence note for `kept`. */
  why: string;
}

function clientIp(listener: Listener): ClientIp {
  const evidence = (field: string) => listener.evidence.find((e) => e.field === field)!;
  return {
    targetType: String(listener.backend.targetType),
    typeLine: evidence('backend.targetType').source.line!,
    kept: listener.backend.preservesClientIp!,
    keptLine: evidence('backend.preservesClientIp').source.line!,
    why: evidence('backend.preservesClientIp').note!,
  };
}

const expectClientIp = (listener: Listener | undefined, want: ClientIp) => expect(clientIp(listener!)).toEqual({ ...want, why: expect.stringContaining(want.why) });

/**
 * bosh-bootloader's NLB (terraform/aws/templates/cf_lb.tf: a TCP target group per port) with
 * one listener; the target group's own lines start at line 17.
 */
const terraformNlb = (protocol: string, ...targetGroup: string[]) => `resource "aws_lb" "cf_router" {
  name               = "cf-router"
  load_balancer_type = "network"
}

resource "aws_lb_listener" "cf_router_443" {
  load_balancer_arn = aws_lb.cf_router.arn
  port              = 443
  protocol          = "TCP"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.cf_router_443.arn
  }
}

resource "aws_lb_target_group" "cf_router_443" {
  port     = 443
  protocol = "${protocol}"
  vpc_id   = var.vpc_id
${targetGroup.map((line) => `  ${line}\n`).join('')}}

variable "preserve_client_ip" {}

variable "keep_client_ip" {
  default = "true"
}
`;

const TG_LINE = 17;
const PROTOCOL_LINE = 19;
const FIRST_EXTRA = 21;

const hcl = (text: string) => terraformHclLoadBalancers([{ file: 'main.tf', text }], [], {}).loadBalancers;

describe('NLB client IP preservation: Terraform', () => {
  const cases: { name: string; protocol?: string; targetGroup: string[]; want: ClientIp }[] = [
    { name: 'no target_type: instance, which keeps the client IP', targetGroup: [], want: { targetType: 'instance', typeLine: TG_LINE, kept: true, keptLine: TG_LINE, why: 'instance targets keep the client IP' } },
    { name: 'target_type = "ip" over TCP: the NLB\'s own address', targetGroup: ['target_type = "ip"'], want: { targetType: 'ip', typeLine: FIRST_EXTRA, kept: false, keptLine: FIRST_EXTRA, why: 'ip targets over TCP see the NLB\'s own address' } },
    { name: 'target_type = "ip" over TLS: the same', protocol: 'TLS', targetGroup: ['target_type = "ip"'], want: { targetType: 'ip', typeLine: FIRST_EXTRA, kept: false, keptLine: FIRST_EXTRA, why: 'ip targets over TLS' } },
    { name: 'ip with preserve_client_ip = "true"', targetGroup: ['target_type        = "ip"', 'preserve_client_ip = "true"'], want: { targetType: 'ip', typeLine: FIRST_EXTRA, kept: true, keptLine: FIRST_EXTRA + 1, why: 'preserve_client_ip is enabled on the ip target group' } },
    { name: 'ip with preserve_client_ip = true (a bool)', targetGroup: ['target_type        = "ip"', 'preserve_client_ip = true'], want: { targetType: 'ip', typeLine: FIRST_EXTRA, kept: true, keptLine: FIRST_EXTRA + 1, why: 'enabled' } },
    { name: 'instance with preserve_client_ip = "false"', targetGroup: ['preserve_client_ip = "false"'], want: { targetType: 'instance', typeLine: TG_LINE, kept: false, keptLine: FIRST_EXTRA, why: 'preserve_client_ip is disabled on the instance target group' } },
    { name: 'preserve_client_ip from a variable without a default: unknown', targetGroup: ['target_type        = "ip"', 'preserve_client_ip = var.preserve_client_ip'], want: { targetType: 'ip', typeLine: FIRST_EXTRA, kept: 'unknown', keptLine: FIRST_EXTRA + 1, why: 'preserve_client_ip is not known: var.preserve_client_ip' } },
    { name: 'preserve_client_ip from a variable default', targetGroup: ['target_type        = "ip"', 'preserve_client_ip = var.keep_client_ip'], want: { targetType: 'ip', typeLine: FIRST_EXTRA, kept: true, keptLine: FIRST_EXTRA + 1, why: 'enabled' } },
    { name: 'ip over TCP_UDP: always kept, whatever the attribute says', protocol: 'TCP_UDP', targetGroup: ['target_type        = "ip"', 'preserve_client_ip = "false"'], want: { targetType: 'ip', typeLine: FIRST_EXTRA, kept: true, keptLine: PROTOCOL_LINE, why: 'cannot be turned off for TCP_UDP target groups' } },
    { name: 'target_type = "alb": the ALB behind names the NLB', targetGroup: ['target_type = "alb"'], want: { targetType: 'alb', typeLine: FIRST_EXTRA, kept: false, keptLine: FIRST_EXTRA, why: 'the ALB target sees the NLB\'s address' } },
    { name: 'target_type from a variable without a default: unknown', targetGroup: ['target_type = var.target_type'], want: { targetType: 'unknown', typeLine: FIRST_EXTRA, kept: 'unknown', keptLine: FIRST_EXTRA, why: 'target_type is not known: var.target_type' } },
  ];
  it.each(cases)('$name', ({ protocol = 'TCP', targetGroup, want }) => {
    const [nlb] = hcl(terraformNlb(protocol, ...targetGroup));
    expect(nlb!.kind).toBe('aws-nlb');
    expectClientIp(nlb!.listeners[0], want);
  });

  it('a listener whose target group is not in the files: unknown, at the forward', () => {
    const text = terraformNlb('TCP').replace('aws_lb_target_group.cf_router_443.arn', 'var.target_group_arn');
    const listener = hcl(text)[0]!.listeners[0]!;
    expect(listener.backend.preservesClientIp).toBe('unknown');
    expect(listener.backend.targetType).toBeUndefined();
    expect(listener.evidence.find((e) => e.field === 'backend.preservesClientIp')).toMatchObject({ source: { line: 13 }, note: expect.stringContaining('no target group says whether the client IP is kept') });
  });

  it('an ALB records the target type but no client IP verdict: it adds X-Forwarded-For itself', () => {
    const text = terraformNlb('HTTPS', 'target_type = "ip"').replace('"network"', '"application"').replace('"TCP"', '"HTTPS"');
    const listener = hcl(text)[0]!.listeners[0]!;
    expect(listener.backend).toMatchObject({ targetType: 'ip', protocol: 'https' });
    expect(listener.backend.preservesClientIp).toBeUndefined();
  });

  it('terraform state v4: target_type and preserve_client_ip as the provider stores them', () => {
    const text = JSON.stringify(STATE, null, 2);
    const lineOf = (key: string) => text.split('\n').findIndex((line) => line.includes(`"${key}"`)) + 1;
    const listener = readLoadBalancers([writeTemp('terraform.tfstate', text)])[0]!.listeners[0]!;
    expectClientIp(listener, { targetType: 'instance', typeLine: lineOf('target_type'), kept: false, keptLine: lineOf('preserve_client_ip'), why: 'preserve_client_ip is disabled on the instance target group' });
  });

  /**
   * `terraform show -json` of a plan: an unset preserve_client_ip is Optional+Computed, so it is
   * "known after apply" (after_unknown), and AWS's default is what it will be.
   */
  const plan = (targetGroupExpressions: Record<string, unknown>) => ({
    format_version: '1.2',
    planned_values: {
      root_module: {
        resources: [
          { address: 'aws_lb.cf_router', mode: 'managed', type: 'aws_lb', name: 'cf_router', values: { load_balancer_type: 'network' } },
          { address: 'aws_lb_listener.cf_router_443', mode: 'managed', type: 'aws_lb_listener', name: 'cf_router_443', values: { port: 443, protocol: 'TCP', default_action: [{ type: 'forward' }] } },
          { address: 'aws_lb_target_group.cf_router_443', mode: 'managed', type: 'aws_lb_target_group', name: 'cf_router_443', values: { port: 443, protocol: 'TCP', target_type: 'ip' } },
        ],
      },
    },
    resource_changes: [
      { address: 'aws_lb_listener.cf_router_443', change: { actions: ['create'], after_unknown: { load_balancer_arn: true, default_action: [{ target_group_arn: true }] } } },
      { address: 'aws_lb_target_group.cf_router_443', change: { actions: ['create'], after_unknown: { arn: true, preserve_client_ip: true } } },
    ],
    configuration: {
      root_module: {
        resources: [
          { address: 'aws_lb_listener.cf_router_443', expressions: { load_balancer_arn: { references: ['aws_lb.cf_router.arn', 'aws_lb.cf_router'] }, default_action: [{ target_group_arn: { references: ['aws_lb_target_group.cf_router_443.arn', 'aws_lb_target_group.cf_router_443'] } }] } },
          { address: 'aws_lb_target_group.cf_router_443', expressions: { port: { constant_value: 443 }, target_type: { constant_value: 'ip' }, ...targetGroupExpressions } },
        ],
      },
    },
  });
  const planCases: { name: string; expressions: Record<string, unknown>; kept: Tri; why: string }[] = [
    { name: 'a plan that does not set preserve_client_ip: AWS\'s default for ip targets over TCP', expressions: {}, kept: false, why: 'disabled by default' },
    { name: 'a plan that sets it from a value known after apply: unknown', expressions: { preserve_client_ip: { references: ['aws_ssm_parameter.preserve.value', 'aws_ssm_parameter.preserve'] } }, kept: 'unknown', why: 'preserve_client_ip is not known: (known after apply)' },
  ];
  it.each(planCases)('$name', ({ expressions, kept, why }) => {
    const listener = readLoadBalancers([writeTemp('plan.json', JSON.stringify(plan(expressions), null, 2))])[0]!.listeners[0]!;
    expect(listener.backend).toMatchObject({ targetType: 'ip', preservesClientIp: kept });
    expect(listener.evidence.find((e) => e.field === 'backend.preservesClientIp')!.note).toContain(why);
  });
});

/** A raw state v4 (as `terraform.tfstate`), modelled on fixtures/lb/terraform-json/nlb.tfstate. */
const STATE = {
  version: 4,
  terraform_version: '1.9.8',
  resources: [
    { mode: 'managed', type: 'aws_lb', name: 'cf_router', instances: [{ attributes: { arn: 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/net/cf-router/50dc6c495c0c9188', load_balancer_type: 'network' } }] },
    {
      mode: 'managed',
      type: 'aws_lb_listener',
      name: 'cf_router_443',
      instances: [{ attributes: { load_balancer_arn: 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/net/cf-router/50dc6c495c0c9188', port: 443, protocol: 'TCP', default_action: [{ type: 'forward', target_group_arn: 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/cf-router-443/6d0ecf831eec9f09' }] } }],
    },
    {
      mode: 'managed',
      type: 'aws_lb_target_group',
      name: 'cf_router_443',
      instances: [{ attributes: { arn: 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/cf-router-443/6d0ecf831eec9f09', port: 443, protocol: 'TCP', target_type: 'instance', preserve_client_ip: 'false' } }],
    },
  ],
};

function writeTemp(name: string, text: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'cf-ws-lint-nlb-')), name);
  writeFileSync(file, text);
  return file;
}

/** A CloudFormation NLB (YAML, short tags) whose target group properties start on line 22 (extra ones on 24). */
const cloudFormationNlb = (protocol: string, ...targetGroup: string[]) => `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  TargetType:
    Type: String
Resources:
  RouterNlb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Type: network
  RouterListener:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref RouterNlb
      Port: 443
      Protocol: TCP
      DefaultActions:
        - Type: forward
          TargetGroupArn: !Ref RouterTargetGroup
  RouterTargetGroup:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties:
      Port: 443
      Protocol: ${protocol}
${targetGroup.map((line) => `      ${line}\n`).join('')}`;

describe('NLB client IP preservation: the fixture', () => {
  it('fixtures/lb/terraform/aws-nlb-ip: ip targets on 80 lose the client IP, on 443 preserve_client_ip keeps it', () => {
    const [nlb] = readLoadBalancers([path.join(FIXTURES, 'terraform/aws-nlb-ip')]);
    const [http, https] = nlb!.listeners;
    expectClientIp(http, { targetType: 'ip', typeLine: 23, kept: false, keptLine: 23, why: "ip targets over TCP see the NLB's own address" });
    expectClientIp(https, { targetType: 'ip', typeLine: 31, kept: true, keptLine: 32, why: 'preserve_client_ip is enabled on the ip target group' });
  });
});

describe('NLB client IP preservation: CloudFormation', () => {
  const cases: { name: string; protocol?: string; targetGroup: string[]; want: ClientIp }[] = [
    { name: 'no TargetType: instance, which keeps the client IP', targetGroup: [], want: { targetType: 'instance', typeLine: 22, kept: true, keptLine: 22, why: 'instance targets keep the client IP' } },
    { name: 'TargetType ip over TCP', targetGroup: ['TargetType: ip'], want: { targetType: 'ip', typeLine: 24, kept: false, keptLine: 24, why: "ip targets over TCP see the NLB's own address" } },
    {
      name: 'TargetType ip with preserve_client_ip.enabled "true"',
      targetGroup: ['TargetType: ip', 'TargetGroupAttributes:', '  - Key: proxy_protocol_v2.enabled', '    Value: "false"', '  - Key: preserve_client_ip.enabled', '    Value: "true"'],
      want: { targetType: 'ip', typeLine: 24, kept: true, keptLine: 29, why: 'preserve_client_ip is enabled on the ip target group' },
    },
    { name: 'instance with preserve_client_ip.enabled "false"', targetGroup: ['TargetGroupAttributes:', '  - Key: preserve_client_ip.enabled', '    Value: "false"'], want: { targetType: 'instance', typeLine: 22, kept: false, keptLine: 26, why: 'disabled' } },
    { name: 'TargetType from a parameter without a default: unknown', targetGroup: ['TargetType: !Ref TargetType'], want: { targetType: 'unknown', typeLine: 24, kept: 'unknown', keptLine: 24, why: "the target group's target_type is not known" } },
    { name: 'ip over TCP_UDP: always kept', protocol: 'TCP_UDP', targetGroup: ['TargetType: ip'], want: { targetType: 'ip', typeLine: 24, kept: true, keptLine: 23, why: 'cannot be turned off for TCP_UDP' } },
  ];
  it.each(cases)('$name', ({ protocol = 'TCP', targetGroup, want }) => {
    const lbs = readLoadBalancers([writeTemp('template.yml', cloudFormationNlb(protocol, ...targetGroup))]);
    expect(lbs.map((lb) => lb.kind)).toEqual(['aws-nlb']);
    expectClientIp(lbs[0]!.listeners[0], want);
  });
});

describe('NLB client IP preservation: AWS CLI', () => {
  const CLI = path.join(FIXTURES, 'aws-cli');
  const listenersJson = path.join(CLI, 'elbv2-describe-listeners.json');
  /** describe-target-groups with cf-ws-443 (the NLB's, line 12) of this type and protocol. */
  const targetGroups = (targetType: string, protocol: string) =>
    writeTemp(
      'elbv2-describe-target-groups.json',
      JSON.stringify(
        { TargetGroups: [{ TargetGroupArn: 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/cf-ws-443/0011223344556677', TargetGroupName: 'cf-ws-443', Protocol: protocol, Port: 443, TargetType: targetType }] },
        null,
        2,
      ),
    );
  const cases: { name: string; targetType: string; protocol: string; want: ClientIp }[] = [
    // The attribute is in describe-target-group-attributes, which has no ARN to join on.
    { name: 'instance over TCP: the attribute is not in the output, so unknown', targetType: 'instance', protocol: 'TCP', want: { targetType: 'instance', typeLine: 8, kept: 'unknown', keptLine: 3, why: 'describe-target-group-attributes' } },
    { name: 'ip over TCP: unknown as well', targetType: 'ip', protocol: 'TCP', want: { targetType: 'ip', typeLine: 8, kept: 'unknown', keptLine: 3, why: 'preserve_client_ip is not known' } },
    { name: 'ip over TCP_UDP: always kept', targetType: 'ip', protocol: 'TCP_UDP', want: { targetType: 'ip', typeLine: 8, kept: true, keptLine: 6, why: 'cannot be turned off for TCP_UDP' } },
  ];
  it.each(cases)('$name', ({ targetType, protocol, want }) => {
    const nlb = readLoadBalancers([listenersJson, targetGroups(targetType, protocol)]).find((lb) => lb.kind === 'aws-nlb')!;
    expectClientIp(nlb.listeners[0], want);
  });

  it("the fixture's instance target group: the attribute is still not known", () => {
    const nlb = readLoadBalancers([listenersJson, path.join(CLI, 'elbv2-describe-target-groups.json')]).find((lb) => lb.kind === 'aws-nlb')!;
    expect(nlb.listeners[0]!.backend).toMatchObject({ targetType: 'instance', preservesClientIp: 'unknown' });
  });
});
