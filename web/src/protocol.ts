// Messages between the page (main.ts) and its worker (worker.ts).
import type { Download, InspectResult } from './inspect.js';

export interface DroppedFile {
  /** the path relative to what was dropped ("tiny_cnn/model.json"), the name the CLI would be given */
  path: string;
  file: File;
}

/** Read these files; or, for the last files read, make a model's audit reports with its file's SHA-256. */
export type Request = { type: 'inspect'; id: number; files: DroppedFile[]; values: boolean } | { type: 'reports'; id: number; index: number };

/**
 * An inspect request is answered by progress, then its result or its failure; a reports request
 * by progress (hashing), then the model's downloads.
 */
export type Reply =
  | { type: 'progress'; id: number; task: 'values' | 'hash'; done: number; total: number; what: string }
  | { type: 'result'; id: number; result: InspectResult }
  | { type: 'reports'; id: number; index: number; downloads: Download[]; error?: string }
  | { type: 'failed'; id: number; message: string };
