// What `kerascope summary` says beside Keras' table (on stderr; the web app under it): the layers
// whose weights Keras 2 converts from the Keras 1 layout, and what could not be inferred.
import type { SummaryLayerJson } from './json.js';

export function summaryNotes(file: string, layers: readonly SummaryLayerJson[]): string[] {
  const notes: string[] = [];
  const legacy = layers.filter((l) => l.stored_layout);
  if (legacy.length) {
    const list = legacy.map((l) => `${l.name} (${l.stored_layout!.conversion})`).join('; ');
    notes.push(`${file}: weights stored in the Keras 1 layout, which Keras 2 converts on load: ${list}`);
  }
  const unknown = layers.filter((l) => l.problem);
  if (unknown.length) {
    const list = unknown.map((l) => `${l.name} (${l.class_name}: ${l.problem})`).join(', ');
    notes.push(`${file}: "?" marks what could not be inferred, and the totals leave those weights out: ${list}`);
  }
  return notes;
}
