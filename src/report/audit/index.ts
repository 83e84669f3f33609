export { renderAuditText, type TextOptions } from './text.js';
export { renderAuditMarkdown } from './markdown.js';
export { renderSarif } from './sarif.js';
export { auditFileJson, scanJson, findingJson, type FileOutcome, type AuditFileJson, type ScanJson, type FindingJson } from './json.js';
export { findingMessage } from './messages.js';
export { EXAMPLE_FINDINGS } from './examples.js';
export { renderFindingsDoc } from './findings-doc.js';
