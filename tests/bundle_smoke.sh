#!/usr/bin/env bash
# Smoke-tests the PyInstaller bundle with no Python environment on the PATH.
set -euo pipefail
app=$(realpath "${1:-dist/abstracta/abstracta}")
seeds=$(realpath "$(dirname "$0")/../../shared/seeds")
work=$(mktemp -d)
run() { env -i HOME="$work/home" PATH=/usr/bin:/bin LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen ABSTRACTA_CONFIG_DIR="$work/config" "$app" "$@"; }
start=$(date +%s%N)
run --version
echo "cold start (--version): $(( ($(date +%s%N) - start) / 1000000 )) ms"
run import "$seeds/000_440a911f034ba249.txt" "$seeds/003_99d6acf49d48edc2.txt" --library "$work/lib"
run stats --json --library "$work/lib" | grep '"papers": 21'
run search "weak supervision of strong models" -k 3 --library "$work/lib" | tee "$work/search.txt"
grep -q "Widely used alignment techniques" "$work/search.txt"
run ask "What is weak-to-strong generalization?" --max-tokens 32 --json --library "$work/lib" > "$work/ask.json"
grep -q '"abstained": false' "$work/ask.json"
run gui --library "$work/lib" --query "generalization" --screenshot "$work/shot.png"
test -s "$work/shot.png"
du -sh "$(dirname "$app")"
echo "bundle smoke test passed ($work)"
