// Messages between the page (main.ts) and its worker (worker.ts).
import type { InspectResult } from './inspect.js';

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

export type Reply =
  | { type: 'progress'; id: number; done: number; total: number; what: string }
  | { type: 'result'; id: number; result: InspectResult }
  | { type: 'failed'; id: number; message: string };
