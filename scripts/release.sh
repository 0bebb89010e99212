#!/usr/bin/env bash
# Checks everything a release must pass, then packs the tarball: a failing step stops the release.
#   scripts/release.sh             lint, typecheck, build, test, fitness, then `npm pack` into ./release/
#   scripts/release.sh --dry-run   the same checks, then `npm pack --dry-run` (lists what would ship)
set -euo pipefail
cd "$(dirname "$0")/.."

pack_args=(--pack-destination release)
case "${1:-}" in
  --dry-run) pack_args=(--dry-run) ;;
  '') mkdir -p release ;;
  *) echo "usage: scripts/release.sh [--dry-run]" >&2; exit 2 ;;
esac

step() { printf '\n== %s\n' "$*"; }

step 'build (the lint config loads the built plugin)'
npm run build
step lint
npm run lint
step typecheck
npm run typecheck
step test
npm test
step 'fitness (Plumbline on its own layout)'
npm run fitness
step pack
npm pack "${pack_args[@]}"
