#!/usr/bin/env bash
# The demo: a fresh tree, generated inputs of every kind Ohana takes (and two it refuses),
# one ingest pass, the status, a verification, and where to look.
set -euo pipefail
ohana=$1 demo=$2
rm -rf "$demo"
"$ohana" init --root "$demo"
inbox=$demo/inbox
mkdir -p "$demo/truth"

echo "== generating sample inputs"
"$ohana" synth gedcom --people 2000 --seed 1 --out "$inbox/family-trees/harbour-town.ged" --truth "$demo/truth/harbour-town.json"
"$ohana" synth gedcom --people 800 --seed 2 --out "$demo/valley.ged" --truth "$demo/truth/valley.json"
gzip -c "$demo/valley.ged" > "$inbox/valley.ged.gz" && rm "$demo/valley.ged"
"$ohana" synth gedcom --people 300 --seed 3 --out "$demo/north.ged"
"$ohana" synth gedcom --people 300 --seed 4 --out "$demo/south.ged"
(cd "$demo" && python3 -c "import sys, zipfile; z = zipfile.ZipFile('inbox/parishes.zip', 'w', zipfile.ZIP_DEFLATED); [z.write(n, 'parishes/' + n) for n in sys.argv[1:]]; z.close()" north.ged south.ged && rm north.ged south.ged)
"$ohana" synth table --rows 1000 --seed 5 --out "$inbox/tables/clinic-a.csv"
"$ohana" synth table --rows 500 --seed 6 --out "$inbox/clinic-b.csv"
printf 'this is not a family tree\n' > "$inbox/notes.txt"
python3 -c "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1], 'w'); z.writestr('../../escape.ged', '0 HEAD\n0 TRLR\n'); z.close()" "$inbox/evil.zip"
ls -l "$inbox" "$inbox/family-trees" "$inbox/tables"

echo "== ohana ingest"
"$ohana" ingest --root "$demo" || true

echo "== ohana train family-trees (every model family; the best is registered and gated)"
"$ohana" train family-trees --root "$demo"

echo "== ohana train tables (logistic regression, random forest, boosted trees; 5-fold cross-validation)"
"$ohana" train tables --root "$demo"

echo "== new patients to score: copied into inbox/tables/predict/, scored by ohana tick"
"$ohana" synth table --rows 200 --seed 9 --out "$inbox/tables/predict/new-patients.csv"
echo "   and a family tree from another century, which the model never saw: tick predicts its parents"
echo "   and writes a drift report comparing its people with the training trees'"
"$ohana" synth gedcom --people 500 --seed 12 --start-year 1900 --out "$inbox/family-trees/new-town-1900s.ged"
"$ohana" ingest --root "$demo"
"$ohana" tick --root "$demo"

echo "== ohana tick (nothing more is due: a second run does nothing)"
"$ohana" tick --root "$demo"

echo "== ohana status"
"$ohana" status --root "$demo"

echo "== ohana verify"
"$ohana" verify --root "$demo"

cat <<EOT

Where to look:
  $demo/registry/datasets/         one canonical JSON manifest per dataset (commit this folder)
  $demo/registry/audit/log.jsonl   the hash-chained audit log
  $demo/artifacts/sha256/          the content-addressed store (read-only files)
  $demo/outbox/*/accepted/         a receipt per accepted input
  $demo/outbox/*/reports/          GEDCOM diagnostics and run-<id>.html training reports (open in a browser)
  $demo/outbox/family-trees/predictions/   <tree>.parents.json and .csv: ranked candidate parents
  $demo/outbox/family-trees/reports/drift-tree-new-town-1900s-*.html  how the new tree differs from the training trees
  $demo/outbox/tables/predictions/         new-patients.csv (prediction and probability per row) + provenance
  $demo/outbox/tables/reports/             validation-*.html per table, run-<id>.html with ROC and calibration
  $demo/registry/schemas/tables/           the tables' schema versions
  $demo/registry/runs/ models/ channels/   training runs, model versions and their stages
  $demo/truth/                     the links the generator removed, to check the predictions against
  $demo/outbox/rejected/           refused inputs, each beside a .error.json saying why
Run it again: \`make demo\`; watch a tree: \`make watch ROOT=$demo\` and copy files into $inbox.
EOT
