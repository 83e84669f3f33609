// A reader for CPython `marshal` data that walks the byte structure of a code object only far
// enough to list what it references. Nothing is executed and no Python object is built: the result
// is plain data (strings, numbers, nested code summaries). The format has no version header, so the
// CPython version is inferred from the code-object field layout (see `CODE_LAYOUTS`).

/** Upper bounds for hostile input: marshal nesting and element counts. */
export const MAX_MARSHAL_DEPTH = 64;
export const MAX_MARSHAL_ITEMS = 100_000;

/** Which CPython versions a code-object layout belongs to. */
export type PythonRange = '2.x' | '3.0-3.7' | '3.8-3.10' | '3.11+';

/** What a marshalled code object references, without its bytecode. */
export interface CodeSummary {
  name: string;
  filename: string;
  /** global and attribute names the bytecode uses (`co_names`) */
  names: string[];
  /** string constants (`co_consts`), e.g. the `'os'` in `__import__('os')` */
  strings: string[];
  /** code objects among the constants (nested lambdas, comprehensions) */
  nested: CodeSummary[];
  /** first bytecode byte: the opcode that refines a 3.11+ version guess */
  firstOpcode: number | null;
}

export interface MarshalCode {
  layout: PythonRange;
  code: CodeSummary;
}

export class MarshalError extends Error {}

type Value = null | boolean | number | string | Uint8Array | Value[] | CodeSummary | { dict: true } | { other: string };

interface Layout {
  range: PythonRange;
  ints: number;
  /** object fields after the leading ints, by role; `int` is a raw 4-byte field */
  fields: readonly ('code' | 'consts' | 'names' | 'tuple' | 'bytes' | 'filename' | 'name' | 'str' | 'int')[];
}

// Field layouts of TYPE_CODE, per CPython's marshal.c (w_object / r_object for code objects).
// Tried in this order; the first that parses with the right field types wins. 3.11+ and 3.0-3.7
// both start with five ints; they differ in the fifth object (bytes `co_localspluskinds` in 3.11+,
// a `co_freevars` tuple before). Python 2 (marshal version 2) has no reference flag; its strings are
// bytes (`s`), interned ones (`t`) are numbered in order of appearance and repeated as `R` + index.
const CODE_LAYOUTS: readonly Layout[] = [
  { range: '3.11+', ints: 5, fields: ['code', 'consts', 'names', 'tuple', 'bytes', 'filename', 'name', 'str', 'int', 'bytes', 'bytes'] },
  { range: '3.8-3.10', ints: 6, fields: ['code', 'consts', 'names', 'tuple', 'tuple', 'tuple', 'filename', 'name', 'int', 'bytes'] },
  { range: '3.0-3.7', ints: 5, fields: ['code', 'consts', 'names', 'tuple', 'tuple', 'tuple', 'filename', 'name', 'int', 'bytes'] },
  { range: '2.x', ints: 4, fields: ['code', 'consts', 'names', 'tuple', 'tuple', 'tuple', 'filename', 'name', 'int', 'bytes'] },
];

const FLAG_REF = 0x80;

/** Reads one marshalled code object (the `marshal.dumps(fn.__code__)` Keras stores for a Lambda). */
export function readMarshalCode(bytes: Uint8Array): MarshalCode {
  if (bytes.length === 0 || (bytes[0] & ~FLAG_REF) !== 0x63 /* 'c' */) {
    throw new MarshalError('not a marshalled code object (first byte is not TYPE_CODE)');
  }
  // When no layout fits, the one that read furthest failed for the most telling reason.
  let best: { error: MarshalError; at: number } | null = null;
  for (const layout of CODE_LAYOUTS) {
    const r = new MarshalReader(bytes, layout);
    try {
      const v = r.object(0);
      if (!isCode(v)) throw new MarshalError('not a code object');
      return { layout: layout.range, code: v };
    } catch (e) {
      if (!(e instanceof MarshalError)) throw e;
      if (!best || r.position > best.at) best = { error: e, at: r.position };
    }
  }
  throw best!.error;
}

function isCode(v: Value): v is CodeSummary {
  return typeof v === 'object' && v !== null && 'names' in v && 'nested' in v;
}

class MarshalReader {
  private pos = 0;
  get position(): number {
    return this.pos;
  }
  private readonly refs: Value[] = [];
  /** Python 2's interned strings, for `R` references */
  private readonly interned: string[] = [];
  private readonly py2: boolean;
  private items = 0;
  constructor(private readonly buf: Uint8Array, private readonly layout: Layout) {
    this.py2 = layout.range === '2.x';
  }

  private need(n: number): void {
    if (this.pos + n > this.buf.length) throw new MarshalError(`truncated marshal data at byte ${this.pos}`);
  }
  private byte(): number {
    this.need(1);
    return this.buf[this.pos++];
  }
  private int32(): number {
    this.need(4);
    const b = this.buf;
    const v = b[this.pos] | (b[this.pos + 1] << 8) | (b[this.pos + 2] << 16) | (b[this.pos + 3] << 24);
    this.pos += 4;
    return v;
  }
  private count(): number {
    const n = this.int32();
    if (n < 0 || n > this.buf.length) throw new MarshalError(`bad length ${n} at byte ${this.pos - 4}`);
    return n;
  }
  private take(n: number): Uint8Array {
    this.need(n);
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  private text(n: number, utf8: boolean): string {
    const raw = this.take(n);
    return new TextDecoder(utf8 ? 'utf-8' : 'latin1').decode(raw);
  }
  private items_(n: number, depth: number): Value[] {
    this.items += n;
    if (this.items > MAX_MARSHAL_ITEMS) throw new MarshalError('too many marshal items');
    const out: Value[] = [];
    for (let i = 0; i < n; i++) out.push(this.object(depth + 1));
    return out;
  }

  object(depth: number): Value {
    if (depth > MAX_MARSHAL_DEPTH) throw new MarshalError('marshal data nested too deeply');
    const at = this.pos;
    const tag = this.byte();
    const type = String.fromCharCode(this.py2 ? tag : tag & ~FLAG_REF);
    // CPython 3 reserves the reference slot before reading a container's children.
    const slot = !this.py2 && tag & FLAG_REF ? this.refs.push(null) - 1 : -1;
    const v = this.body(type, at, depth);
    if (slot >= 0) this.refs[slot] = v;
    return v;
  }

  private body(type: string, at: number, depth: number): Value {
    switch (type) {
      case '0': case 'N': return null;
      case 'F': return false;
      case 'T': return true;
      case 'S': case '.': return { other: type };
      case 'i': return this.int32();
      case 'I': this.take(8); return { other: 'int64' };
      case 'l': { const n = this.int32(); this.take(2 * Math.min(Math.abs(n), this.buf.length)); return { other: 'long' }; }
      case 'g': this.take(8); return { other: 'float' };
      case 'y': this.take(16); return { other: 'complex' };
      case 'f': this.take(this.byte()); return { other: 'float' };
      case 'x': this.take(this.byte()); this.take(this.byte()); return { other: 'complex' };
      case 's': return this.take(this.count());
      case 't': {
        if (!this.py2) return this.text(this.count(), true);
        const interned = this.text(this.count(), false);
        this.interned.push(interned);
        return interned;
      }
      case 'R': {
        if (!this.py2) throw new MarshalError(`unknown marshal type 0x52 at byte ${at}`);
        const i = this.count();
        if (i >= this.interned.length) throw new MarshalError(`bad string reference ${i} at byte ${at}`);
        return this.interned[i];
      }
      case 'u': return this.text(this.count(), true);
      case 'a': case 'A': return this.text(this.count(), false);
      case 'z': case 'Z': return this.text(this.byte(), false);
      case 'r': {
        const i = this.count();
        if (i >= this.refs.length) throw new MarshalError(`bad reference ${i} at byte ${at}`);
        return this.refs[i];
      }
      case '(': case '[': case '<': case '>': return this.items_(this.count(), depth);
      case ')': return this.items_(this.byte(), depth);
      case ':': return this.items_(3, depth); // slice (marshal version 5, CPython 3.14)
      case '{': {
        for (let k = 0; ; k++) {
          if (k > MAX_MARSHAL_ITEMS) throw new MarshalError('dict too large');
          if (this.buf[this.pos] === 0x30 /* '0' */) { this.pos++; return { dict: true }; }
          this.object(depth + 1);
          this.object(depth + 1);
        }
      }
      case 'c': return this.code(depth);
      default: throw new MarshalError(`unknown marshal type 0x${(type.charCodeAt(0)).toString(16)} at byte ${at}`);
    }
  }

  private code(depth: number): CodeSummary {
    for (let i = 0; i < this.layout.ints; i++) this.int32();
    const out: CodeSummary = { name: '', filename: '', names: [], strings: [], nested: [], firstOpcode: null };
    for (const field of this.layout.fields) {
      if (field === 'int') {
        this.int32();
        continue;
      }
      const read = this.object(depth + 1);
      // Python 2 names, constants and file names are byte strings (latin-1 as far as we care).
      const v = this.py2 && field !== 'code' && field !== 'bytes' ? py2Text(read) : read;
      switch (field) {
        case 'code':
          if (!(v instanceof Uint8Array)) throw new MarshalError('co_code is not bytes');
          out.firstOpcode = v.length ? v[0] : null;
          break;
        case 'consts':
          if (!Array.isArray(v)) throw new MarshalError('co_consts is not a tuple');
          collectConsts(v, out);
          break;
        case 'names':
          out.names = stringTuple(v, 'co_names');
          break;
        case 'tuple':
          stringTuple(v, 'a name tuple');
          break;
        case 'bytes':
          if (!(v instanceof Uint8Array)) throw new MarshalError('expected a bytes field');
          break;
        case 'filename': out.filename = str(v, 'co_filename'); break;
        case 'name': out.name = str(v, 'co_name'); break;
        case 'str': str(v, 'co_qualname'); break;
      }
    }
    return out;
  }
}

function py2Text(v: Value): Value {
  if (v instanceof Uint8Array) return new TextDecoder('latin1').decode(v);
  return Array.isArray(v) ? v.map(py2Text) : v;
}

function str(v: Value, what: string): string {
  if (typeof v !== 'string') throw new MarshalError(`${what} is not a string`);
  return v;
}

function stringTuple(v: Value, what: string): string[] {
  if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) throw new MarshalError(`${what} is not a tuple of strings`);
  return v as string[];
}

function collectConsts(consts: Value[], out: CodeSummary): void {
  for (const c of consts) {
    if (typeof c === 'string') out.strings.push(c);
    else if (Array.isArray(c)) collectConsts(c, out); // tuples of constants (defaults, frozen sets)
    else if (isCode(c)) out.nested.push(c);
  }
}

/** Every name and string constant of a code object and the code objects nested in it. */
export function referencedNames(code: CodeSummary): { names: string[]; strings: string[] } {
  const names = new Set<string>();
  const strings = new Set<string>();
  const stack = [code];
  while (stack.length) {
    const c = stack.pop()!;
    c.names.forEach((n) => names.add(n));
    c.strings.forEach((s) => strings.add(s));
    stack.push(...c.nested);
  }
  return { names: [...names], strings: [...strings] };
}

// First opcode of a 3.11+ function body is RESUME, whose number changed between releases.
const RESUME_OPCODES: ReadonlyMap<number, string> = new Map([
  [151, '3.11-3.12'],
  [149, '3.13'],
]);

/** The CPython version range a marshalled code object was written by, as precise as the bytes allow. */
export function pythonVersion(m: MarshalCode): string {
  if (m.layout === '3.11+' && m.code.firstOpcode !== null) return RESUME_OPCODES.get(m.code.firstOpcode) ?? '3.11+';
  return m.layout;
}
