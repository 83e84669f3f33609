// What `kerascope summary` says beside Keras' table (on stderr; the web app under it): a config read
// from inside a JSON string, the layers whose weights Keras 2 converts from the Keras 1 layout, those
// counted from storage, and what could not be inferred.
import type { SummaryLayerJson } from './json.js';

export function summaryNotes(file: string, layers: readonly SummaryLayerJson[], meta: Readonly<Record<string, unknown>> = {}): string[] {
  const notes: string[] = [];
  if (meta.jsonEncodedTwice) notes.push(`${file}: the file is a JSON string holding the model config (json.dump(model.to_json(), f)); read one level down`);
  const legacy = layers.filter((l) => l.stored_layout);
  if (legacy.length) {
    const list = legacy.map((l) => `${l.name} (${l.stored_layout!.conversion})`).join('; ');
    notes.push(`${file}: weights stored in the Keras 1 layout, which Keras 2 converts on load: ${list}`);
  }
  const fromStorage = layers.filter((l) => l.params_from_storage);
  if (fromStorage.length) {
    const list = fromStorage.map((l) => `${l.name} (${l.class_name})`).join(', ');
    notes.push(`${file}: params counted from the stored weights, as the config cannot tell them: ${list}`);
  }
  const unknown = layers.filter((l) => l.problem && (l.output_shape === null || l.params === null));
  if (unknown.length) {
    const list = unknown.map((l) => `${l.name} (${l.class_name}: ${l.problem})`).join(', ');
    const totals = unknown.some((l) => l.params === null) ? ', and the totals leave out the weights marked "?"' : '';
    notes.push(`${file}: "?" marks what could not be inferred${totals}: ${list}`);
  }
  return notes;
}
