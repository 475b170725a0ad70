#!/usr/bin/env bash
# Prints one summary line over every surefire and failsafe report of the last run:
#   [run-tests] PASSED: 412 tests, 0 failures, 0 errors, 3 skipped in 612 s
status=$1
seconds=$2
tests=0; failures=0; errors=0; skipped=0
for report in */target/surefire-reports/TEST-*.xml */target/failsafe-reports/TEST-*.xml; do
    [ -f "$report" ] || continue
    header=$(grep -m1 -o '<testsuite [^>]*>' "$report")
    attribute() { printf '%s' "$header" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
    tests=$(( tests + $(attribute tests) ))
    failures=$(( failures + $(attribute failures) ))
    errors=$(( errors + $(attribute errors) ))
    skipped=$(( skipped + $(attribute skipped) ))
done
verdict=PASSED
[ "$status" -ne 0 ] && verdict=FAILED
echo "[run-tests] $verdict: $tests tests, $failures failures, $errors errors, $skipped skipped in $seconds s"
