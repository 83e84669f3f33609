// The page: takes dropped or picked files, hands them to the worker (worker.ts) and shows what it
// found. Nothing a file contains is ever parsed as HTML: every string goes in through textContent.
import type { DroppedFile, Reply, Request } from './protocol.js';
import type { Download, FindingView, InspectResult, ModelView, TableRow } from './inspect.js';

/**
 * A request that makes no progress for this long is stopped with its worker: the CLI's HDF5 time
 * budget cannot interrupt a synchronous call in a page (web/shims/vm.ts), ending the worker can.
 */
const DEADLINE_MS = 120_000;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const results = $<HTMLElement>('results');
const status = $<HTMLElement>('status');
const progress = $<HTMLProgressElement>('progress');
const valuesBox = $<HTMLInputElement>('values');

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) node.append(typeof c === 'string' ? document.createTextNode(c) : c);
  return node;
}

// ---- the worker, one request at a time -------------------------------------------------------

let worker: Worker | null = null;
let requestId = 0;
let lastFiles: DroppedFile[] = [];

function startWorker(): Worker {
  const w = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  w.addEventListener('message', (e: MessageEvent<Reply>) => onReply(e.data));
  return w;
}

let deadline: ReturnType<typeof setTimeout> | undefined;
let started = 0;

function inspect(files: DroppedFile[]): void {
  if (!files.length) return;
  lastFiles = files;
  const id = ++requestId;
  worker ??= startWorker();
  armDeadline(files);
  started = performance.now();
  document.body.dataset.state = 'busy';
  status.textContent = `Reading ${files.length === 1 ? files[0].path : `${files.length} files`}…`;
  progress.hidden = true;
  const request: Request = { type: 'inspect', id, files, values: valuesBox.checked };
  worker.postMessage(request);
}

function armDeadline(files: DroppedFile[]): void {
  clearTimeout(deadline);
  deadline = setTimeout(() => {
    worker?.terminate();
    worker = null;
    showError(`kerascope: ${files.map((f) => f.path).join(', ')}: no progress for ${DEADLINE_MS / 1000} s, stopped (a file that makes the reader loop?) [E_LIMIT]`);
  }, DEADLINE_MS);
}

function onReply(reply: Reply): void {
  if (reply.id !== requestId) return;
  if (reply.type === 'progress') {
    if (reply.task === 'values') {
      armDeadline(lastFiles);
      status.textContent = `Scanning values: tensor ${reply.done + 1} of ${reply.total} (${reply.what})`;
      document.body.dataset.scanned = `${reply.done + 1}/${reply.total}`;
    } else {
      status.textContent = `Hashing ${reply.what} for its audit report: ${Math.floor((100 * reply.done) / reply.total)}%`;
    }
    progress.hidden = false;
    progress.max = reply.total;
    progress.value = reply.done;
    return;
  }
  progress.hidden = true;
  if (reply.type === 'reports') return onReports(reply);
  clearTimeout(deadline);
  if (reply.type === 'failed') return showError(reply.message);
  const ms = performance.now() - started;
  render(reply.result);
  readLine = `Read ${reply.result.models.length} model${reply.result.models.length === 1 ? '' : 's'} in ${ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`}. Nothing left this page.`;
  status.textContent = readLine;
  document.body.dataset.elapsedMs = String(Math.round(ms));
  finish();
}

/** The status line of the last result, shown again once a report is made. */
let readLine = '';

function showError(line: string): void {
  results.replaceChildren(el('pre', { class: 'error', role: 'alert' }, line));
  status.textContent = 'Could not read the files.';
  finish();
}

/** Marks the end of a request (what the browser test waits for). */
function finish(): void {
  document.body.dataset.run = String(requestId);
  document.body.dataset.state = 'done';
}

// ---- rendering ------------------------------------------------------------------------------

/** The sections of the models shown, in the order of InspectResult.models. */
let modelSections: HTMLElement[] = [];

function render(result: InspectResult): void {
  modelSections = result.models.map((m, index) => renderModel(m, index));
  const sections: Node[] = [...modelSections];
  wanted = undefined;
  if (result.skipped.length) sections.unshift(el('p', { class: 'note skipped' }, `Not model files, skipped: ${result.skipped.join(', ')}`));
  if (result.diff !== undefined) {
    sections.push(el('section', { class: 'diff', 'aria-labelledby': 'diff-title' }, el('h2', { id: 'diff-title' }, `Diff: ${result.models.map((m) => m.file).join(' → ')}`), el('pre', { class: 'diff-text', tabindex: '0' }, result.diff)));
  }
  results.replaceChildren(...sections);
}

let sectionCount = 0;

/** The section of `result.models[index]`. */
function renderModel(m: ModelView, index: number): HTMLElement {
  const n = ++sectionCount;
  const section = el('section', { class: 'model', 'aria-labelledby': `m${n}` });
  section.dataset.file = m.file;
  section.append(el('h2', { id: `m${n}` }, m.file, m.format ? el('span', { class: 'format' }, ` ${m.format}`) : ''));
  if (m.error) section.append(el('pre', { class: 'error', role: 'alert' }, m.error));
  if (m.summaryText !== undefined) {
    section.append(panel('Summary', true, el('pre', { class: 'summary-text', tabindex: '0' }, m.summaryText), ...m.notes.map((note) => el('p', { class: 'note' }, note))));
  }
  if (m.rows.length) section.append(panel('Layers', false, layerTable(m.rows)));
  if (m.costText !== undefined) section.append(panel('Cost (batch 1)', false, el('pre', { class: 'cost-text', tabindex: '0' }, m.costText)));
  if (m.auditText !== undefined || m.auditError) section.append(panel(auditTitle(m.findings), true, findingsView(m)));
  if (m.stored.length) section.append(panel(`Stored tensors (${m.stored.length})`, false, storedTable(m)));
  if (m.downloads.length) section.append(downloads(m.file, index, m.downloads));
  return section;
}

function panel(title: string, open: boolean, ...body: Node[]): HTMLDetailsElement {
  const d = el('details', { class: 'panel' }, el('summary', {}, title), ...body);
  d.open = open;
  return d;
}

const SEVERITIES = ['error', 'warning', 'info'] as const;

function auditTitle(findings: FindingView[]): string {
  const counts = SEVERITIES.map((s) => [s, findings.filter((f) => f.severity === s).length] as const).filter(([, c]) => c);
  return `Audit: ${counts.length ? counts.map(([s, c]) => `${c} ${s}${c === 1 ? '' : 's'}`).join(', ') : 'no findings'}`;
}

function findingsView(m: ModelView): HTMLElement {
  const box = el('div', { class: 'findings' });
  if (m.auditError) box.append(el('pre', { class: 'error', role: 'alert' }, m.auditError));
  for (const severity of SEVERITIES) {
    const group = m.findings.filter((f) => f.severity === severity);
    if (!group.length) continue;
    const list = el('ul', { class: `severity-${severity}` });
    for (const f of group) {
      const where = [f.layer && `layer ${f.layer}`, f.weight && `weight ${f.weight}`].filter(Boolean).join(', ');
      const item = el('li', { class: 'finding' }, el('span', { class: `badge ${severity}` }, severity), ' ', el('code', { class: 'code' }, f.code), ' ', el('span', { class: 'message' }, f.message));
      item.dataset.code = f.code;
      item.dataset.severity = severity;
      if (where) item.append(el('span', { class: 'where' }, ` (${where})`));
      item.append(el('p', { class: 'help' }, `${f.title}: ${f.help}`));
      list.append(item);
    }
    box.append(el('h3', {}, `${severity[0].toUpperCase()}${severity.slice(1)} (${group.length})`), list);
  }
  if (m.auditText !== undefined) box.append(panel('As the CLI prints it', false, el('pre', { class: 'audit-text', tabindex: '0' }, m.auditText)));
  return box;
}

function layerTable(rows: TableRow[]): HTMLElement {
  const search = el('input', { type: 'search', placeholder: 'Filter layers by name or class', 'aria-label': 'Filter layers by name or class' });
  const head = el('tr', {}, ...['Layer', 'Class', 'Output shape', 'Param #', 'MACs', 'Activation bytes', 'Weight bytes'].map((h) => el('th', { scope: 'col' }, h)));
  const body = el('tbody');
  const all: { tr: HTMLTableRowElement; text: string; parents: HTMLTableRowElement[] }[] = [];
  const add = (row: TableRow, depth: number, parents: HTMLTableRowElement[]) => {
    const name = el('td', { class: 'name' });
    name.style.paddingInlineStart = `${0.5 + depth * 1.5}em`;
    const tr = el('tr', {}, name, el('td', {}, row.className), el('td', {}, row.output), el('td', { class: 'num' }, row.params), el('td', { class: 'num' }, row.macs), el('td', { class: 'num' }, row.activationBytes), el('td', { class: 'num' }, row.weightBytes));
    body.append(tr);
    all.push({ tr, text: `${row.name} ${row.className}`.toLowerCase(), parents });
    if (!row.children.length) {
      name.append(row.name);
      return;
    }
    // A nested model: its rows fold under a toggle button.
    const toggle = el('button', { type: 'button', class: 'toggle', 'aria-expanded': 'false' }, `▸ ${row.name}`);
    name.append(toggle);
    const start = all.length;
    for (const c of row.children) add(c, depth + 1, [...parents, tr]);
    const mine = all.slice(start);
    const show = (open: boolean) => {
      toggle.setAttribute('aria-expanded', String(open));
      toggle.textContent = `${open ? '▾' : '▸'} ${row.name}`;
      applyFilter();
    };
    toggle.addEventListener('click', () => show(toggle.getAttribute('aria-expanded') !== 'true'));
    tr.dataset.nested = String(mine.length);
  };
  for (const r of rows) add(r, 0, []);
  const applyFilter = () => {
    const q = search.value.trim().toLowerCase();
    for (const r of all) {
      const folded = r.parents.some((p) => p.querySelector('.toggle')?.getAttribute('aria-expanded') !== 'true');
      r.tr.hidden = q ? !r.text.includes(q) : folded;
    }
  };
  search.addEventListener('input', applyFilter);
  applyFilter();
  return el('div', { class: 'table-box' }, search, el('div', { class: 'scroll' }, el('table', { class: 'layers' }, el('thead', {}, head), body)));
}

function storedTable(m: ModelView): HTMLElement {
  const head = el('tr', {}, ...['Layer', 'Tensor', 'Shape', 'Dtype'].map((h) => el('th', { scope: 'col' }, h)));
  const body = el('tbody', {}, ...m.stored.map((t) => el('tr', {}, el('td', {}, t.layer), el('td', {}, t.name), el('td', {}, t.shape), el('td', {}, t.dtype))));
  return el('div', { class: 'scroll' }, el('table', { class: 'stored' }, el('thead', {}, head), body));
}

/** A report asked for before its file was hashed: saved once the worker sends it (onReports). */
let wanted: { index: number; name: string } | undefined;

/**
 * The download buttons of `result.models[index]`. An audit report that must still name its file's
 * SHA-256 (`unhashed`) is asked of the worker first, which hashes the file then.
 */
function downloads(file: string, index: number, list: Download[]): HTMLElement {
  const labels: Record<string, string> = { 'summary.json': 'Summary JSON', 'audit.json': 'Audit JSON', sarif: 'SARIF', 'audit.md': 'Markdown' };
  const box = el('div', { class: 'downloads', role: 'group', 'aria-label': `Downloads for ${file}` });
  for (const d of list) {
    const kind = Object.keys(labels).find((k) => d.name.endsWith(`.${k}`)) ?? d.name;
    const button = el('button', { type: 'button' }, `Download ${labels[kind] ?? d.name}`);
    button.dataset.download = d.name;
    button.addEventListener('click', () => {
      if (!d.unhashed) return save(d);
      if (wanted) return;
      wanted = { index, name: d.name };
      const request: Request = { type: 'reports', id: requestId, index };
      worker?.postMessage(request);
    });
    box.append(button);
  }
  return box;
}

function onReports(reply: Extract<Reply, { type: 'reports' }>): void {
  const asked = wanted;
  wanted = undefined;
  if (reply.error) {
    status.textContent = `${readLine} The report could not be made: ${reply.error}`;
    return;
  }
  status.textContent = readLine;
  const section = modelSections[reply.index];
  section?.querySelector('.downloads')?.replaceWith(downloads(section.dataset.file ?? '', reply.index, reply.downloads));
  const d = reply.downloads.find((x) => x.name === asked?.name);
  if (d) save(d);
}

function save(d: Download): void {
  const url = URL.createObjectURL(new Blob([d.text], { type: d.type }));
  el('a', { href: url, download: d.name }).click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// ---- input: drop, file and folder pickers -----------------------------------------------------

const asDropped = (files: Iterable<File>): DroppedFile[] => [...files].map((file) => ({ path: file.webkitRelativePath || file.name, file }));

async function entryFiles(entry: FileSystemEntry): Promise<DroppedFile[]> {
  const path = entry.fullPath.replace(/^\//, '');
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    return [{ path, file }];
  }
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  const children: FileSystemEntry[] = [];
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (!batch.length) break;
    children.push(...batch);
  }
  return (await Promise.all(children.map(entryFiles))).flat();
}

async function droppedFiles(dt: DataTransfer): Promise<DroppedFile[]> {
  const entries = [...dt.items].map((i) => i.webkitGetAsEntry?.()).filter((e): e is FileSystemEntry => !!e);
  if (entries.length) return (await Promise.all(entries.map(entryFiles))).flat();
  return asDropped(dt.files);
}

const zone = $<HTMLElement>('drop');
for (const type of ['dragenter', 'dragover'] as const) {
  window.addEventListener(type, (e) => {
    e.preventDefault();
    zone.classList.add('over');
  });
}
window.addEventListener('dragleave', () => zone.classList.remove('over'));
window.addEventListener('drop', (e) => {
  e.preventDefault();
  zone.classList.remove('over');
  if (e.dataTransfer) void droppedFiles(e.dataTransfer).then(inspect, (err: unknown) => showError(`kerascope: cannot read the dropped files: ${String(err)} [E_IO]`));
});
for (const id of ['files', 'folder']) {
  const input = $<HTMLInputElement>(id);
  input.addEventListener('change', () => {
    if (input.files) inspect(asDropped(input.files));
    input.value = '';
  });
}
valuesBox.addEventListener('change', () => inspect(lastFiles));

// ---- offline: the service worker (sw.ts) keeps every file of the app ---------------------------

const offlineNote = $<HTMLElement>('offline');

function offlineReady(): void {
  document.body.dataset.offline = 'ready';
  offlineNote.textContent = 'All of the app is stored in this browser: it works offline from now on.';
}

// navigator.serviceWorker exists in secure contexts only (https, localhost).
const container = 'serviceWorker' in navigator ? navigator.serviceWorker : undefined;
if (container) {
  if (container.controller) offlineReady();
  container.addEventListener('controllerchange', offlineReady);
  container.register(new URL('sw.js', import.meta.url)).catch((e: unknown) => {
    offlineNote.textContent = `This browser did not store the app for offline use (${String(e)}).`;
  });
}

// Started now, while the page loads, so that reading a file needs nothing more from the server
// (h5wasm's chunk excepted, fetched from the service worker's cache the first time a file needs it).
worker = startWorker();
document.body.dataset.state = 'ready';
