#!/usr/bin/env bash
# CI step: install Plumbline as a user would. Packs both packages, installs the tarballs
# into a fresh project in a temporary folder outside the repository (the runtime as a
# production dependency, the tool as a dev dependency, nothing else), and runs what a
# user runs first. Prints the packed and installed sizes and the install times.
# Usage: scripts/smoke-install.sh   (after npm ci, which builds dist/ and runtime/dist/)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/plumbline-smoke-XXXXXX")"
trap 'rm -rf "$work"' EXIT
fail() { echo "smoke-install: FAIL: $*" >&2; exit 1; }
now_ms() { date +%s%3N; }
kib() { du -sk "$1" | cut -f1; }

echo "== pack (from the last build: --ignore-scripts)"
cd "$repo"
test -f dist/cli/bin.js && test -f runtime/dist/index.js || fail "build first (npm run build)"
npm pack --ignore-scripts --json --workspace @plumbline-kit/runtime --pack-destination "$work" > "$work/runtime-pack.json"
npm pack --ignore-scripts --json --pack-destination "$work" > "$work/tool-pack.json"
runtime_tgz="$work/$(node -p "require('$work/runtime-pack.json')[0].filename")"
tool_tgz="$work/$(node -p "require('$work/tool-pack.json')[0].filename")"
for pack in runtime tool; do
  node -e "const [p] = require('$work/$pack-pack.json');
    console.log('$pack: ' + p.name + '@' + p.version + ', packed ' + (p.size / 1024).toFixed(1) + ' KiB, unpacked ' +
      (p.unpackedSize / 1024).toFixed(1) + ' KiB, ' + p.entryCount + ' files')"
done
# What must (not) be in the tarballs: no source maps to missing sources, the docs findings link to, the licence.
tar -tzf "$tool_tgz" > "$work/tool-files.txt"
tar -tzf "$runtime_tgz" > "$work/runtime-files.txt"
grep '\.map$' "$work/tool-files.txt" "$work/runtime-files.txt" && fail "a tarball ships source maps"
grep -qx 'package/docs/rules/layer-boundaries.md' "$work/tool-files.txt" || fail "the tool's tarball has no docs/rules"
grep -qx 'package/LICENSE' "$work/tool-files.txt" || fail "the tool's tarball has no LICENSE"
grep -qx 'package/LICENSE' "$work/runtime-files.txt" || fail "the runtime's tarball has no LICENSE"

echo "== a fresh project in $work/app"
app="$work/app"
mkdir -p "$app"/src/{gateway,api,models} "$app"/src/spine/operations/{greetings,farewells} "$app"/src/domains/{greetings,farewells}/{engines,drivers}
cd "$app"
git init -q .
cat > package.json <<'JSON'
{ "name": "smoke-app", "version": "1.0.0", "private": true, "type": "module" }
JSON
# A small layered backend (the HOC layout init detects): gateway -> api -> spine -> engines, drivers -> models.
cat > src/models/greeting.ts <<'TS'
export interface Greeting {
  name: string;
  text: string;
}
TS
cat > src/domains/greetings/engines/greet.ts <<'TS'
import type { Greeting } from '../../../models/greeting.js';

/** Decides the greeting: pure. */
export function greet(name: string): Greeting {
  return { name, text: `hello, ${name}` };
}
TS
cat > src/domains/greetings/drivers/greeting-log.ts <<'TS'
import type { Greeting } from '../../../models/greeting.js';

const log: Greeting[] = [];

export function recordGreeting(greeting: Greeting): void {
  log.push(greeting);
}
TS
cat > src/spine/operations/greetings/say-hello.ts <<'TS'
import { defineOperation } from '@plumbline-kit/runtime';
import { recordGreeting } from '../../../domains/greetings/drivers/greeting-log.js';
import { greet } from '../../../domains/greetings/engines/greet.js';

export const sayHello = defineOperation({
  id: 'greetings.say-hello',
  owner: 'greetings',
  handler: (name: string) => {
    const greeting = greet(name);
    recordGreeting(greeting);
    return greeting.text;
  },
});
TS
cat > src/domains/farewells/engines/part.ts <<'TS'
import type { Greeting } from '../../../models/greeting.js';

export function part(name: string): Greeting {
  return { name, text: `goodbye, ${name}` };
}
TS
cat > src/domains/farewells/drivers/farewell-log.ts <<'TS'
import type { Greeting } from '../../../models/greeting.js';

export const farewells: Greeting[] = [];
TS
cat > src/spine/operations/farewells/say-goodbye.ts <<'TS'
import { defineOperation } from '@plumbline-kit/runtime';
import { farewells } from '../../../domains/farewells/drivers/farewell-log.js';
import { part } from '../../../domains/farewells/engines/part.js';

export const sayGoodbye = defineOperation({
  id: 'farewells.say-goodbye',
  owner: 'farewells',
  handler: (name: string) => {
    const farewell = part(name);
    farewells.push(farewell);
    return farewell.text;
  },
});
TS
cat > src/spine/registry.ts <<'TS'
import { createOperationRegistry } from '@plumbline-kit/runtime';
import { sayGoodbye } from './operations/farewells/say-goodbye.js';
import { sayHello } from './operations/greetings/say-hello.js';

export const registry = createOperationRegistry();
registry.register(sayHello, sayGoodbye);
TS
cat > src/api/hello.ts <<'TS'
import { registry } from '../spine/registry.js';

export function hello(name: string): string {
  return registry.execute<string>('greetings.say-hello', name, {});
}

export function goodbye(name: string): string {
  return registry.execute<string>('farewells.say-goodbye', name, {});
}
TS
cat > src/gateway/server.ts <<'TS'
import { goodbye, hello } from '../api/hello.js';

export function handle(path: string): string {
  const name = path.split('/')[2] || 'world';
  return path.startsWith('/bye') ? goodbye(name) : hello(name);
}
TS
cat > app.mjs <<'JS'
// Production code path: only the runtime, resolved from the installed tarball.
import { createOperationRegistry, defineOperation, memorySink } from '@plumbline-kit/runtime';
const sink = memorySink();
const double = defineOperation({
  id: 'math.double', owner: 'math',
  invariants: [{ id: 'INV-MATH-001', severity: 'high', condition: ({ output }) => output % 2 === 0, remediation: 'even' }],
  handler: (n) => n * 2,
});
const registry = createOperationRegistry({ sink });
registry.register(double);
const result = registry.execute('math.double', 21, {});
if (result !== 42) throw new Error(`expected 42, got ${result}`);
console.log(`runtime: math.double(21) = ${result}, ${sink.events.length} evidence event(s)`);
JS

echo "== npm install the runtime (production dependency)"
start=$(now_ms)
npm install --no-audit --no-fund --save "$runtime_tgz" > "$work/install-runtime.log" 2>&1 || { cat "$work/install-runtime.log"; fail "runtime install"; }
runtime_ms=$(( $(now_ms) - start ))
runtime_kib=$(kib node_modules)
echo "installed in ${runtime_ms} ms; node_modules ${runtime_kib} KiB ($(ls node_modules | tr '\n' ' '))"

echo "== npm install --save-dev the tool (its peers eslint and typescript come with it; no optional peer; oxlint as its optional dependency)"
start=$(now_ms)
npm install --no-audit --no-fund --save-dev "$tool_tgz" > "$work/install-tool.log" 2>&1 || { cat "$work/install-tool.log"; fail "tool install"; }
tool_ms=$(( $(now_ms) - start ))
total_kib=$(kib node_modules)
echo "installed in ${tool_ms} ms; node_modules ${total_kib} KiB in all"
for optional in better-sqlite3 pg fast-check vitest @stryker-mutator/core; do
  test -e "node_modules/$optional" && fail "optional peer $optional was installed"
done
# oxlint is an optional dependency (the rules' fast host, with ESLint as the fallback): installed where it can be.
test -e node_modules/oxlint && echo "oxlint $(node -p "require('./node_modules/oxlint/package.json').version") installed" \
  || echo "oxlint not installed here: check and the static gate fall back to ESLint"

echo "== npx plumbline --version"
version="$(npx --no-install plumbline --version)"
test "$version" = "$(node -p "require('$work/tool-pack.json')[0].version")" || fail "version: $version"
echo "$version"

echo "== npx plumbline init --no-hook"
npx --no-install plumbline init --no-hook | tee "$work/init.out"
test -f plumbline.config.ts || fail "init wrote no plumbline.config.ts"
grep -q '"fitness": "plumbline gate"' package.json || fail "init added no fitness script"

echo "== npx plumbline gate --only static,architecture"
npx --no-install plumbline gate --only static,architecture --quiet

echo "== node app.mjs (the application, importing the runtime)"
node app.mjs

echo "== npm ls --omit=dev: the runtime alone in production"
npm ls --omit=dev
prod="$(npm ls --omit=dev --depth=0 --json | node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>console.log(Object.keys(JSON.parse(s).dependencies||{}).join(',')))")"
test "$prod" = "@plumbline-kit/runtime" || fail "production dependencies: $prod"

echo "== summary"
echo "runtime: install ${runtime_ms} ms, node_modules ${runtime_kib} KiB (runtime + zod)"
echo "tool: install ${tool_ms} ms, node_modules ${total_kib} KiB in all (tool, eslint, typescript and their dependencies)"
echo "smoke-install: OK"
