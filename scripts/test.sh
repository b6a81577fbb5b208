#!/usr/bin/env bash
# Runs every test project (called by `make test`) and ends with the totals alone on one line:
# "N passed, N failed". The totals also go to TestResults/totals.txt for .ci/run.
set -uo pipefail
cd "$(dirname "$0")/.."
CONFIG="${1:-Release}"
RESULTS="$PWD/TestResults"
rm -rf "$RESULTS" && mkdir -p "$RESULTS"

# One test assembly at a time (-m:1): the integration tests start real servers and time out on a 2-core
# machine when every assembly competes for the CPU at once.
dotnet test StreamRefiner.sln -c "$CONFIG" --no-build -m:1 \
  --logger "trx" --logger "console;verbosity=normal" --results-directory "$RESULTS"
status=$?

passed=0; failed=0
for trx in "$RESULTS"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
# A test host that crashed writes no passing counts: never report a failed run as clean.
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed" >"$RESULTS/totals.txt"
echo
cat "$RESULTS/totals.txt"
exit "$status"
