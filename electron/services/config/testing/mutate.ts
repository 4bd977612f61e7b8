/**
 * Config texts for the differential test: start from a real config and apply mutations that
 * probe how Go decodes — key casing (Unicode folds too), unknown keys, wrong types, nulls,
 * duplicate keys, deleted fields, odd interface type strings, numbers for uint32, syntax slips.
 * Works on a tiny text tree (not JS objects) so duplicates and key order survive; every op is
 * driven by fast-check integers, so failures shrink and replay. Test helper only, not shipped.
 */
import fc from 'fast-check';

export type TNode = { t: 'obj'; members: [string, TNode][] } | { t: 'arr'; items: TNode[] } | { t: 'lit'; text: string };

export function fromJs(v: unknown): TNode {
  if (Array.isArray(v)) return { t: 'arr', items: v.map(fromJs) };
  if (v && typeof v === 'object') return { t: 'obj', members: Object.entries(v).map(([k, x]) => [k, fromJs(x)]) };
  return { t: 'lit', text: JSON.stringify(v) };
}

export function print(n: TNode, trailingCommaAt = -1, counter = { i: 0 }): string {
  if (n.t === 'lit') return n.text;
  const mine = counter.i++;
  const comma = mine === trailingCommaAt ? ',' : '';
  if (n.t === 'arr') return `[${n.items.map((x) => print(x, trailingCommaAt, counter)).join(', ')}${n.items.length ? comma : ''}]`;
  return `{${n.members.map(([k, x]) => `${k.startsWith('\u0000raw:') ? k.slice(5) : JSON.stringify(k)}: ${print(x, trailingCommaAt, counter)}`).join(', ')}${n.members.length ? comma : ''}}`;
}

/** All containers, in print order, with their parent chain (for picking targets by index). */
function containers(n: TNode, out: TNode[] = []): TNode[] {
  if (n.t === 'lit') return out;
  out.push(n);
  if (n.t === 'arr') n.items.forEach((x) => containers(x, out));
  else n.members.forEach(([, x]) => containers(x, out));
  return out;
}

const clone = (n: TNode): TNode => JSON.parse(JSON.stringify(n)) as TNode;

const ODD_TYPES = [
  'docker.networkdriver/1.0',
  'docker.networkdriver',
  'networkdriver/1.0',
  '',
  'a.b.c/1.0/2',
  './x',
  'docker.ipamdriver/2.0',
  'Docker.NetworkDriver/1.0',
  'docker.volumedriver/9',
  'docker.authz',
  '.',
  'x.',
  'd\u00e9.v/1',
];
const ODD_TYPE_TEXTS = [...ODD_TYPES.map((s) => JSON.stringify(s)), '"docker.a\\/1.0"', '"docker.\\u006eet/1.0"', 'null', '1', '{}', '[]', 'true'];
const UNKNOWN_KEYS = ['mount', 'ipc', 'manifestVersion', 'hooks', 'capabilities', 'socket', 'devices', 'x-extra', 'entrypoints', 'Typ', 'Sources'];
const WRONG_VALUES = ['1', '-1', '1.5', '1e2', '"str"', 'true', 'false', '[]', '[1]', '["a"]', '{}', '{"a":1}', 'null', '""', '[null]', '4294967295', '4294967296', '0', '-0', '"\\ud800"', '"\\u00e9"'];
const UINT_TEXTS = ['0', '1', '-1', '1.5', '1e2', '1.0', '4294967295', '4294967296', '-0', '"1"', 'null', '123456789012345678901234567890'];

/** Unicode folds Go accepts for ASCII letters (ſ = s, K = k) and plain recasing. */
function recase(key: string, seed: number): string {
  const mode = seed % 5;
  if (mode === 0) return key.toLowerCase();
  if (mode === 1) return key.toUpperCase();
  if (mode === 2) return key.replace(/s/gi, '\u017f');
  if (mode === 3) return key.replace(/k/gi, '\u212a');
  return [...key].map((c, i) => ((seed >> i % 16) & 1 ? c.toUpperCase() : c.toLowerCase())).join('');
}

export type Op = { kind: number; a: number; b: number; c: number };

export const opArb: fc.Arbitrary<Op> = fc.record({ kind: fc.nat(13), a: fc.nat(1000), b: fc.nat(1000), c: fc.nat(1000) });

/** Apply ops; returns the text plus a label of what was done (printed on failure). */
export function mutate(base: TNode, ops: Op[]): { text: string; label: string[] } {
  const doc = clone(base);
  const label: string[] = [];
  let trailingComma = -1;
  let prefix = '';
  let suffix = '';
  for (const op of ops) {
    const cs = containers(doc);
    const objs = cs.filter((x): x is Extract<TNode, { t: 'obj' }> => x.t === 'obj');
    const arrs = cs.filter((x): x is Extract<TNode, { t: 'arr' }> => x.t === 'arr');
    const obj = objs[op.a % objs.length];
    const member = obj.members.length ? obj.members[op.b % obj.members.length] : null;
    switch (op.kind) {
      case 0:
      case 1:
        if (member) {
          member[0] = recase(member[0], op.c);
          label.push(`recase ${member[0]}`);
        }
        break;
      case 2:
        obj.members.splice(op.b % (obj.members.length + 1), 0, [UNKNOWN_KEYS[op.c % UNKNOWN_KEYS.length], { t: 'lit', text: WRONG_VALUES[op.b % WRONG_VALUES.length] }]);
        label.push('unknown key');
        break;
      case 3:
        if (member) {
          member[1] = { t: 'lit', text: WRONG_VALUES[op.c % WRONG_VALUES.length] };
          label.push(`${member[0]} = ${WRONG_VALUES[op.c % WRONG_VALUES.length]}`);
        }
        break;
      case 4:
        if (member) {
          member[1] = { t: 'lit', text: 'null' };
          label.push(`${member[0]} = null`);
        }
        break;
      case 5:
        if (member) {
          const other = obj.members[op.c % obj.members.length];
          obj.members.push([recase(member[0], op.c), clone(op.c % 2 ? other[1] : member[1])]);
          label.push(`duplicate ${member[0]}`);
        }
        break;
      case 6:
        if (member) {
          obj.members.splice(obj.members.indexOf(member), 1);
          label.push(`delete ${member[0]}`);
        }
        break;
      case 7: {
        // Odd interface types, put where the engine reads them.
        const iface = doc.t === 'obj' ? doc.members.find(([k]) => k.toLowerCase() === 'interface') : undefined;
        const items = [ODD_TYPE_TEXTS[op.b % ODD_TYPE_TEXTS.length], ODD_TYPE_TEXTS[op.c % ODD_TYPE_TEXTS.length]].slice(0, 1 + (op.a % 2)).map((text) => ({ t: 'lit', text }) as TNode);
        const types: TNode = { t: 'arr', items };
        if (iface && iface[1].t === 'obj') iface[1].members.push(['types', types]);
        else if (doc.t === 'obj') doc.members.push(['interface', { t: 'obj', members: [['types', types]] }]);
        label.push(`types ${print(types)}`);
        break;
      }
      case 8: {
        const user: TNode = { t: 'obj', members: [[op.b % 2 ? 'uid' : 'GID', { t: 'lit', text: UINT_TEXTS[op.c % UINT_TEXTS.length] }]] };
        if (doc.t === 'obj') doc.members.push(['user', user]);
        label.push(`user ${print(user)}`);
        break;
      }
      case 9:
        if (op.c % 4 === 0) {
          trailingComma = op.a % cs.length;
          label.push('trailing comma');
        }
        break;
      case 10: {
        // Rare syntax slips: a leading BOM, a comment line, text after the end.
        const pick = op.c % 12;
        if (pick === 0) prefix = '\ufeff';
        else if (pick === 1) prefix = '## a comment\n';
        else if (pick === 2) suffix = ' x';
        else if (pick === 3) suffix = '\n\n';
        if (pick < 4) label.push(`slip ${pick}`);
        break;
      }
      case 11:
        if (arrs.length) {
          const arr = arrs[op.a % arrs.length];
          arr.items.push({ t: 'lit', text: WRONG_VALUES[op.c % WRONG_VALUES.length] });
          label.push(`array item ${WRONG_VALUES[op.c % WRONG_VALUES.length]}`);
        }
        break;
      case 12:
        if (arrs.length) {
          const arr = arrs[op.a % arrs.length];
          if (arr.items.length) arr.items.splice(op.b % arr.items.length, 1);
          label.push('array item removed');
        }
        break;
      case 13:
        if (member) {
          member[1] = { t: 'lit', text: JSON.stringify(['a', 'b\u00e9', '\u2028'][op.c % 3]) };
          label.push(`${member[0]} = string`);
        }
        break;
    }
  }
  return { text: prefix + print(doc, trailingComma) + suffix, label };
}
