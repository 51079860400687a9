import { describe, expect, it } from 'vitest';
import { cloneNode, fromPlain, nodesEqual, scalar, str, toPlain, type YNode } from '../../../src/yaml/node.js';
import { parseYaml } from '../../../src/yaml/yaml.js';
import { applyOps, changedDocument, opsForChanges, opsFromFile, renderOpsFile, type Change } from '../../../src/bosh/patch/index.js';

const MANIFEST = `
name: cf
releases:
- {name: capi, version: "1.0"}
- {name: "routing?", version: latest}
stemcells:
- {alias: default, os: ubuntu-jammy}
instance_groups:
- name: router
  azs: [z1, z2]
  jobs:
  - name: gorouter
    properties: ~
- name: api
  networks:
  - {name: default, static_ips: [10.0.0.1]}
  jobs:
  - {name: cloud_controller_ng, properties: {cc: {"0": zero, "a=b": c, "x?": y, "-": dash, "m/n:o~p": q, 1: int}}}
subnets:
- {range: 10.0.0.0/24}
- {range: 10.0.1.0/24}
`;

const set = (path: Change['path'], value: unknown): Change => ({ kind: 'set', path, value: typeof value === 'object' && value && 'kind' in value ? (value as YNode) : fromPlain(value) });
const remove = (path: Change['path']): Change => ({ kind: 'remove', path });

/** The written ops as `type path [value]` lines, the way a reviewer reads them. */
function written(changes: Change[]): string[] {
  const base = parseYaml(MANIFEST, 'manifest.yml');
  return opsForChanges(base, changes).map((op) => [op.type, op.path, ...(op.value ? [JSON.stringify(toPlain(op.value))] : [])].join(' '));
}

describe('opsForChanges', () => {
  it.each<[string, Change[], unknown[]]>([
    [
      'a new nested key under a null parent replaces the parent',
      [set(['instance_groups', 0, 'jobs', 0, 'properties', 'router', 'port'], 80)],
      ['replace /instance_groups/name=router/jobs/name=gorouter/properties {"router":{"port":80}}'],
    ],
    [
      'a new nested key under a map gets one sticky "?"',
      [set(['instance_groups', 1, 'jobs', 0, 'properties', 'uaa', 'tls', 'port'], 443)],
      ['replace /instance_groups/name=api/jobs/name=cloud_controller_ng/properties/uaa?/tls/port 443'],
    ],
    ['an existing key is replaced without "?"', [set(['name'], 'cf2')], ['replace /name "cf2"']],
    ['an unchanged value writes nothing', [set(['name'], 'cf')], []],
    ['stemcells are named by alias', [set(['stemcells', 0, 'version'], '1.1')], ['replace /stemcells/alias=default/version? "1.1"']],
    ['a removed item is named, and optional so it can run twice', [remove(['instance_groups', 0])], ['remove /instance_groups/name=router?']],
    ['a removed key is optional too', [remove(['instance_groups', 0, 'azs'])], ['remove /instance_groups/name=router/azs?']],
    ['removing what is missing writes nothing', [remove(['instance_groups', 0, 'nope', 'deeper'])], []],
    ['an appended named item is an upsert', [set(['instance_groups', 2], { name: 'lb', instances: 1 })], ['replace /instance_groups/name=lb? {"name":"lb","instances":1}']],
    ['an item appended with a new key path', [set(['instance_groups', 2, 'name'], 'lb')], ['replace /instance_groups/name=lb? {"name":"lb"}']],
    ['a rename addresses the old name', [set(['instance_groups', 0, 'name'], 'gorouter')], ['replace /instance_groups/name=router/name "gorouter"']],
    ['a scalar array is replaced whole', [set(['instance_groups', 0, 'azs', 1], 'z3')], ['replace /instance_groups/name=router/azs ["z1","z3"]']],
    ['an array of unnamed maps is replaced whole', [remove(['subnets', 0])], ['replace /subnets [{"range":"10.0.1.0/24"}]']],
    ['a name ending in "?" cannot be written, so the array is replaced', [set(['releases', 1, 'version'], '2')], ['replace /releases [{"name":"capi","version":"1.0"},{"name":"routing?","version":"2"}]']],
    ['a change that would duplicate a name replaces the array', [set(['instance_groups', 1, 'name'], 'router')], [expect.stringMatching(/^replace \/instance_groups \[/)]],
    ['"/", ":" and "~" are escaped', [set(['instance_groups', 1, 'jobs', 0, 'properties', 'cc', 'm/n:o~p'], 'r')], ['replace /instance_groups/name=api/jobs/name=cloud_controller_ng/properties/cc/m~1n~7o~0p "r"']],
    ...(['0', 'a=b', 'x?'] as const).map((key): [string, Change[], unknown[]] => [
      `the key ${JSON.stringify(key)} cannot be written, so its map is replaced`,
      [set(['instance_groups', 1, 'jobs', 0, 'properties', 'cc', key], 'new')],
      [expect.stringMatching(/^replace \/instance_groups\/name=api\/jobs\/name=cloud_controller_ng\/properties\/cc \{/)],
    ]),
    // A walk may end at any key it passes, and a final "-" means "append".
    ['"-" is never written as a key', [set(['instance_groups', 1, 'jobs', 0, 'properties', 'cc', '-', 'x'], 1)], [expect.stringMatching(/\/properties\/cc \{/)]],
    ['a non-string key (1:) cannot be written', [remove(['instance_groups', 1, 'jobs', 0, 'properties', 'cc', 1])], [expect.stringMatching(/\/properties\/cc \{/)]],
    ['null cannot be a value, so the parent is replaced', [set(['instance_groups', 0, 'azs'], null)], [expect.stringMatching(/^replace \/instance_groups\/name=router \{"name":"router","azs":null,/)]],
    ['a new key chain stops before a null', [set(['new', 'a', 'b'], null)], ['replace /new?/a {"b":null}']],
    ['a new key chain stops at an index', [set(['new', 'list', 0, 'x'], 1)], ['replace /new?/list [{"x":1}]']],
    ['setting through a scalar replaces it', [set(['name', 'x'], 1)], ['replace /name {"x":1}']],
    ['the whole document', [set([], { a: 1 })], ['replace  {"a":1}']],
    [
      'later changes see earlier ones',
      [set(['instance_groups', 2], { name: 'lb' }), set(['instance_groups', 2, 'instances'], 2), remove(['instance_groups', 0])],
      ['replace /instance_groups/name=lb? {"name":"lb"}', 'replace /instance_groups/name=lb/instances? 2', 'remove /instance_groups/name=router?'],
    ],
  ])('%s', (_, changes, expected) => {
    expect(written(changes)).toEqual(expected);
  });

  it.each<[string, Change]>([
    ['removing the whole document', remove([])],
    ['setting the whole document to null', set([], null)],
    ['an index past the end', set(['subnets', 3], 'x')],
  ])('refuses %s', (_, change) => {
    expect(() => written([change])).toThrow();
  });

  it('writes ops that make exactly the changed document, and again on a second run', () => {
    const base = parseYaml(MANIFEST, 'manifest.yml');
    const changes = [
      set(['instance_groups', 0, 'jobs', 0, 'properties', 'router', 'port'], 80),
      set(['instance_groups', 2], { name: 'lb', azs: ['z1'] }),
      set(['releases', 0, 'version'], str('yes')),
      remove(['instance_groups', 1, 'jobs', 0, 'properties', 'cc', 'a=b']),
      set(['stemcells', 0, 'os'], '0755'),
    ];
    const text = renderOpsFile(opsForChanges(base, changes));
    const ops = opsFromFile(parseYaml(text, 'fix.yml'), 'fix.yml');
    const once = applyOps(parseYaml(MANIFEST, 'manifest.yml'), ops);
    expect(nodesEqual(once, changedDocument(base, changes))).toBe(true);
    expect(nodesEqual(applyOps(once, ops), once)).toBe(true);
  });
});

describe('renderOpsFile', () => {
  it('writes yaml.v2 scalars, go-patch field order and comments', () => {
    const text = renderOpsFile([
      { type: 'replace', path: '/a?', value: fromPlain({ on: 'yes', n: ['0755', 1.5, null] }), comment: 'Why:\n  because' },
      { type: 'remove', path: '/b #c' },
      { type: 'test', path: '', absent: true, error: 'e' },
      { type: 'replace', path: '/m', value: str('line1\nline2') },
    ]);
    expect(text).toBe(
      [
        '# Why:',
        '#   because',
        '- type: replace',
        '  path: /a?',
        '  value:',
        '    "n":',
        '    - "0755"',
        '    - 1.5',
        '    - null',
        '    "on": "yes"',
        '- type: remove',
        "  path: '/b #c'",
        '- type: test',
        '  path: ""',
        '  absent: true',
        '  error: e',
        '- type: replace',
        '  path: /m',
        '  value: |-',
        '    line1',
        '    line2',
        '',
      ].join('\n'),
    );
  });

  it('writes an empty list for no ops', () => {
    expect(renderOpsFile([])).toBe('[]\n');
    expect(opsFromFile(parseYaml('[]\n', 'x.yml'), 'x.yml')).toEqual([]);
  });
});

describe('opsForChanges leaves its base alone', () => {
  it('does not change the document it writes against, for one change or several', () => {
    const base = parseYaml('instance_groups:\n- name: api\n  jobs:\n  - name: cloud_controller_ng\n    properties: {}\n', 'm.yml');
    const before = cloneNode(base);
    const port = ['instance_groups', 0, 'jobs', 0, 'properties', 'doppler', 'port'];
    opsForChanges(base, [{ kind: 'set', path: port, value: scalar('int', 4443) }]);
    opsForChanges(base, [
      { kind: 'set', path: port, value: scalar('int', 4443) },
      { kind: 'remove', path: ['instance_groups', 0, 'jobs', 0, 'properties'] },
    ]);
    expect(nodesEqual(base, before)).toBe(true);
  });
});
