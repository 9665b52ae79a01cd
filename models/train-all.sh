#!/usr/bin/env bash
# Retrains the shipped models from scratch with Latent Lab's own command line, then evaluates each.
#
#   models/train-all.sh                          every model
#   models/train-all.sh frey-vae-2d mnist-ae-2d  some of them
#
# Every model is trained with seed 1 on 2 threads and saved without optimiser state (a few MB each).
# Datasets are read from $LATENTLAB_DATA, else ../shared/datasets. The jar is copied to a temporary
# folder first, so that rebuilding the project during the training does not break the running JVM.
# Logs go to models/logs/ (NAME.train.log, NAME.eval.log), the manifold of each model to
# models/figures/NAME.png, and a Markdown table of the results is printed at the end (models/README.md
# holds the last one measured; copy the training times into models/catalog.json too).
set -euo pipefail
cd "$(dirname "$0")/.."

DATA_DIR="${LATENTLAB_DATA:-../shared/datasets}"
COMMON=(--data-dir "$DATA_DIR" --seed 1 --threads 2 --no-optimizer-state)

# name -> training options (besides the common ones and --out)
declare -A OPTIONS=(
  [mnist-vae-2d]="--dataset mnist --kind vae --hidden 512 --latent 2 --epochs 30 --batch 100 --lr 2e-3 --lr-schedule cosine"
  [mnist-vae-20d]="--dataset mnist --kind vae --hidden 400 --latent 20 --epochs 20 --batch 100 --lr 2e-3 --lr-schedule cosine"
  [mnist-ae-2d]="--dataset mnist --kind ae --hidden 512 --latent 2 --epochs 20 --batch 100 --lr 1e-3"
  [fashion-mnist-vae-2d]="--dataset fashion-mnist --kind vae --hidden 512 --latent 2 --epochs 30 --batch 100 --lr 2e-3 --lr-schedule cosine"
  [frey-vae-2d]="--dataset frey --kind vae --hidden 200 --latent 2 --decoder gaussian --activation tanh --epochs 1000 --batch 100 --lr 1e-3 --lr-schedule cosine"
  [synthetic-vae-2d]="--dataset synthetic --kind vae --hidden 256 --latent 2 --epochs 30 --batch 100 --lr 2e-3 --lr-schedule cosine"
)
ORDER=(mnist-vae-2d mnist-vae-20d mnist-ae-2d fashion-mnist-vae-2d frey-vae-2d synthetic-vae-2d)
# name -> manifold figure options, where not --n 15 --scale 1
declare -A FIGURE=([frey-vae-2d]="--n 10 --scale 2")

names=("$@")
[ ${#names[@]} -eq 0 ] && names=("${ORDER[@]}")
for name in "${names[@]}"; do
  [ -n "${OPTIONS[$name]+x}" ] || { echo "train-all: unknown model '$name'; known: ${ORDER[*]}" >&2; exit 2; }
done

# A JDK 25 or newer: JAVA_HOME, else the newest in /usr/lib/jvm (as ./lab finds it).
java_bin=""
for d in ${JAVA_HOME:+"$JAVA_HOME"} /usr/lib/jvm/*; do
  v=$("$d/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | cut -d. -f1 || true)
  if [ "${v:-0}" -ge 25 ]; then java_bin="$d/bin/java"; break; fi
done
[ -n "$java_bin" ] || { echo "train-all: needs a JDK 25 or newer (set JAVA_HOME)" >&2; exit 1; }
export OMP_WAIT_POLICY=PASSIVE

if [ ! -f target/latentlab.jar ] || [ -n "$(find src pom.xml -newer target/latentlab.jar -print -quit)" ]; then
  ./lab build
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r target/latentlab.jar target/lib "$work/"
lab() { "$java_bin" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -Xmx6g -jar "$work/latentlab.jar" "$@"; }
value() { tail -n 1 "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }

mkdir -p models/logs models/figures
rows=()
for name in "${names[@]}"; do
  out="models/$name.llab"
  echo "== $name: train ${OPTIONS[$name]} ${COMMON[*]} --out $out"
  # shellcheck disable=SC2086
  lab train ${OPTIONS[$name]} "${COMMON[@]}" --out "$out" | tee "models/logs/$name.train.log"
  lab eval --model "$out" --data-dir "$DATA_DIR" | tee "models/logs/$name.eval.log"
  # shellcheck disable=SC2086
  lab manifold --model "$out" --data-dir "$DATA_DIR" --out "models/figures/$name.png" ${FIGURE[$name]:---n 15 --scale 1} \
    > "models/logs/$name.manifold.log"
  seconds=$(value "models/logs/$name.train.log" seconds)
  elbo=$(value "models/logs/$name.eval.log" test_elbo_nats)
  [ -n "$elbo" ] || elbo="-$(value "models/logs/$name.eval.log" recon_nats) (AE: -recon)"
  size=$(du -k "$out" | cut -f1)
  rows+=("| \`$name.llab\` | ${size} kB | $(printf '%.0f' "$seconds") s | $elbo |")
done

echo
echo "| file | size | training time | test ELBO (eval, nats) |"
echo "| --- | ---: | ---: | ---: |"
printf '%s\n' "${rows[@]}"
