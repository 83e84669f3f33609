// Python's str() of shapes, as Keras' summaries print them.
import { isShapeList, type OutputShape, type Shape } from '../../types/shape.js';

export function pyTuple(s: Shape): string {
  const items = s.map((d) => (d === null ? 'None' : String(d)));
  return `(${items.join(', ')}${items.length === 1 ? ',' : ''})`;
}

export function pyShape(out: OutputShape): string {
  return isShapeList(out) ? `[${out.map(pyTuple).join(', ')}]` : pyTuple(out);
}
