/**
 * Where a BOSH job's properties come from. In a v2 manifest (cf-deployment), job-level
 * `properties` win completely: "If properties are specified, only these will be provided
 * to the job and instance group properties will be ignored" (docs-bosh manifest-v2.md);
 * otherwise instance-group properties, then global `properties` (both deprecated) apply.
 * In a cf-release v1 manifest, a job's `properties` override the global ones key by key.
 */
import { entryOf, get, getIn, isMap, isSeq, type MapNode, type SourcePos, type YNode } from '../yaml/node.js';
import { asBoolean, asNumber, placeholderIn, type Fact, type PathSeg } from './fact.js';

export interface JobInstance {
  instanceGroup: string;
  job: string;
  release?: string;
  /** False when the instance group deploys no VMs (`instances: 0`): its job runs nowhere. */
  deployed: boolean;
  /** The job's map in the manifest, for a location when a property is not set. */
  node: MapNode;
  /** Property sources in precedence order, each with its path in the document. */
  sources: Array<{ props: MapNode; path: PathSeg[] }>;
  /** Where a fix should create a property that is set nowhere. */
  defaultPath: PathSeg[];
}

function stringField(node: YNode, key: string): string | undefined {
  const value = isMap(node) ? get(node, key) : undefined;
  return value?.kind === 'scalar' && value.type === 'str' ? (value.value as string) : undefined;
}

function deployed(group: YNode): boolean {
  const instances = isMap(group) ? get(group, 'instances') : undefined;
  return !(instances?.kind === 'scalar' && instances.value === 0);
}

function nameOf(node: YNode): string | undefined {
  const name = isMap(node) ? get(node, 'name') : undefined;
  return name?.kind === 'scalar' && name.value !== null ? String(name.value) : undefined;
}

/** Every job of a v2 manifest (`instance_groups[].jobs[]`), with its property sources. */
export function v2Jobs(root: YNode): JobInstance[] {
  const groups = isMap(root) ? get(root, 'instance_groups') : undefined;
  const global = isMap(root) ? get(root, 'properties') : undefined;
  if (!isSeq(groups)) return [];
  const found: JobInstance[] = [];
  groups.items.forEach((group, g) => {
    const jobs = isMap(group) ? get(group, 'jobs') : undefined;
    const igName = nameOf(group);
    if (!isMap(group) || !isSeq(jobs) || igName === undefined) return;
    const igProps = get(group, 'properties');
    jobs.items.forEach((job, j) => {
      const jobName = nameOf(job);
      if (!isMap(job) || jobName === undefined) return;
      const jobPath: PathSeg[] = ['instance_groups', g, 'jobs', j];
      const jobProps = get(job, 'properties');
      let sources: JobInstance['sources'];
      if (isMap(jobProps) || (job.entries.some((e) => e.key.value === 'properties'))) {
        sources = isMap(jobProps) ? [{ props: jobProps, path: [...jobPath, 'properties'] }] : [];
      } else {
        sources = [];
        if (isMap(igProps)) sources.push({ props: igProps, path: ['instance_groups', g, 'properties'] });
        if (isMap(global)) sources.push({ props: global, path: ['properties'] });
      }
      // A job without its own properties but with inherited ones keeps inheriting: adding a
      // job-level block would hide every instance-group and global property from it.
      const defaultPath = sources.length > 0 ? sources[0]!.path : [...jobPath, 'properties'];
      found.push({ instanceGroup: igName, job: jobName, release: stringField(job, 'release'), deployed: deployed(group), node: job, sources, defaultPath });
    });
  });
  return found;
}

/** Every job template of a cf-release v1 manifest (`jobs[].templates[]`). */
export function v1Jobs(root: YNode): JobInstance[] {
  const jobs = isMap(root) ? get(root, 'jobs') : undefined;
  const global = isMap(root) ? get(root, 'properties') : undefined;
  if (!isSeq(jobs)) return [];
  const found: JobInstance[] = [];
  jobs.items.forEach((job, j) => {
    const templates = isMap(job) ? get(job, 'templates') : undefined;
    const jobName = nameOf(job);
    if (!isMap(job) || !isSeq(templates) || jobName === undefined) return;
    const sources: JobInstance['sources'] = [];
    const own = get(job, 'properties');
    if (isMap(own)) sources.push({ props: own, path: ['jobs', j, 'properties'] });
    if (isMap(global)) sources.push({ props: global, path: ['properties'] });
    for (const template of templates.items) {
      const templateName = nameOf(template);
      if (templateName === undefined) continue;
      found.push({ instanceGroup: jobName, job: templateName, release: stringField(template, 'release'), deployed: deployed(job), node: job, sources, defaultPath: ['properties'] });
    }
  });
  return found;
}

/** The raw node of a property (`['doppler', 'port']`) as the job would see it. */
export function propertyNode(job: JobInstance, keys: readonly string[]): { node: YNode; path: PathSeg[] } | undefined {
  for (const source of job.sources) {
    const node = getIn(source.props, keys);
    if (node !== undefined && !(node.kind === 'scalar' && node.type === 'null')) return { node, path: [...source.path, ...keys] };
  }
  return undefined;
}

/**
 * For a property that is not set, the deepest key on its way that is written (cf-release's
 * global `logger_endpoint: null`, a `doppler:` block without `port`): the place a reader
 * looks, rather than the job.
 */
function nearestWrittenKey(job: JobInstance, keys: readonly string[]): SourcePos | undefined {
  let best: { depth: number; pos: SourcePos } | undefined;
  for (const source of job.sources) {
    let node: YNode | undefined = source.props;
    for (let depth = 0; depth < keys.length && isMap(node); depth++) {
      const entry = entryOf(node, keys[depth]!);
      if (!entry) break;
      const pos = entry.key.pos ?? entry.value.pos;
      if (pos && (best === undefined || depth + 1 > best.depth)) best = { depth: depth + 1, pos };
      node = entry.value;
    }
  }
  return best?.pos;
}

function fact<T>(
  job: JobInstance,
  keys: readonly string[],
  fallback: T,
  read: (node: YNode) => T | 'unknown' | undefined,
): Fact<T> {
  const found = propertyNode(job, keys);
  const value = found ? read(found.node) : undefined;
  if (found && value !== undefined) {
    const placeholder = placeholderIn(found.node);
    return {
      value,
      isDefault: false,
      pos: found.node.pos,
      aliasPos: found.node.aliasPos,
      path: found.path,
      ...(placeholder && value === 'unknown' ? { placeholder } : {}),
    };
  }
  const pos: SourcePos | undefined = nearestWrittenKey(job, keys) ?? job.node.pos;
  return { value: fallback, isDefault: true, pos, path: [...job.defaultPath, ...keys] };
}

export function numberProperty(job: JobInstance, keys: readonly string[], fallback: number): Fact<number> {
  return fact(job, keys, fallback, asNumber);
}

export function booleanProperty(job: JobInstance, keys: readonly string[], fallback: boolean): Fact<boolean> {
  return fact(job, keys, fallback, asBoolean);
}

export function optionalNumberProperty(job: JobInstance, keys: readonly string[]): Fact<number | undefined> {
  return fact<number | undefined>(job, keys, undefined, asNumber);
}
