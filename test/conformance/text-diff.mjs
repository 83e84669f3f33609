// The first lines where two texts differ, for conformance failure reports.
export function textDiff(want, got, max = 2) {
  const a = want.split('\n');
  const b = got.split('\n');
  const problems = [];
  for (let i = 0; i < Math.max(a.length, b.length) && problems.length < max; i++) {
    if (a[i] !== b[i]) problems.push(`line ${i + 1}: want ${JSON.stringify(a[i] ?? '<none>')}`, `         got  ${JSON.stringify(b[i] ?? '<none>')}`);
  }
  return problems.length ? problems : ['texts differ (line endings?)'];
}
