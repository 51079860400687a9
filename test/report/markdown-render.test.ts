/**
 * The markdown formatter's Mermaid diagrams, rendered by the real `mermaid` package in a real
 * browser: Debian's headless Chromium (never a downloaded one), a file:// page that loads
 * mermaid's bundle from node_modules by its file:// URL, every request that is not file: or
 * data: refused. Each diagram of corpus runs (cf-deployment against bosh-bootloader's AWS and
 * GCP templates), of the three deployments of fixtures/deployments and of a run with hostile
 * LB names must render without error, with one node per hop whose text is exactly the hop's,
 * and no element the labels tried to inject.
 * CF_WS_LINT_DIAGRAM_PNG=file.png keeps a screenshot of the first failing path's diagram
 * (docs/websocket-path.png was made so).
 */
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flowchart, mermaidText } from '../../src/report/mermaid.js';
import { drawnPaths } from '../../src/report/path-view.js';
import { runCli, ROOT } from '../helpers/cli.js';
import { corpusFile, hasCorpus } from '../helpers/corpus.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`SKIPPED: ${CHROMIUM} is absent, so the Mermaid diagrams are not rendered in a browser (apt-get install chromium)`);

// The flags of the brief: no first-run, sync, component or background network traffic.
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const MERMAID_JS = path.join(ROOT, 'node_modules/mermaid/dist/mermaid.min.js');

/** The ```mermaid blocks of a markdown report. */
function diagramsOf(markdown: string): string[] {
  return [...markdown.matchAll(/^```mermaid\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
}

/** The text each node should show: its label rows, entity codes decoded, as mermaid lays them out. */
function nodeTexts(diagram: string): string[] {
  return [...diagram.matchAll(/h\d+\["(.*?)"\]/g)].map((m) => m[1]!.split('<br/>').join('').replace(/#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code))));
}

interface Rendered {
  error?: string;
  nodes: { text: string; failing: boolean; unknown: boolean }[];
  injected: number;
}

async function render(page: Page, diagram: string, id: string): Promise<Rendered> {
  return page.evaluate(
    async ({ diagram, id }) => {
      const out = document.getElementById('out')!;
      out.innerHTML = '';
      try {
        const { svg } = await (window as any).mermaid.render(id, diagram);
        out.innerHTML = svg;
      } catch (error) {
        return { error: String((error as Error).message ?? error), nodes: [], injected: 0 };
      }
      // Over maxTextSize, mermaid does not throw: it draws a diagram of this message instead.
      if (out.textContent?.includes('Maximum text size in diagram exceeded')) return { error: 'Maximum text size in diagram exceeded', nodes: [], injected: 0 };
      const nodes = [...out.querySelectorAll('g.node')].map((node) => ({ text: node.textContent ?? '', failing: node.classList.contains('failing'), unknown: node.classList.contains('unknown') }));
      return { nodes, injected: out.querySelectorAll('img, script, iframe, a, foreignObject img').length };
    },
    { diagram, id },
  );
}

describe.skipIf(!hasChromium)('markdown diagrams in headless Chromium', () => {
  let context: BrowserContext;
  let page: Page;
  let profile: string;
  const requests: string[] = [];

  beforeAll(async () => {
    profile = mkdtempSync(path.join(tmpdir(), 'cf-ws-lint-chromium-'));
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS });
    await context.route('**/*', (route) => {
      const url = route.request().url();
      requests.push(url);
      return url.startsWith('file:') || url.startsWith('data:') ? route.continue() : route.abort();
    });
    page = context.pages()[0] ?? (await context.newPage());
    // A file:// page that loads mermaid's bundle from node_modules by its file:// URL.
    const html = path.join(profile, 'render.html');
    writeFileSync(html, `<!doctype html><html><head><meta charset="utf-8"><script src="${pathToFileURL(MERMAID_JS).href}"></script></head><body><div id="out"></div></body></html>`);
    await page.goto(pathToFileURL(html).href);
    await page.evaluate(() => (window as any).mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' }));
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  async function expectRendered(markdown: string, name: string): Promise<Rendered[]> {
    const diagrams = diagramsOf(markdown);
    expect(diagrams.length, `${name}: diagrams in the report`).toBeGreaterThan(0);
    const results: Rendered[] = [];
    for (const [i, diagram] of diagrams.entries()) {
      const rendered = await render(page, diagram, `${name}-${i}`);
      expect(rendered.error, `${name} diagram ${i}:\n${diagram}`).toBeUndefined();
      expect(rendered.nodes.map((n) => n.text)).toEqual(nodeTexts(diagram));
      expect(rendered.nodes.map((n) => n.failing)).toEqual(nodeTexts(diagram).map((text) => text.includes('✗')));
      expect(rendered.injected).toBe(0);
      results.push(rendered);
    }
    return results;
  }

  it('fails on a diagram mermaid cannot parse (the check can fail)', async () => {
    expect((await render(page, 'flowchart LR\n  h0["unterminated] --> h1', 'broken')).error).toMatch(/Parse error/);
  });

  describe.skipIf(!hasCorpus)('corpus runs', () => {
    const cf = corpusFile('cf-deployment/cf-deployment.yml');
    const bbl = (iaas: string) => ['--lb', corpusFile(`bosh-bootloader/terraform/${iaas}/templates/cf_lb.tf`), '--lb', corpusFile(`bosh-bootloader/terraform/${iaas}/templates/cf_dns.tf`)];
    const runs: Record<string, string[]> = {
      'aws-default-port': [cf, ...bbl('aws')],
      'aws-with-aws-ops': [cf, '-o', corpusFile('cf-deployment/operations/aws.yml'), ...bbl('aws')],
      'gcp': [cf, ...bbl('gcp')],
    };

    it.each(Object.entries(runs))('%s renders every path', async (name, args) => {
      const run = runCli([...args, '-f', 'markdown']);
      expect(run.stderr).toBe('');
      const rendered = await expectRendered(run.stdout, name);
      const failing = rendered.find((r) => r.nodes.some((n) => n.failing));
      if (name === 'aws-default-port') {
        // bbl's classic ELB HTTPS listener on 443 drops Upgrade (CFWS002).
        expect(failing?.nodes.map((n) => n.text)).toContain('aws_elb.cf_router_lb:443 https✗ CFWS002 Upgrade');
        const png = process.env.CF_WS_LINT_DIAGRAM_PNG;
        if (png) await page.locator('#out svg').screenshot({ path: path.resolve(ROOT, png) });
      } else {
        expect(failing).toBeUndefined();
      }
    }, 60_000);
  });

  it('three deployments (fixtures/deployments) render, a diagram per deployment', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cf-ws-lint-deployments-'));
    try {
      cpSync(path.join(ROOT, 'fixtures/deployments'), dir, { recursive: true });
      const rendered = await expectRendered(runCli(['-f', 'markdown'], { cwd: dir }).stdout, 'deployments');
      expect(rendered).toHaveLength(3);
      expect(rendered.every((r) => r.nodes.some((n) => n.failing))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('a listener whose port is not known (fixtures/lb/terraform/unknown-port) is drawn unknown, not failing', async () => {
    const run = runCli(['fixtures/deployments/cf-deployment.yml', '-v', 'system_domain=sys.example.com', '--lb', 'fixtures/lb/terraform/unknown-port', '-f', 'markdown', '--no-config']);
    const [rendered] = await expectRendered(run.stdout, 'unknown-port');
    expect(rendered!.nodes.map((n) => [n.text, n.failing, n.unknown])).toEqual([
      ['clientwss', false, false],
      ['doppler.sys.example.com', false, false],
      ['aws_elb.cf_doppler:443? CFWS001 port not known', false, true],
    ]);
  }, 60_000);

  it('hostile LB names render as text, each inside its own node', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cf-ws-lint-hostile-'));
    try {
      const name = 'cf"]:::x --> evil["<img src=x onerror=alert(1)> #quot; `x` [a](b) ((y))';
      const manifest = path.join(dir, 'cf.yml');
      const lb = path.join(dir, 'lb.yml');
      writeFileSync(manifest, 'name: cf\ninstance_groups:\n- name: api\n  jobs:\n  - name: cloud_controller_ng\n    properties:\n      system_domain: sys.example.com\n');
      writeFileSync(lb, `apiVersion: cf-ws-lint/v1alpha1\nkind: LoadBalancers\nloadBalancers:\n- name: ${JSON.stringify(name)}\n  kind: aws-elb-classic\n  listeners:\n  - { port: 443, protocol: https, backend: { port: 80, protocol: http } }\n`);
      const run = runCli([manifest, '--lb', lb, '-f', 'markdown', '--no-config']);
      const [rendered] = await expectRendered(run.stdout, 'hostile');
      expect(rendered!.nodes).toHaveLength(4);
      expect(rendered!.nodes[2]!.text).toBe(`${name}:443 https✗ CFWS002 Upgrade`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it("a 100,000-character LB name renders, cut (mermaid refuses diagrams over its maxTextSize)", async () => {
    const name = '<&>'.repeat(33_334);
    const full = `flowchart LR\n  h0["client"]\n  h0 --> h1["${mermaidText(name)}"]\n`;
    expect((await render(page, full, 'uncut')).error).toMatch(/Maximum text size/);
    const path = { endpoint: 'doppler' as const, hops: [{ kind: 'client' as const, label: 'client', status: 'ok' as const }, { kind: 'listener' as const, label: name, port: 443, status: 'ok' as const }] };
    const [rendered] = await expectRendered(`\`\`\`mermaid\n${flowchart(drawnPaths([path], [])[0]!)}\`\`\`\n`, 'long');
    expect(rendered!.nodes[1]!.text.startsWith('<&><&>')).toBe(true);
  });

  it('asked the network for nothing', () => {
    expect(requests.filter((url) => !url.startsWith('file:') && !url.startsWith('data:'))).toEqual([]);
  });
});
