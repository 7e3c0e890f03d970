#!/usr/bin/env bash
# `make bench`: Ohana side by side with its peers in one run, on this machine. Not part of CI.
# BENCH_DIR (default /var/tmp/ohana-bench) holds the generated inputs; it needs ~4 GB free.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
shared=${OHANA_SHARED:-$repo/../shared}
work=${BENCH_DIR:-/var/tmp/ohana-bench}
mkdir -p "$work"
swift build -c release --product ohana >/dev/null
swift build -c release --product ohana-bench >/dev/null
ohana=$repo/.build/release/ohana
stages=$repo/.build/release/ohana-bench
timed() { # label, command… -> prints seconds and peak RSS
  local label=$1; shift
  local log; log=$(mktemp)
  /usr/bin/time -f "%e %M" -o "$log" "$@" >/dev/null 2>&1
  read -r seconds rss < "$log"; rm -f "$log"
  printf '%-44s %8.2f s %8.0f MiB\n' "$label" "$seconds" "$(echo "$rss / 1024" | bc -l)"
  echo "$seconds" > "$work/last-seconds"
}
last() { cat "$work/last-seconds"; }

echo "== backbone: hashing and ingesting 1 GiB"
big=$work/big.csv
if [ ! -f "$big" ]; then
  python3 - "$big" <<'PY'
import sys
row = b"".join(b"%d,%d,%d,patient-%d,0.%d\n" % (i, i * 7 % 97, i % 2, i, i % 1000) for i in range(20000))
with open(sys.argv[1], "wb") as out:
    out.write(b"id,age,target,name,score\n")
    written = 0
    while written < (1 << 30):
        out.write(row)
        written += len(row)
PY
fi
cat "$big" > /dev/null  # page cache, for every tool alike
timed "openssl dgst -sha256 (1 GiB)" openssl dgst -sha256 "$big"; openssl=$(last)
timed "sha256sum (1 GiB)" sha256sum "$big"
rm -rf "$work/tree" && "$ohana" init --root "$work/tree" >/dev/null
cp "$big" "$work/tree/inbox/big.csv"
timed "ohana ingest (1 GiB CSV, hash + store)" "$ohana" ingest --root "$work/tree"; ingest=$(last)
timed "ohana verify (re-hash 1 GiB)" "$ohana" verify --root "$work/tree"; verify=$(last)
echo "hash speed vs openssl: $(echo "$openssl / $verify" | bc -l | cut -c1-5)x (goal >= 0.9)"
if [ ! -x "$work/dvc-venv/bin/dvc" ]; then
  python3 -m venv "$work/dvc-venv" && "$work/dvc-venv/bin/pip" install -q "dvc==3.67.*" || true
fi
if [ -x "$work/dvc-venv/bin/dvc" ]; then
  rm -rf "$work/dvc-repo" && mkdir -p "$work/dvc-repo" && cp "$big" "$work/dvc-repo/big.csv"
  (cd "$work/dvc-repo" && git init -q && "$work/dvc-venv/bin/dvc" init -q)
  timed "dvc add (1 GiB CSV)" bash -c "cd '$work/dvc-repo' && '$work/dvc-venv/bin/dvc' add -q big.csv"; dvc=$(last)
  echo "ohana ingest / dvc add: $(echo "$ingest / $dvc" | bc -l | cut -c1-5) (goal <= 0.5)"
else
  echo "dvc could not be installed; skipped"
fi

echo "== backbone: 10,000 small files"
rm -rf "$work/small" && "$ohana" init --root "$work/small" >/dev/null
python3 - "$work/small/inbox/tables" <<'PY'
import os, sys
os.makedirs(sys.argv[1], exist_ok=True)
for i in range(10000):
    with open(os.path.join(sys.argv[1], f"t{i}.csv"), "w") as f:
        f.write(f"id,value,target\n{i},{i * 3},{i % 2}\n")
PY
timed "ohana ingest (10,000 small CSV files)" "$ohana" ingest --root "$work/small"; small=$(last)
echo "files per second: $(echo "10000 / $small" | bc -l | cut -c1-7) (goal >= 500)"

echo "== backbone: watch latency"
rm -rf "$work/latency" && "$ohana" init --root "$work/latency" >/dev/null
python3 bench/watch_latency.py "$ohana" "$work/latency" 200

echo "== GEDCOM: parse + graph vs peers"
royal=$shared/data/gedcom/gedcom-5.5__royal92.ged
if [ -f "$royal" ]; then
  scaled=$work/royal92x200.ged
  [ -f "$scaled" ] || python3 "$shared/bench/scale_gedcom.py" "$royal" "$scaled" 200
  for file in "$royal" "$scaled"; do
    "$stages" gedcom "$file" 3
    mb=$(python3 -c "import os,sys; print(os.path.getsize(sys.argv[1])/1e6)" "$file")
    timed "ohana inspect --json ($(basename "$file"))" "$ohana" inspect --json "$file"
    echo "ohana parse: $(echo "$mb / $(last)" | bc -l | cut -c1-6) MB/s"
    rm -rf "$work/gtree" && "$ohana" init --root "$work/gtree" >/dev/null && cp "$file" "$work/gtree/inbox/"
    timed "ohana ingest ($(basename "$file"): hash+parse+graph)" "$ohana" ingest --root "$work/gtree"
    echo "ohana ingest: $(echo "$mb / $(last)" | bc -l | cut -c1-6) MB/s"
  done
  bash "$shared/bench/run_gedcom_peers.sh" "$scaled" 3 || echo "peer run failed"
else
  echo "shared data absent: GEDCOM benchmarks skipped"
fi

echo "== tables: CSV parse with type inference, classifiers; then the peers (pandas, scikit-learn, LightGBM, XGBoost)"
tables=$shared/data/tabular
if [ -d "$tables" ]; then
  "$stages" csv "$tables/brfss-heart-2020.csv" 3
  # The four-site table's target is a 0-4 severity; the peers' script predicts num > 0, and so does this.
  python3 - "$tables/heart-uci-4sites.csv" "$work/heart-uci-4sites-binary.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8-sig")))
header = rows[0]; num = header.index("num"); keep = [i for i, name in enumerate(header) if name not in ("id", "num")]
with open(sys.argv[2], "w", newline="") as out:
    writer = csv.writer(out)
    writer.writerow([header[i] for i in keep] + ["target"])
    for row in rows[1:]:
        writer.writerow([row[i] for i in keep] + [int(row[num] not in ("0", ""))])
PY
  "$stages" classifiers "$tables/heart-cleveland.csv" target
  "$stages" classifiers "$work/heart-uci-4sites-binary.csv" target
  "$stages" classifiers "$tables/framingham-chd.csv" TenYearCHD
  "$stages" classifiers "$tables/brfss-heart-2020.csv" HeartDisease
  OHANA_SHARED_DATA="$shared/data" bash "$shared/bench/run_tabular_peers.sh" || echo "peer run failed"
else
  echo "shared data absent: tabular benchmarks skipped"
fi

echo "== drift: each statistic on 1M vs 1M values (peers: the scipy/numpy lines at the end of the tables section)"
"$stages" drift 5

# Parent prediction (issue 4): training and predictions on a 200,000-person simulated tree,
# quality per model family on it and on the real trees, cross-file rounds.
OHANA_BIN="$ohana" BENCH_DIR="$work" OHANA_DATA="$shared/data" bash bench/parentage.sh
