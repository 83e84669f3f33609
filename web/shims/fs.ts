// node:fs in the browser: nothing is read by path there (dropped files are Blobs, blob-source.ts).
// `writeSync` exists for quiet.ts to capture; package.json is the one file version.ts asks for.
declare const KERASCOPE_PACKAGE_JSON: string;

function noFiles(): never {
  throw new Error('no file system in the browser');
}

export function readFileSync(path: unknown): string {
  if (String(path).endsWith('/package.json')) return KERASCOPE_PACKAGE_JSON;
  return noFiles();
}
export const writeSync = (_fd: number, chunk: { length: number }): number => chunk.length;
export const statSync = noFiles;
export const openSync = noFiles;
export const readSync = noFiles;
export const closeSync = noFiles;
export const existsSync = (): boolean => false;
export const readdirSync = noFiles;
export const readFile = async (): Promise<never> => noFiles();
export const readdir = async (): Promise<never> => noFiles();

const fs = { readFileSync, writeSync, statSync, openSync, readSync, closeSync, existsSync, readdirSync };
export default fs;
