// The parts of jsfive (untyped, pure JS) that the jsfive backend touches.
declare module 'jsfive' {
  export interface DataObjects {
    offset: number;
    msgs: Map<string, number>[];
    find_msg_type(type: number): Map<string, number>[];
    readonly filter_pipeline: Map<string, unknown>[] | null;
  }
  export class Group {
    name: string;
    _links: Record<string, number | string>;
    _dataobjects: DataObjects;
    readonly keys: string[];
    readonly attrs: Record<string, unknown>;
    get(name: string): Group | Dataset | null;
  }
  export class File extends Group {
    constructor(buffer: ArrayBuffer, filename?: string);
  }
  export class Dataset {
    name: string;
    _dataobjects: DataObjects;
    readonly shape: number[];
    readonly dtype: string | unknown[];
    readonly attrs: Record<string, unknown>;
  }
}
