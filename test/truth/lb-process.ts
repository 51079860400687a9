/**
 * A real load balancer under test as a child process. It runs in its own process group, and
 * stopping it waits until the whole group is gone: nginx's master forks workers, and a worker
 * whose master died keeps serving its sockets. A process-exit hook kills every group still
 * running should the test runner die first, so no load balancer outlives the tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const running = new Set<ChildProcess>();

process.once('exit', () => {
  for (const child of running) killGroup(child, 'SIGKILL');
});

/** `name` on PATH, else in /usr/sbin, where Debian installs haproxy and nginx and a non-root PATH does not look. */
export function executable(name: string): string {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean), '/usr/sbin', '/usr/local/sbin'];
  return dirs.map((dir) => path.join(dir, name)).find((file) => existsSync(file)) ?? name;
}

export interface LbProcess {
  stop(): Promise<void>;
}

/** Starts `command` (which must stay in the foreground) and waits until `port` accepts connections. */
export async function startLbProcess(name: string, command: string, args: string[], port: number): Promise<LbProcess> {
  const child = spawn(command, args, { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  running.add(child);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const handle: LbProcess = { stop: () => stop(child) };
  try {
    await waitForPort(port, child);
  } catch (error) {
    await handle.stop();
    throw new Error(`${name} did not start on port ${port}: ${(error as Error).message}\n${stderr}`);
  }
  return handle;
}

export async function stopAllLbProcesses(): Promise<void> {
  await Promise.all([...running].map(stop));
}

/** The number of load-balancer process groups started here and not yet stopped. */
export function lbProcessesRunning(): number {
  return running.size;
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    // A negative pid names the process group `detached: true` made.
    process.kill(-child.pid!, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

function groupAlive(child: ChildProcess): boolean {
  try {
    process.kill(-child.pid!, 0);
    return true;
  } catch {
    return false;
  }
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((resolve) => child.once('exit', () => resolve()));
  killGroup(child, 'SIGTERM');
  const deadline = Date.now() + 2000;
  await Promise.race([exited, sleep(2000)]);
  while (groupAlive(child) && Date.now() < deadline) await sleep(20);
  if (groupAlive(child)) killGroup(child, 'SIGKILL');
  await exited;
  running.delete(child);
}

/** 10 s: on a busy CI machine a TLS load balancer takes seconds to come up. */
async function waitForPort(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with status ${child.exitCode}`);
    if (await accepts(port)) return;
    await sleep(20);
  }
  throw new Error('timed out after 10 s');
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

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
