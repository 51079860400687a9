/**
 * Runs Debian's `haproxy` in the foreground on a loopback config. Every process started is
 * stopped by `stopAllHaproxies()` (afterAll) and, should the test runner die first, killed by
 * a process-exit hook, so no HAProxy outlives the tests.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';

const running = new Set<ChildProcess>();

process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export function haproxyAvailable(): boolean {
  return spawnSync('haproxy', ['-v'], { stdio: 'ignore' }).status === 0;
}

export interface Haproxy {
  stop(): Promise<void>;
}

/** Checks the config (`haproxy -c`), starts it, and waits until `port` accepts connections. */
export async function startHaproxy(configFile: string, port: number): Promise<Haproxy> {
  const check = spawnSync('haproxy', ['-c', '-q', '-f', configFile], { encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`haproxy -c rejected ${configFile}:\n${check.stdout}${check.stderr}`);

  // -db: stay in the foreground, so the child is HAProxy itself and killing it stops it.
  const child = spawn('haproxy', ['-db', '-f', configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
  running.add(child);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const handle: Haproxy = { stop: () => stop(child) };
  try {
    await waitForPort(port, child);
  } catch (error) {
    await handle.stop();
    throw new Error(`haproxy did not start on port ${port}: ${(error as Error).message}\n${stderr}`);
  }
  return handle;
}

export async function stopAllHaproxies(): Promise<void> {
  await Promise.all([...running].map(stop));
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    running.delete(child);
    return;
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
  await exited;
  clearTimeout(timer);
  running.delete(child);
}

async function waitForPort(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`haproxy exited with status ${child.exitCode}`);
    if (await accepts(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('timed out after 5 s');
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
