/** Debian's `haproxy` in the foreground (`-db`) on a loopback config, as an `LbProcess`. */
import { spawnSync } from 'node:child_process';
import { executable, startLbProcess, type LbProcess } from './lb-process.js';

const HAPROXY = executable('haproxy');

/** Why HAProxy rows cannot run here, or undefined when they can. */
export function haproxyMissing(): string | undefined {
  return spawnSync(HAPROXY, ['-v'], { stdio: 'ignore' }).status === 0 ? undefined : 'haproxy is not installed (apt-get install haproxy; CI installs it in .ci/run)';
}

/** Checks the config (`haproxy -c`), starts it, and waits until `port` accepts connections. */
export async function startHaproxy(configFile: string, port: number): Promise<LbProcess> {
  const check = spawnSync(HAPROXY, ['-c', '-q', '-f', configFile], { encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`haproxy -c rejected ${configFile}:\n${check.stdout}${check.stderr}`);
  return startLbProcess('haproxy', HAPROXY, ['-db', '-f', configFile], port);
}
