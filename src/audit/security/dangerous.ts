// Names that reach the operating system, the network, files or the interpreter itself. A Lambda or
// config object that references one of them is treated as hostile; others are only custom code.

/** Python modules whose import alone gives access to processes, files, sockets or code loading. */
export const DANGEROUS_MODULES: ReadonlySet<string> = new Set([
  'os', 'posix', 'nt', 'subprocess', 'sys', 'builtins', '__builtin__', 'socket', 'shutil', 'importlib', 'imp',
  'pickle', 'cPickle', '_pickle', 'dill', 'marshal', 'ctypes', 'pty', 'commands', 'runpy', 'code', 'codeop',
  'urllib', 'urllib2', 'urllib3', 'requests', 'http', 'httplib', 'ftplib', 'smtplib', 'telnetlib', 'webbrowser',
  'multiprocessing', 'pathlib', 'zipfile', 'tarfile', 'torch',
]);

/** Functions and attributes that run code, commands or touch files, whatever module they come from. */
export const DANGEROUS_NAMES: ReadonlySet<string> = new Set([
  'eval', 'exec', 'compile', '__import__', 'open', 'execfile', 'input', 'breakpoint', 'globals', 'locals', 'vars',
  'getattr', 'setattr', 'delattr', '__builtins__', '__globals__', '__subclasses__', '__code__', '__reduce__',
  'system', 'popen', 'Popen', 'spawn', 'spawnl', 'spawnv', 'execl', 'execv', 'execve', 'execvp', 'fork', 'kill',
  'call', 'check_call', 'check_output', 'run', 'getoutput', 'getstatusoutput', 'remove', 'unlink', 'rmdir', 'rmtree',
  'chmod', 'chown', 'rename', 'makedirs', 'mkdir', 'write', 'writelines', 'urlopen', 'urlretrieve', 'connect',
  'gethostname', 'create_connection', 'load', 'loads', 'import_module', 'reload', 'read_text', 'write_text',
  'write_bytes', 'read_bytes',
]);

/** A module path whose top-level package is dangerous (`os.path` → true). */
export function isDangerousModule(module: string): boolean {
  return DANGEROUS_MODULES.has(module.split('.')[0]);
}

/** A dotted name such as `os.system` or a bare one such as `eval` that is dangerous. */
export function isDangerousName(name: string): boolean {
  return isDangerousModule(name) || DANGEROUS_NAMES.has(name.slice(name.lastIndexOf('.') + 1));
}

/** The dangerous names among `names`, in first-seen order, without repeats. */
export function dangerousAmong(names: Iterable<string>, test: (n: string) => boolean = isDangerousName): string[] {
  return [...new Set([...names].filter(test))];
}

// Packages whose pickled globals are mostly plain data rebuilt on load (builtins containers, torch
// tensors and storages): only their dangerous names (builtins.eval, torch.load, ...) count.
const PICKLE_DATA_PACKAGES: ReadonlySet<string> = new Set(['builtins', '__builtin__', 'torch']);

/** A `module.name` global a pickle imports that runs code, commands or touches files when unpickled. */
export function isDangerousGlobal(global: string): boolean {
  const dot = global.lastIndexOf('.');
  const module = dot < 0 ? global : global.slice(0, dot);
  const name = global.slice(dot + 1);
  // A part the walk could not resolve to a string was hidden on purpose: treat it as hostile.
  if (module === '?' || name === '?') return true;
  if (PICKLE_DATA_PACKAGES.has(module.split('.')[0])) return DANGEROUS_NAMES.has(name);
  return isDangerousModule(module) || DANGEROUS_NAMES.has(name);
}
