// Keras 3 serialized objects `{module, class_name, config, registered_name}` anywhere in a config:
// Keras 3 before 3.8 imported `module` and called what it found (CVE-2025-1550); later releases
// still reach non-modelling Keras functions (CVE-2025-8747, CVE-2025-9906).
import { isDangerousModule, isDangerousName } from '../security/dangerous.js';
import { KERAS_PACKAGES, NON_MODELLING_FUNCTIONS, NON_MODELLING_MODULES } from '../security/keras-names.js';
import { isEnvelope, type Envelope } from '../security/walk.js';
import { configValueCheck } from './config-walk.js';

export const modulesCheck = configValueCheck('modules', (v) => {
  if (!isEnvelope(v.value) || typeof v.value.module !== 'string') return null;
  const f = classify(v.value as Envelope & { module: string });
  return f && { ...f, layer: v.layer, path: v.path };
});

type Classified =
  | { code: 'unsafe-module' | 'non-modelling-api'; module: string; name: string }
  | { code: 'custom-module'; module: string; name: string; registeredName?: string };

export function classify(e: Envelope & { module: string }): Classified | null {
  const module = e.module;
  // `class_name: "function"` objects carry the function's name as their config.
  const name = e.class_name === 'function' && typeof e.config === 'string' ? e.config : e.class_name;
  const top = module.split('.')[0];
  if (KERAS_PACKAGES.has(top)) {
    const denied = NON_MODELLING_FUNCTIONS.has(name) || (e.class_name === 'function' && NON_MODELLING_MODULES.some((p) => module === p || module.startsWith(`${p}.`)));
    return denied ? { code: 'non-modelling-api', module, name } : null;
  }
  // Keras 3 itself writes `{module: "builtins", class_name: "function", config: "<loss name>"}` for
  // losses and metrics given by name; only builtins that run code or touch files are hostile.
  if (module === 'builtins') return isDangerousName(name) ? { code: 'unsafe-module', module, name } : null;
  if (isDangerousModule(module) || isDangerousName(name)) return { code: 'unsafe-module', module, name };
  const registeredName = typeof e.registered_name === 'string' ? e.registered_name : undefined;
  return { code: 'custom-module', module, name, ...(registeredName ? { registeredName } : {}) };
}
