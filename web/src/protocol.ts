// Messages between the page (main.ts) and its worker (worker.ts).
import type { Download, InspectResult } from './inspect.js';

export interface DroppedFile {
  /** the path relative to what was dropped ("tiny_cnn/model.json"), the name the CLI would be given */
  path: string;
  file: File;
}

export interface Request {
  id: number;
  files: DroppedFile[];
  values: boolean;
}

/**
 * A request is answered by progress, then its result (or its failure), then, after hashing the
 * files (more progress), the audit reports that name their size and SHA-256.
 */
export type Reply =
  | { type: 'progress'; id: number; task: 'values' | 'hash'; done: number; total: number; what: string }
  | { type: 'result'; id: number; result: InspectResult }
  | { type: 'digests'; id: number; models: { index: number; downloads: Download[] }[]; error?: string }
  | { type: 'failed'; id: number; message: string };
