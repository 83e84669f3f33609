// Structure-aware JSON mutations: the parsed tree is changed where a Keras config is most
// fragile (class names, layer lists, inbound references, shapes, nesting depth, sizes), then
// written back. Values JSON cannot spell (NaN, 1e999, million-deep brackets) go in as raw text.

/** deep nesting depths to try; 10^6 is the issue's own figure */
/** mutated JSON is kept below this size so the fuzzer itself stays fast */
export const MAX_TEXT = 4 * 1024 * 1024;
const DEPTHS = [100, 1000, 10_000, 100_000, 1_000_000];
const RAW = ['NaN', 'Infinity', '-Infinity', '1e999', '-1e999', '-0', '1e-400', '9007199254740993', '123456789012345678901234567890'];
const SCALARS = [null, true, false, 0, -1, 1, 2 ** 31, 2 ** 32, 2 ** 53, -(2 ** 31), 1.5, -0.5, 1e15, 1e308, '', 'x', 'None', '__proto__', 'constructor', '../../etc/passwd', '/etc/passwd', 'C:\\Windows\\win.ini', '\u0000', 'same', 'valid', 'channels_first', 'float16', 'mixed_float16', 'string'];
const KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'length', 'name', 'class_name', 'config', 'layers', 'inbound_nodes', 'batch_input_shape', 'shape', 'units', 'layer', 'module', 'registered_name'];
const MODEL_CLASSES = ['Sequential', 'Functional', 'Model'];

/** A mutation context: which class names the layer table knows (for retyping). */
export function jsonMutators(classNames) {
  const names = [...classNames, ...MODEL_CLASSES, 'InputLayer', 'TimeDistributed', 'Bidirectional', 'Lambda', 'Unknown', '__proto__', 'toString', ''];
  return {
    small: { replaceValue, deleteEntry, duplicateElement, shuffleArray, copySubtree, inflateNumber, retypeClass: retypeWith(names), renameKey, breakRef, negativeShape },
    // Inputs of megabytes: rarer, because each costs the fuzzer and kerascope far more time.
    big: { deepNest, nestModel, floodArray, stringBomb },
  };
}

/** Collects up to `max` nodes breadth-first: {parent, key, value, depth}. */
export function nodesOf(root, max = 4000) {
  const out = [];
  const queue = [{ parent: null, key: null, value: root, depth: 0 }];
  for (let i = 0; i < queue.length && out.length < max; i++) {
    const n = queue[i];
    out.push(n);
    if (n.value && typeof n.value === 'object') {
      for (const [k, v] of Object.entries(n.value)) queue.push({ parent: n.value, key: Array.isArray(n.value) ? Number(k) : k, value: v, depth: n.depth + 1 });
    }
  }
  return out;
}

/** The JSON text of a mutated tree, with raw placeholders substituted. */
export function toText(tree, raws) {
  let text = JSON.stringify(tree);
  raws.forEach((raw, i) => {
    text = text.split(JSON.stringify(placeholder(i))).join(raw);
  });
  return text;
}

function placeholder(i) {
  return `\u0001raw${i}\u0001`;
}

function addRaw(ctx, text) {
  if (text.length > 4096) ctx.big = true;
  ctx.raws.push(text);
  return placeholder(ctx.raws.length - 1);
}

function set(n, value) {
  if (n.parent === null) return value;
  n.parent[n.key] = value;
  return undefined;
}

/** Applies `fn` at a random node (or a random node matching `want`); returns the new root. */
function atNode(rng, ctx, want, fn) {
  const all = nodesOf(ctx.root).filter(want);
  if (!all.length) return ctx.root;
  const n = rng.pick(all);
  const replaced = fn(n);
  if (replaced === undefined) return ctx.root;
  const r = set(n, replaced);
  return r === undefined ? ctx.root : r;
}

const isArr = (n) => Array.isArray(n.value);
const isObj = (n) => n.value !== null && typeof n.value === 'object' && !Array.isArray(n.value);
const isLayerLike = (n) => isObj(n) && typeof n.value.class_name === 'string';
const clone = (v) => (v === undefined ? null : JSON.parse(JSON.stringify(v)));

function replaceValue(rng, ctx) {
  return atNode(rng, ctx, (n) => n.parent !== null, () =>
    rng.chance(0.25) ? addRaw(ctx, rng.pick(RAW)) : rng.chance(0.15) ? rng.pick([[], {}, [null], [-1], [0, 0]]) : rng.pick(SCALARS));
}

function deleteEntry(rng, ctx) {
  const all = nodesOf(ctx.root).filter((n) => n.parent !== null);
  if (!all.length) return ctx.root;
  const n = rng.pick(all);
  if (Array.isArray(n.parent)) n.parent.splice(n.key, 1);
  else delete n.parent[n.key];
  return ctx.root;
}

function duplicateElement(rng, ctx) {
  return atNode(rng, ctx, (n) => isArr(n) && n.value.length > 0, (n) => {
    const i = rng.int(n.value.length);
    n.value.splice(rng.int(n.value.length + 1), 0, clone(n.value[i]));
  });
}

function shuffleArray(rng, ctx) {
  return atNode(rng, ctx, (n) => isArr(n) && n.value.length > 1, (n) => {
    for (let i = n.value.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [n.value[i], n.value[j]] = [n.value[j], n.value[i]];
    }
  });
}

/** grafts one subtree in place of another (a model config inside a layer, a layer inside a shape) */
function copySubtree(rng, ctx) {
  const all = nodesOf(ctx.root);
  const from = rng.chance(0.5) ? rng.pick(all.filter(isLayerLike).concat(all[0])) : rng.pick(all);
  return atNode(rng, ctx, (n) => n.parent !== null, () => clone(from.value));
}

function inflateNumber(rng, ctx) {
  return atNode(rng, ctx, (n) => typeof n.value === 'number', (n) =>
    rng.chance(0.3) ? addRaw(ctx, rng.pick(RAW)) : rng.pick([n.value * 1e9, -n.value, n.value + 0.5, 2 ** 31, 2 ** 32 + n.value, 1e15, 2 ** 53, -(2 ** 53), 0, n.value * 65536]));
}

function deepNest(rng, ctx) {
  const d = rng.pick(DEPTHS);
  const kind = rng.int(3);
  const raw = kind === 0 ? '['.repeat(d) + ']'.repeat(d) : kind === 1 ? '{"a":'.repeat(d) + '1' + '}'.repeat(d) : '[{"class_name":"Dense","config":'.repeat(d) + '{}' + '}]'.repeat(d);
  return atNode(rng, ctx, (n) => n.parent !== null, () => addRaw(ctx, raw));
}

/** wraps a layer in k levels of Sequential models (nesting beyond the limit included), as text */
function nestModel(rng, ctx) {
  const k = rng.pick([2, 10, 63, 65, 200, 2000, 100_000]);
  return atNode(rng, ctx, isLayerLike, (n) => {
    const open = [];
    for (let i = 0; i < Math.min(k, 64); i++) {
      open.push(`{"class_name":"${rng.chance(0.7) ? 'Sequential' : 'Functional'}","config":{"name":"nest_${i}","layers":[`);
    }
    const layer = JSON.stringify(n.value);
    // Past 64 levels the same wrapper repeats: the text stays linear in k.
    const head = open.join('') + open[open.length - 1].replace(/nest_\d+/, 'nest_deep').repeat(Math.max(0, k - 64));
    return addRaw(ctx, head + layer + ']}}'.repeat(k));
  });
}

/** a list repeated to 10^4–10^6 entries, or a layer list of that many uniquely named layers (text kept under 16 MB) */
function floodArray(rng, ctx) {
  const wanted = rng.pick([10_000, 100_000, 1_000_000]);
  return atNode(rng, ctx, (x) => isArr(x) && x.value.length > 0, (x) => {
    const proto = x.value[0] ?? 0;
    const text = JSON.stringify(proto);
    const n = Math.max(1, Math.min(wanted, Math.floor(MAX_TEXT / (text.length + 16))));
    ctx.big = true;
    if (proto && typeof proto === 'object' && !Array.isArray(proto) && typeof proto.class_name === 'string') {
      const out = [];
      for (let i = 0; i < n; i++) {
        const c = clone(proto);
        if (c.config && typeof c.config === 'object') c.config.name = `flood_${i}`;
        if (typeof c.name === 'string') c.name = `flood_${i}`;
        out.push(c);
      }
      return out;
    }
    return addRaw(ctx, `[${Array(n).fill(text).join(',')}]`);
  });
}

function retypeWith(names) {
  return (rng, ctx) => atNode(rng, ctx, isLayerLike, (n) => {
    n.value.class_name = rng.pick(names);
  });
}

function renameKey(rng, ctx) {
  return atNode(rng, ctx, (n) => isObj(n) && Object.keys(n.value).length > 0, (n) => {
    const keys = Object.keys(n.value);
    const k = rng.pick(keys);
    const v = n.value[k];
    delete n.value[k];
    Object.defineProperty(n.value, rng.pick(KEYS), { value: v, enumerable: true, writable: true, configurable: true });
  });
}

/** inbound references: to itself (a cycle), to an unknown layer, to a call or tensor index out of range */
function breakRef(rng, ctx) {
  const names = nodesOf(ctx.root).filter(isLayerLike).map((n) => n.value.name ?? n.value.config?.name).filter((s) => typeof s === 'string');
  return atNode(rng, ctx, (n) => isArr(n) && typeof n.value[0] === 'string' && n.value.length >= 2, (n) => {
    const r = rng.int(4);
    if (r === 0 && names.length) n.value[0] = rng.pick(names);
    else if (r === 1) n.value[0] = 'ghost';
    else n.value[r - 1] = rng.pick([-1, 1, 2 ** 31, 1.5, 1e15, null, 'x']);
  });
}

function stringBomb(rng, ctx) {
  ctx.big = true;
  return atNode(rng, ctx, (n) => typeof n.value === 'string', () => 'A'.repeat(rng.pick([10_000, 1_000_000])));
}

/** shape lists with negative, zero, fractional, NaN or enormous dimensions */
function negativeShape(rng, ctx) {
  return atNode(rng, ctx, (n) => isArr(n) && n.value.length > 0 && n.value.every((d) => d === null || typeof d === 'number'), (n) => {
    const i = rng.int(n.value.length);
    n.value[i] = rng.chance(0.2) ? addRaw(ctx, rng.pick(['NaN', '-1e999', '1e999'])) : rng.pick([-1, 0, -(2 ** 31), 2 ** 31, 1e15, 2 ** 53, 0.5, 1e300]);
  });
}

