#!/usr/bin/env bash
# The Action's cf-ws-lint when its `version` input is empty (the default): the CLI of the
# action's own checkout ($GITHUB_ACTION_PATH), built there on first use (`npm ci` runs the
# build), so `uses: OWNER/cf-ws-lint@REF` works from any ref, with or without a release on npm.
#
#   from-source.sh ARGS...   runs `cf-ws-lint ARGS...` and exits with its exit code
set -uo pipefail

root="${GITHUB_ACTION_PATH:?GITHUB_ACTION_PATH is not set}"
if [ ! -f "$root/dist/bundle/cli.cjs" ]; then
  echo "cf-ws-lint action: building cf-ws-lint in $root (npm ci)" >&2
  # Its output goes to the log's stderr: stdout is cf-ws-lint's report.
  if ! (cd "$root" && npm ci --no-audit --no-fund --loglevel=error) >&2; then
    echo "cf-ws-lint action: npm ci failed in $root; set the version input to run a release from npm instead" >&2
    exit 2
  fi
fi
exec node "$root/bin/cf-ws-lint.js" "$@"
