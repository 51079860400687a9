#!/usr/bin/env bash
# The GitHub Action's lint step (action.yml), kept out of the YAML so tests can run it.
#
#   run.sh COMMAND...   COMMAND runs cf-ws-lint (the Action: action/from-source.sh, or `npx --yes cf-ws-lint@VERSION`)
#
# Inputs arrive as environment variables, never spliced into a script, since a workflow
# may fill them from a pull request:
#   CF_WS_LINT_ARGS        arguments, split on whitespace (no quoting, no globbing by the shell)
#   CF_WS_LINT_SARIF       true: also write SARIF to CF_WS_LINT_SARIF_FILE
#   CF_WS_LINT_SUMMARY     true: append the markdown report to $GITHUB_STEP_SUMMARY
# Writes exit-code, errors, warnings, notes, markdown-file and sarif-file to $GITHUB_OUTPUT
# and exits with cf-ws-lint's exit code (0 clean, 1 findings over the gate, 2 bad input).
set -uo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: run.sh COMMAND... (the cf-ws-lint to run)" >&2
  exit 2
fi

set -f
# shellcheck disable=SC2206 # word splitting is the point; globbing is off
args=(${CF_WS_LINT_ARGS:-})
set +f
for arg in "${args[@]}"; do
  case "$arg" in
    -f | --format | --format=* | --output-file | --output-file=*)
      echo "cf-ws-lint action: the 'args' input must not set $arg: the action chooses the formats (stylish to the log, markdown for the job summary, SARIF with sarif: true)" >&2
      exit 2
      ;;
  esac
done

out="$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/cf-ws-lint.XXXXXX")"
markdown="$out/cf-ws-lint.md"
json="$out/cf-ws-lint.json"
sarif=""
# Formats pair with --output-file by position, so the filed ones come first and stylish,
# which has none, goes to the log.
formats=(-f markdown --output-file "$markdown" -f json --output-file "$json")
if [ "${CF_WS_LINT_SARIF:-false}" = true ]; then
  sarif="${CF_WS_LINT_SARIF_FILE:-cf-ws-lint.sarif}"
  # upload-sarif reads paths from the workspace root, not from this step's directory.
  case "$sarif" in /*) ;; *) sarif="$PWD/$sarif" ;; esac
  mkdir -p "$(dirname "$sarif")"
  formats+=(-f sarif --output-file "$sarif")
fi
formats+=(-f stylish)

"$@" "${args[@]}" "${formats[@]}"
code=$?

counts=(0 0 0)
if [ -s "$json" ]; then
  read -r -a counts < <(node -e 'const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).summary; console.log(s.errors, s.warnings, s.notes)' "$json")
fi

if [ "${CF_WS_LINT_SUMMARY:-true}" = true ] && [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  if [ -s "$markdown" ]; then
    cat "$markdown" >>"$GITHUB_STEP_SUMMARY"
  else
    printf '## cf-ws-lint\n\ncf-ws-lint stopped with exit code %s before it could report: see the job log.\n' "$code" >>"$GITHUB_STEP_SUMMARY"
  fi
fi

if [ -n "${GITHUB_OUTPUT:-}" ]; then
  {
    echo "exit-code=$code"
    echo "errors=${counts[0]}"
    echo "warnings=${counts[1]}"
    echo "notes=${counts[2]}"
    [ -s "$markdown" ] && echo "markdown-file=$markdown"
    [ -n "$sarif" ] && [ -s "$sarif" ] && echo "sarif-file=$sarif"
  } >>"$GITHUB_OUTPUT"
fi

exit "$code"
