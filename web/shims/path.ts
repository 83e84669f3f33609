// node:path in the browser: POSIX joins of the relative names of dropped files.
export function join(...parts: string[]): string {
  return parts.filter(Boolean).join('/').replace(/\/+/g, '/');
}
export function dirname(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? '.' : i === 0 ? '/' : p.slice(0, i);
}
export function basename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}
export default { join, dirname, basename };
