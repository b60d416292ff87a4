#!/usr/bin/env bash
# Makes a fresh clone ready to run: brings the pinned pnpm (no global install, no corepack), installs
# from the lockfile and builds every package. Idempotent and quick when nothing changed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
pnpm_version="$(node -p "require('./package.json').packageManager.split('@')[1]")"
tools="$root/.cache/tools"
if [ ! -x "$tools/node_modules/.bin/pnpm" ] || [ "$("$tools/node_modules/.bin/pnpm" --version)" != "$pnpm_version" ]; then
  echo "strata: installing pnpm $pnpm_version into .cache/tools" >&2
  mkdir -p "$tools"
  # `cd` rather than `npm --prefix`: --prefix moves npm's global config and loses the machine's CA file.
  (cd "$tools" && { [ -f package.json ] || echo '{"private":true}' > package.json; } &&
    npm install --no-audit --no-fund --loglevel=error "pnpm@$pnpm_version" >/dev/null)
fi
export PATH="$tools/node_modules/.bin:$PATH"
pnpm install --frozen-lockfile --prefer-offline --reporter=append-only
pnpm run --silent build >/dev/null 2>"$root/.cache/build.log" || { cat "$root/.cache/build.log" >&2; exit 1; }
