// Python bytecode in configs: Keras 1/2 Lambda (and Merge) `[code, defaults, closure]` with a
// `*_type: "lambda"`, Keras 3 `__lambda__` objects anywhere; plus functions named instead of
// serialized (`function_type: "function"` / `"raw"`). Code is decoded and walked, never run.
import { decodeLambdaCode } from '../python/lambda-code.js';
import { dangerousAmong, isDangerousModule } from '../security/dangerous.js';
import { isEnvelope, type Visit } from '../security/walk.js';
import type { Finding } from '../finding.js';
import { configValueCheck } from './config-walk.js';

// value key, the key that says how it is serialized, the key naming its module (Keras 1/2 Lambda, Merge).
const TYPED_KEYS: readonly (readonly [string, string, string])[] = [
  ['function', 'function_type', 'module'],
  ['output_shape', 'output_shape_type', 'output_shape_module'],
  ['mask', 'mask_type', 'mask_module'],
  ['mode', 'mode_type', 'mode_module'],
];

export const lambdaCheck = configValueCheck('lambda', (v) => {
  if (isEnvelope(v.value) && v.value.class_name === '__lambda__') return keras3Lambda(v);
  return isPlainObject(v.value) ? typedFunctions(v) : null;
});

function keras3Lambda(v: Visit): Finding {
  const cfg = (v.value as { config?: unknown }).config;
  const code = isPlainObject(cfg) ? cfg.code : undefined;
  return codeFinding(v, `${v.path}.config.code`, code);
}

function typedFunctions(v: Visit): Finding[] {
  const obj = v.value as Record<string, unknown>;
  const out: Finding[] = [];
  for (const [key, typeKey, moduleKey] of TYPED_KEYS) {
    const kind = obj[typeKey];
    const value = obj[key];
    const path = `${v.path}.${key}`;
    if (kind === 'lambda') {
      // [code, defaults, closure] since Keras 1.1; a bare code string before.
      out.push(codeFinding(v, path, Array.isArray(value) ? value[0] : value));
    } else if ((kind === 'function' || (kind === 'raw' && key === 'function')) && typeof value === 'string') {
      const module = typeof obj[moduleKey] === 'string' ? (obj[moduleKey] as string) : undefined;
      out.push({ code: 'lambda-named-function', layer: v.layer, path, functionType: kind, function: value, ...(module ? { module } : {}) });
    }
  }
  return out;
}

function codeFinding(v: Visit, path: string, code: unknown): Finding {
  if (typeof code !== 'string') return { code: 'lambda-code-undecodable', layer: v.layer, path, reason: 'the code is not a string' };
  const decoded = decodeLambdaCode(code);
  if (!decoded.ok) return { code: 'lambda-code-undecodable', layer: v.layer, path, reason: decoded.reason };
  const payload = { layer: v.layer, path, python: decoded.python, names: decoded.names, filename: decoded.filename };
  const dangerous = [...dangerousAmong(decoded.names), ...dangerousAmong(decoded.strings, isDangerousModule)];
  return dangerous.length ? { code: 'lambda-code-dangerous', ...payload, dangerous: [...new Set(dangerous)] } : { code: 'lambda-code', ...payload };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
