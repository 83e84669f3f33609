// Walks pickle data opcode by opcode (protocols 0-5, CPython's pickletools table) and lists the
// globals it would import: GLOBAL / INST name them inline, STACK_GLOBAL takes the two strings on
// top of the stack (followed through the memo), EXT* name an entry of the copyreg registry.
// Nothing is unpickled; only string values are tracked, everything else is an opaque stack slot.

export interface PickleGlobals {
  /** `module.name` for each global, first-seen order, no repeats; `?` where a part was not a string */
  globals: string[];
  /** opcodes walked */
  opcodes: number;
  /** pickles walked (a legacy PyTorch file is several in a row) */
  pickles: number;
  /** why the walk stopped before the end of the data, if it did */
  stopped?: string;
}

/** A pickle's first bytes: PROTO 2-5 (protocol 0/1 pickles have no header and are told by name). */
export function looksLikePickle(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x80 && head[1] >= 2 && head[1] <= 5;
}

const MAX_OPCODES = 10_000_000;

// Argument layout per opcode: fixed byte count, a length prefix of n bytes, or newline-ended lines.
type Arg = { fixed: number } | { prefixed: 1 | 4 | 8 } | { lines: 1 | 2 };
const ARGS: ReadonlyMap<number, Arg> = new Map<number, Arg>([
  [0x80, { fixed: 1 }], [0x95, { fixed: 8 }], // PROTO, FRAME
  [0x4a, { fixed: 4 }], [0x4b, { fixed: 1 }], [0x4d, { fixed: 2 }], [0x47, { fixed: 8 }], // BININT*, BINFLOAT
  [0x8a, { prefixed: 1 }], [0x8b, { prefixed: 4 }], // LONG1, LONG4
  [0x54, { prefixed: 4 }], [0x55, { prefixed: 1 }], [0x58, { prefixed: 4 }], [0x8c, { prefixed: 1 }], [0x8d, { prefixed: 8 }],
  [0x42, { prefixed: 4 }], [0x43, { prefixed: 1 }], [0x8e, { prefixed: 8 }], [0x96, { prefixed: 8 }],
  [0x71, { fixed: 1 }], [0x72, { fixed: 4 }], [0x68, { fixed: 1 }], [0x6a, { fixed: 4 }], // BINPUT, LONG_BINPUT, BINGET, LONG_BINGET
  [0x82, { fixed: 1 }], [0x83, { fixed: 2 }], [0x84, { fixed: 4 }], // EXT1, EXT2, EXT4
  [0x49, { lines: 1 }], [0x4c, { lines: 1 }], [0x46, { lines: 1 }], [0x53, { lines: 1 }], [0x56, { lines: 1 }],
  [0x50, { lines: 1 }], [0x70, { lines: 1 }], [0x67, { lines: 1 }], // INT LONG FLOAT STRING UNICODE PERSID PUT GET
  [0x63, { lines: 2 }], [0x69, { lines: 2 }], // GLOBAL, INST
]);
// Opcodes without an argument (MARK, containers, BUILD, REDUCE, STACK_GLOBAL, MEMOIZE, ...).
const NO_ARG = new Set([...'()]}Nt.012aesubRldoQ'].map((c) => c.charCodeAt(0)).concat([0x85, 0x86, 0x87, 0x88, 0x89, 0x8f, 0x90, 0x91, 0x81, 0x92, 0x93, 0x94, 0x97, 0x98]));
const STRING_OPS = new Set([0x53, 0x56, 0x54, 0x55, 0x58, 0x8c, 0x8d]); // STRING UNICODE BINSTRING SHORT_BINSTRING BINUNICODE SHORT_BINUNICODE BINUNICODE8

const MARK = Symbol('mark');
type Effect = 'mark' | { pops: number | 'mark'; pushes: boolean };
const c = (ch: string) => ch.charCodeAt(0);
const EFFECTS: ReadonlyMap<number, Effect> = new Map<number, Effect>([
  [c('('), 'mark'],
  [c('t'), { pops: 'mark', pushes: true }], [c('l'), { pops: 'mark', pushes: true }], [c('d'), { pops: 'mark', pushes: true }],
  [c('o'), { pops: 'mark', pushes: true }], [0x91, { pops: 'mark', pushes: true }], // OBJ, FROZENSET
  [c('e'), { pops: 'mark', pushes: false }], [c('u'), { pops: 'mark', pushes: false }], [0x90, { pops: 'mark', pushes: false }],
  [c('1'), { pops: 'mark', pushes: false }], // POP_MARK
  [0x85, { pops: 1, pushes: true }], [0x86, { pops: 2, pushes: true }], [0x87, { pops: 3, pushes: true }], // TUPLE1-3
  [c('R'), { pops: 2, pushes: true }], [0x81, { pops: 2, pushes: true }], [0x92, { pops: 3, pushes: true }], // REDUCE, NEWOBJ(_EX)
  [c('b'), { pops: 1, pushes: false }], [c('a'), { pops: 1, pushes: false }], [c('s'), { pops: 2, pushes: false }], // BUILD APPEND SETITEM
  [c('Q'), { pops: 1, pushes: true }], [0x98, { pops: 1, pushes: true }], // BINPERSID, READONLY_BUFFER
]);

function top(stack: readonly (string | null | typeof MARK)[]): string | null {
  const v = stack[stack.length - 1];
  return typeof v === 'string' ? v : null;
}

export function pickleGlobals(bytes: Uint8Array): PickleGlobals {
  const globals = new Set<string>();
  const latin1 = new TextDecoder('latin1');
  const utf8 = new TextDecoder('utf-8');
  let pos = 0;
  let opcodes = 0;
  let pickles = 0;
  // The values pushed, as far as STACK_GLOBAL needs them: strings, or null for anything else.
  let stack: (string | null | typeof MARK)[] = [];
  let memo = new Map<string, string | null>();
  const line = (): string | null => {
    const nl = bytes.indexOf(0x0a, pos);
    if (nl < 0) return null;
    const s = latin1.decode(bytes.subarray(pos, nl));
    pos = nl + 1;
    return s;
  };
  const uint = (n: number): number => {
    let v = 0;
    for (let i = n - 1; i >= 0; i--) v = v * 256 + bytes[pos + i];
    return v;
  };
  const stop = (stopped: string): PickleGlobals => ({ globals: [...globals], opcodes, pickles, stopped });

  while (pos < bytes.length) {
    if (++opcodes > MAX_OPCODES) return stop('too many opcodes');
    const at = pos;
    const op = bytes[pos++];
    const arg = ARGS.get(op);
    let value: string | null = null;
    let lines: string[] = [];
    if (arg && 'fixed' in arg) {
      if (pos + arg.fixed > bytes.length) return stop(`truncated at byte ${at}`);
      value = String(uint(arg.fixed));
      pos += arg.fixed;
    } else if (arg && 'prefixed' in arg) {
      if (pos + arg.prefixed > bytes.length) return stop(`truncated at byte ${at}`);
      const n = uint(arg.prefixed);
      pos += arg.prefixed;
      if (pos + n > bytes.length) return stop(`truncated at byte ${at}`);
      const body = bytes.subarray(pos, pos + n);
      pos += n;
      if (STRING_OPS.has(op)) value = op === 0x58 || op === 0x8c || op === 0x8d ? utf8.decode(body) : latin1.decode(body);
    } else if (arg && 'lines' in arg) {
      for (let i = 0; i < arg.lines; i++) {
        const l = line();
        if (l === null) return stop(`truncated at byte ${at}`);
        lines.push(l);
      }
      value = lines[0];
      if (op === 0x53) value = value.replace(/^(['"])(.*)\1$/, '$2'); // STRING is a quoted repr
    } else if (!NO_ARG.has(op)) {
      return stop(`unknown opcode 0x${op.toString(16)} at byte ${at}`);
    }

    switch (op) {
      case 0x63: case 0x69: // GLOBAL, INST
        globals.add(`${lines[0]}.${lines[1]}`);
        stack.push(null);
        break;
      case 0x93: { // STACK_GLOBAL
        const name = stack.pop();
        const module = stack.pop();
        globals.add(`${typeof module === 'string' ? module : '?'}.${typeof name === 'string' ? name : '?'}`);
        stack.push(null);
        break;
      }
      case 0x82: case 0x83: case 0x84:
        globals.add(`copyreg extension ${value}`);
        stack.push(null);
        break;
      case 0x71: case 0x72: case 0x70: // BINPUT, LONG_BINPUT, PUT
        memo.set(value!, top(stack));
        break;
      case 0x94: // MEMOIZE
        memo.set(String(memo.size), top(stack));
        break;
      case 0x68: case 0x6a: case 0x67: // BINGET, LONG_BINGET, GET
        stack.push(memo.get(value!) ?? null);
        break;
      case 0x2e: // STOP: another pickle may follow (legacy PyTorch files hold several)
        pickles++;
        stack = [];
        memo = new Map();
        if (pos < bytes.length && !looksLikePickle(bytes.subarray(pos, pos + 2))) return { globals: [...globals], opcodes, pickles };
        break;
      case 0x95: case 0x80: // FRAME, PROTO: no stack effect
        break;
      case 0x30: // POP
        stack.pop();
        break;
      case 0x32: // DUP
        stack.push(top(stack));
        break;
      default: {
        // Other opcodes: pop what they consume (to the MARK for the ones that collect items), push
        // one opaque value if they make one. Only the strings STACK_GLOBAL reads need to survive.
        const effect = EFFECTS.get(op);
        if (effect === 'mark') stack.push(MARK);
        else if (effect && effect.pops === 'mark') {
          while (stack.length && stack.pop() !== MARK);
          if (effect.pushes) stack.push(null);
        } else if (effect) {
          stack.length = Math.max(0, stack.length - (effect.pops as number));
          if (effect.pushes) stack.push(null);
        } else stack.push(STRING_OPS.has(op) ? value : null);
      }
    }
    if (stack.length > 100_000) return stop('stack too deep');
  }
  return pickles > 0 ? { globals: [...globals], opcodes, pickles } : stop('no STOP opcode: the data ends inside a pickle');
}
