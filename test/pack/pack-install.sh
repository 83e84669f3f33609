#!/usr/bin/env bash
# What a user gets from the registry: pack kerascope, install the tarball globally into a temporary
# prefix (and as a dependency of a throwaway project), then run the installed `kerascope` from an
# unrelated folder. Run by .ci/run and `npm run test:pack`; not part of `npm test`, which stays fast.
#
# Steps for commands that other work adds later (audit, scan, the lazily loaded h5wasm) run once the
# installed package has them and are reported as skipped until then.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/kerascope-pack-XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
# Installed size, in kB, beyond which this check fails: keeps the package small on purpose.
MAX_INSTALLED_KB="${MAX_INSTALLED_KB:-30000}"

step() { printf '\n== %s\n' "$*"; }
fail() { printf 'pack-install: FAIL: %s\n' "$*" >&2; exit 1; }
skip() { printf 'pack-install: skipped: %s\n' "$*"; }
# yargs answers `kerascope <unknown> --help` with the general help and status 0, so look at the list.
has_command() { kerascope --help | grep -qE "^ +kerascope $1( |\$)"; }
json() { node --input-type=module -e "$1" "${@:2}"; }   # small checks on JSON files, in node

VERSION="$(json 'import { readFileSync } from "node:fs"; console.log(JSON.parse(readFileSync(process.argv[1], "utf8")).version)' "$ROOT/package.json")"

step "npm pack (prepack rebuilds dist/)"
(cd "$ROOT" && npm pack --silent --pack-destination "$WORK" >/dev/null)
TARBALL="$WORK/kerascope-$VERSION.tgz"
[[ -f "$TARBALL" ]] || fail "npm pack did not write $TARBALL"
tar -tzf "$TARBALL" | sort > "$WORK/contents.txt"
echo "$(wc -l < "$WORK/contents.txt") files, $(du -k "$TARBALL" | cut -f1) kB packed"
for f in package/package.json package/README.md package/LICENSE package/CHANGELOG.md package/dist/cli/main.js \
         package/dist/index.js package/dist/lib/kerascope.js package/dist/index.d.ts package/fixtures/cifar10_cnn.json package/schemas/summary.schema.json; do
  grep -qx "$f" "$WORK/contents.txt" || fail "tarball lacks $f"
done
if grep -E '^package/(src|test|scripts|bench|\.ci)/|\.map$|\.tgz$|(^|/)node_modules/' "$WORK/contents.txt"; then
  fail "tarball ships development files (listed above)"
fi
tar -xzf "$TARBALL" -C "$WORK" package/package.json
json 'import { readFileSync } from "node:fs";
  const p = JSON.parse(readFileSync(process.argv[1], "utf8"));
  const hooks = ["preinstall", "install", "postinstall", "prepare"].filter((k) => p.scripts?.[k]);
  if (hooks.length) { console.error("install scripts: " + hooks.join(", ")); process.exit(1); }
  if (!p.engines?.node) { console.error("no engines.node"); process.exit(1); }' "$WORK/package/package.json" \
  || fail "packed package.json runs scripts on install or lacks engines"

step "npm install -g into a temporary prefix"
PREFIX="$WORK/prefix"
npm install --global --prefix "$PREFIX" --prefer-offline --no-audit --no-fund --loglevel=error "$TARBALL"
PKG="$PREFIX/lib/node_modules/kerascope"
FIXTURE="$PKG/fixtures/cifar10_cnn.json"
ORIGINAL_PATH="$PATH"
export PATH="$PREFIX/bin:$PATH"
[[ "$(command -v kerascope)" == "$PREFIX/bin/kerascope" ]] || fail "kerascope is not the installed binary"
INSTALLED_KB="$(du -sk "$PKG" | cut -f1)"
echo "installed size: $INSTALLED_KB kB (kerascope $(du -sk --exclude=node_modules "$PKG" | cut -f1) kB, dependencies included)"
(( INSTALLED_KB <= MAX_INSTALLED_KB )) || fail "installed size $INSTALLED_KB kB exceeds $MAX_INSTALLED_KB kB"

ELSEWHERE="$WORK/elsewhere"
mkdir "$ELSEWHERE" && cd "$ELSEWHERE"

step "kerascope --version"
[[ "$(kerascope --version)" == "$VERSION" ]] || fail "--version printed '$(kerascope --version)', expected $VERSION"

step "npx --package <tarball> kerascope (run without installing)"
# without the global install on PATH, so that npx has to run the tarball's own bin
[[ "$(PATH="$ORIGINAL_PATH" npx --yes --prefer-offline --package "$TARBALL" -- kerascope --version)" == "$VERSION" ]] \
  || fail "npx kerascope --version"

step "kerascope summary on the bundled fixture"
has_command summary || fail "kerascope --help lists no summary command"
kerascope summary "$FIXTURE" > summary.txt
tail -n 4 summary.txt
grep -Eq 'Total params: 1,?250,?858' summary.txt || fail "summary lacks 'Total params: 1250858' (commas depend on the layout)"
kerascope summary "$FIXTURE" --format json > summary.json
json 'import { readFileSync } from "node:fs";
  const s = JSON.parse(readFileSync("summary.json", "utf8"));
  const dense = s.layers.find((l) => l.name === "dense");
  if (s.total_params !== 1250858 || s.trainable_params !== 1250858 || dense?.params !== 1180160) process.exit(1);' \
  || fail "summary --format json: totals or the dense layer's params"

if has_command layers; then
  step "kerascope layers"
  kerascope layers > layers.txt
  grep -q 'Conv2D' layers.txt || fail "kerascope layers does not list Conv2D"
fi

step "bad input: one line, exit status 2"
set +e; kerascope summary no-such-model.h5 2> err.txt; status=$?; set -e
[[ $status -eq 2 && $(wc -l < err.txt) -eq 1 ]] || fail "missing file gave status $status and: $(cat err.txt)"
grep -q 'E_FILE_NOT_FOUND' err.txt || fail "missing file: $(cat err.txt)"

step "kerascope completion"
kerascope completion | grep -q 'complete .*kerascope' || fail "completion script"

step "h5wasm is loaded only when needed"
H5WASM="$(find "$PKG/node_modules" -maxdepth 1 -name h5wasm -type d)"
H5_FIXTURE="$ROOT/fixtures/cifar10_cnn.h5"   # the repository's, not shipped: 5 MB of weights
if [[ -n "$H5WASM" ]]; then
  mv "$H5WASM" "$H5WASM.hidden"
  kerascope summary "$FIXTURE" > /dev/null || fail "summary of a JSON config needs h5wasm: it must be imported lazily"
  if [[ -f "$H5_FIXTURE" ]]; then
    kerascope summary "$H5_FIXTURE" > /dev/null || fail "summary of a small .h5 needs h5wasm: auto should read it with jsfive"
  fi
  mv "$H5WASM.hidden" "$H5WASM"
  echo "summaries of a JSON config and a small .h5 run without h5wasm on disk"
  if [[ -f "$H5_FIXTURE" ]]; then
    kerascope summary "$H5_FIXTURE" --hdf5 h5wasm --format json > h5wasm.json || fail "--hdf5 h5wasm in the installed package"
    json 'import { readFileSync } from "node:fs";
      if (JSON.parse(readFileSync("h5wasm.json", "utf8")).total_params !== 1250858) process.exit(1);' \
      || fail "--hdf5 h5wasm: total_params of cifar10_cnn.h5"
    echo "the installed h5wasm reads cifar10_cnn.h5"
  fi
else
  skip "h5wasm is not a dependency (yet)"
fi

if has_command audit; then
  step "kerascope audit --format sarif on the bundled fixture"
  set +e; kerascope audit "$FIXTURE" --format sarif > audit.sarif; status=$?; set -e
  [[ $status -le 1 ]] || fail "audit exited $status"
  json 'import { readFileSync } from "node:fs";
    const s = JSON.parse(readFileSync("audit.sarif", "utf8"));
    if (s.version !== "2.1.0" || s.runs?.[0]?.tool?.driver?.name !== "kerascope") process.exit(1);' \
    || fail "audit --format sarif is not a SARIF 2.1.0 log from kerascope"
  echo "SARIF 2.1.0, exit status $status"

  step "the .pre-commit-hooks.yaml hook on a throwaway repository"
  CONSUMER="$WORK/consumer"
  git init -q "$CONSUMER" && mkdir -p "$CONSUMER/sub"
  cp "$FIXTURE" "$CONSUMER/model.json" && cp "$FIXTURE" "$CONSUMER/sub/model.json"
  git -C "$CONSUMER" add -A
  if command -v pre-commit > /dev/null; then
    set +e
    (cd "$CONSUMER" && PRE_COMMIT_HOME="$WORK/pre-commit" pre-commit try-repo "$ROOT" kerascope-audit --all-files --verbose) > hook.out 2>&1
    status=$?; set -e
    # pre-commit itself exits 1 on any hook failure; --verbose shows the hook's own status
    hook_status="$(sed -n 's/^- exit code: //p' hook.out)"
    (( status == 0 )) || status="${hook_status:-$status}"
    grep -q 'no files to check' hook.out && fail "pre-commit handed no model files to the hook: $(cat hook.out)"
  else
    # what pre-commit would run: the hook's entry followed by the staged file names
    HOOK_ENTRY="$(sed -n 's/^ *entry: *//p' "$ROOT/.pre-commit-hooks.yaml" | head -n1)"
    set +e; (cd "$CONSUMER" && eval "$HOOK_ENTRY model.json sub/model.json") > hook.out 2>&1; status=$?; set -e
  fi
  tail -n 6 hook.out
  [[ $status -le 1 ]] || fail "the pre-commit hook exited $status: $(cat hook.out)"
else
  skip "kerascope audit does not exist yet (audit and pre-commit hook steps)"
fi

if has_command scan; then
  step "the scan step of docs/ci/github-code-scanning.yml, as written there"
  WORKFLOW="$ROOT/docs/ci/github-code-scanning.yml"
  SCAN_CMD="$(sed -n 's/^ *\(kerascope scan .*\) || status=\$?$/\1/p' "$WORKFLOW")"
  MODELS="$(sed -n 's/^  MODELS: *//p' "$WORKFLOW")"
  [[ -n "$SCAN_CMD" && -n "$MODELS" ]] || fail "no 'kerascope scan ... || status=\$?' line or MODELS in $WORKFLOW"
  export MODELS
  mkdir -p "$MODELS" && cp "$FIXTURE" "$MODELS/"
  set +e; (eval "$SCAN_CMD"); status=$?; set -e
  [[ $status -le 1 ]] || fail "'$SCAN_CMD' exited $status"
  json 'import { readFileSync } from "node:fs";
    const s = JSON.parse(readFileSync("kerascope.sarif", "utf8"));
    if (s.version !== "2.1.0") process.exit(1);' || fail "the workflow's scan did not write SARIF 2.1.0 to kerascope.sarif"
else
  skip "kerascope scan does not exist yet (the workflow step)"
fi

step "library use from a project that depends on the tarball"
PROJECT="$WORK/project"
mkdir "$PROJECT" && cd "$PROJECT"
# A project of its own version: `kerascope --version` must still name kerascope's.
printf '{ "name": "some-project", "version": "9.9.9", "private": true, "type": "module" }\n' > package.json
npm install --prefer-offline --no-audit --no-fund --loglevel=error "$TARBALL"
[[ "$(npx --no-install kerascope --version)" == "$VERSION" ]] || fail "--version inside a project printed $(npx --no-install kerascope --version)"
cat > use.mjs <<'JS'
import { readModel, summarize } from 'kerascope';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
const fixture = fileURLToPath(new URL('./node_modules/kerascope/fixtures/cifar10_cnn.json', import.meta.url));
const summary = summarize(await readModel(fixture));
if (summary.total_params !== 1250858) throw new Error(`total_params ${summary.total_params}`);
console.log(`${summary.name}: ${summary.layers.length} layers, ${summary.total_params} params`);
// the JSON schemas and package.json are exported for tools that validate our output
const schema = JSON.parse(readFileSync(fileURLToPath(import.meta.resolve('kerascope/schemas/summary.schema.json')), 'utf8'));
if (!schema.properties?.total_params) throw new Error('summary schema without total_params');
JS
node use.mjs || fail "importing the library from the installed package"

printf '\npack-install: all checks passed (kerascope %s, %s kB installed)\n' "$VERSION" "$INSTALLED_KB"
