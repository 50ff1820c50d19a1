#!/usr/bin/env bash
# Runs every test project and prints the totals as the last line: "N passed, N failed[, N skipped]".
# Exit status: 0 only if no test failed, at least one ran, and dotnet test itself succeeded.
set -uo pipefail
cd "$(dirname "$0")/../.."
results="artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

# Test assemblies run one at a time: the end-to-end tests start cameras, brokers and nvr processes,
# and CI has 2 cores. --blame-hang-timeout kills a hung test host instead of stalling CI.
dotnet test Nvr.sln -c Release -nologo -v quiet \
  --logger "trx" --results-directory "$results" \
  --blame-hang-timeout 10m \
  -m:1 -- RunConfiguration.DisableParallelization=true
status=$?

/usr/bin/python3 - "$results" "$status" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
failures = []
for f in glob.glob(sys.argv[1] + "/**/*.trx", recursive=True):
    for r in ET.parse(f).getroot().iterfind(".//t:UnitTestResult", ns):
        o = r.get("outcome")
        if o == "Passed": passed += 1
        elif o in ("Failed", "Error", "Timeout", "Aborted"):
            failed += 1
            # The first lines of the message and stack, so a CI log that keeps only the tail says why.
            msg = r.find("t:Output/t:ErrorInfo/t:Message", ns)
            stack = r.find("t:Output/t:ErrorInfo/t:StackTrace", ns)
            detail = ((msg.text or "") if msg is not None else "").strip().splitlines()[:12]
            detail += ((stack.text or "") if stack is not None else "").strip().splitlines()[:4]
            failures.append((r.get("testName"), detail))
        else: skipped += 1
status = int(sys.argv[2])
if status != 0 and failed == 0:
    failed = 1; failures.append(("(dotnet test exited %d: a build error or a crashed test host)" % status, []))
for name, detail in failures:
    print("FAILED:", name)
    for line in detail: print("    " + line[:400])
for name, _ in failures: print("FAILED:", name)
print(f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
sys.exit(0 if failed == 0 and passed > 0 else 1)
PY
