// Case-level mutation: picks a file of the input (model.json, a weight shard, an .h5, a zip) and
// applies 1–5 mutations suited to its content. Every step is named so a failure can be explained.
import { BYTE_MUTATORS } from './mutate-bytes.mjs';
import { MAX_TEXT, jsonMutators, toText } from './mutate-json.mjs';
import { buildZip, parseZip, zipMutators } from './zip.mjs';

/** a file this large got its size from an earlier step; mutating it again only slows the fuzzer */
const BIG_FILE = 256 * 1024;
const utf8 = new TextDecoder('utf-8', { fatal: true });

export function kindOf(bytes) {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return 'zip';
  if (bytes[0] === 0x89 && bytes[1] === 0x48 && bytes[2] === 0x44 && bytes[3] === 0x46) return 'h5';
  const head = new TextDecoder().decode(bytes.subarray(0, 64)).trimStart();
  if (head.startsWith('{') || head.startsWith('[')) return 'json';
  return 'bin';
}

export class Mutator {
  /** classNames: the layer classes kerascope knows, to retype layers into */
  constructor(classNames) {
    this.json = jsonMutators(classNames);
    this.zip = zipMutators((rng, name, bytes) => this.mutateBytes(rng, bytes, { name, others: [], hints: [] }, []).bytes);
  }

  /** Returns a mutated copy of `seed` ({format, files, hints}) and the steps taken. */
  mutateCase(rng, seed, others) {
    const files = seed.files.map((f) => ({ ...f }));
    const trail = [];
    for (let n = 1 + rng.small(4); n > 0; n--) {
      // The opened file most of the time; the rest go to shards beside it.
      const i = files.length > 1 && rng.chance(0.4) ? 1 + rng.int(files.length - 1) : 0;
      const f = files[i];
      if (f.bytes.length > BIG_FILE) break;
      if (i > 0 && rng.chance(0.1)) {
        files.splice(i, 1);
        trail.push(`drop ${f.name}`);
        continue;
      }
      const sameKind = others.flatMap((o) => o.files).filter((o) => kindOf(o.bytes) === kindOf(f.bytes)).map((o) => o.bytes);
      const r = this.mutateBytes(rng, f.bytes, { name: f.name, others: sameKind, hints: seed.hints ?? [] }, trail);
      files[i] = { ...f, bytes: r.bytes };
    }
    return { format: seed.format, files, trail };
  }

  mutateBytes(rng, bytes, ctx, trail) {
    const kind = kindOf(bytes);
    if (kind === 'json' && rng.chance(0.75)) {
      const out = this.mutateJson(rng, bytes, trail);
      if (out) return { bytes: out };
    }
    if (kind === 'zip' && rng.chance(0.7)) {
      const out = this.mutateZip(rng, bytes, trail);
      if (out) return { bytes: out };
    }
    const name = rng.pick(kind === 'h5' || kind === 'bin' ? BINARY_WEIGHTED : TEXT_WEIGHTED);
    trail.push(`${name} ${ctx.name}`);
    return { bytes: BYTE_MUTATORS[name](rng, bytes, name === 'spliceOther' ? ctx.others : ctx.hints) };
  }

  mutateJson(rng, bytes, trail) {
    let tree;
    try {
      tree = JSON.parse(utf8.decode(bytes));
    } catch {
      return null;
    }
    const ctx = { root: tree, raws: [] };
    try {
      for (let n = 1 + rng.small(3); n > 0; n--) {
        const set = rng.chance(0.12) ? this.json.big : this.json.small;
        const name = rng.pick(Object.keys(set));
        trail.push(name);
        ctx.root = set[name](rng, ctx);
        // Huge or deep values go last: walking them again would only slow the fuzzer down.
        if (ctx.big) break;
      }
      const text = toText(ctx.root, ctx.raws);
      return text.length <= 2 * MAX_TEXT ? new TextEncoder().encode(text) : null;
    } catch (e) {
      // An earlier step nested the text a million deep: too deep to walk again; mutate bytes instead.
      if (e instanceof RangeError) return null;
      throw e;
    }
  }

  mutateZip(rng, bytes, trail) {
    const entries = parseZip(bytes);
    if (!entries || !entries.length) return null;
    const name = rng.pick(Object.keys(this.zip));
    trail.push(name);
    const opts = this.zip[name](rng, entries);
    return buildZip(entries, opts);
  }
}

// Binary containers are most fragile in their length, count and size fields.
const BINARY_WEIGHTED = ['flipBits', 'setBytes', 'truncate', 'deleteChunk', 'insertRandom', 'duplicateChunk', 'spliceOther', 'inflateInt', 'inflateKnown', 'inflateKnown', 'inflateKnown', 'inflateInt'];
const TEXT_WEIGHTED = ['flipBits', 'setBytes', 'truncate', 'deleteChunk', 'insertRandom', 'duplicateChunk', 'spliceOther'];
