/**
 * Debian's `nginx` on a loopback config, as an `LbProcess`. The row's config is what an
 * operator writes; nginx runs it with housekeeping around it that keeps everything in the
 * row's temp dir (pid file, temp paths, no access log) and, where Debian builds the stream
 * module as a dynamic module (`--with-stream=dynamic`, package libnginx-mod-stream), loads it
 * the way /etc/nginx/modules-enabled/50-mod-stream.conf does. `-g 'daemon off;'` keeps the
 * master in the foreground.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { executable, startLbProcess, type LbProcess } from './lb-process.js';

const NGINX = executable('nginx');

interface NginxBuild {
  /** `load_module` lines the config needs for `stream {}`. */
  prelude: string[];
}

let build: NginxBuild | string | undefined;

/** What `nginx -V` says about the stream module: a prelude, or why nginx rows cannot run. */
function nginxBuild(): NginxBuild | string {
  if (build !== undefined) return build;
  const version = spawnSync(NGINX, ['-V'], { encoding: 'utf8' });
  if (version.status !== 0) return (build = 'nginx is not installed (apt-get install nginx-light libnginx-mod-stream; CI installs it in .ci/run)');
  const configure = `${version.stdout}${version.stderr}`;
  if (/--with-stream(\s|$)/.test(configure)) return (build = { prelude: [] });
  if (!configure.includes('--with-stream=dynamic')) return (build = 'this nginx has no stream module');
  const modules = /--modules-path=(\S+)/.exec(configure)?.[1] ?? '/usr/lib/nginx/modules';
  const module = path.join(modules, 'ngx_stream_module.so');
  if (!existsSync(module)) return (build = `nginx's stream module is not installed: no ${module} (apt-get install libnginx-mod-stream; CI installs it in .ci/run)`);
  return (build = { prelude: [`load_module ${module};`] });
}

/** Why nginx rows cannot run here, or undefined when they can. */
export function nginxMissing(): string | undefined {
  const found = nginxBuild();
  return typeof found === 'string' ? found : undefined;
}

/**
 * Writes `<dir>/nginx.conf`: the row's config with the housekeeping around it. Temp paths
 * are `http`-level directives, so they go first into the config's `http {` block.
 */
export function writeNginxRunConfig(operatorConfig: string, dir: string): string {
  const found = nginxBuild();
  if (typeof found === 'string') throw new Error(found);
  mkdirSync(dir, { recursive: true });
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `${kind}_temp_path ${path.join(dir, kind)};`);
  const http = /^(\s*http\s*\{)/m;
  const body = http.test(operatorConfig) ? operatorConfig.replace(http, `$1\n    ${[...temp, 'access_log off;'].join('\n    ')}`) : operatorConfig;
  const prelude = [...found.prelude, `pid ${path.join(dir, 'nginx.pid')};`, 'error_log stderr warn;'];
  const file = path.join(dir, 'nginx.conf');
  writeFileSync(file, `# truth harness: ${found.prelude.length > 0 ? 'stream module, ' : ''}pid and logs for this run\n${prelude.join('\n')}\n\n${body}`);
  return file;
}

/** Checks the config (`nginx -t`), starts it, and waits until `port` accepts connections. */
export async function startNginx(runConfig: string, port: number): Promise<LbProcess> {
  const args = ['-c', runConfig, '-p', path.dirname(runConfig), '-g', 'daemon off;'];
  const check = spawnSync(NGINX, ['-t', '-q', ...args], { encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`nginx -t rejected ${runConfig}:\n${check.stdout}${check.stderr}`);
  return startLbProcess('nginx', NGINX, args, port);
}
