#!/bin/sh
# One shard of a loaderlab exploration, as a batch engine runs it.
#
#   explore-shard.sh SHARDS OUT_DIR LOADERLAB [explore arguments...]
#
# Runs `LOADERLAB explore ARGS --shard I/SHARDS --report json` and writes
# OUT_DIR/part-I.json (through a temporary file, so a half-written file is
# never mistaken for a result).  I, from 1, comes from the engine:
#   SHARD_INDEX            (from 1)  set it yourself, or GNU parallel's {}
#   SLURM_ARRAY_TASK_ID    (from 1)  a Slurm job array, --array=1-SHARDS
#   JOB_COMPLETION_INDEX   (from 0)  a Kubernetes Indexed Job
# Exit status: loaderlab's (0 no bug in this part, 1 bug found, 2 error),
# so the engine shows which parts found a bug; `loaderlab merge
# OUT_DIR/part-*.json` gives the search's one answer.
set -eu

if [ "$#" -lt 3 ]; then
  echo "usage: explore-shard.sh SHARDS OUT_DIR LOADERLAB [explore arguments...]" >&2
  exit 2
fi
shards=$1
out=$2
loaderlab=$3
shift 3

if [ -n "${SHARD_INDEX:-}" ]; then
  index=$SHARD_INDEX
elif [ -n "${SLURM_ARRAY_TASK_ID:-}" ]; then
  index=$SLURM_ARRAY_TASK_ID
elif [ -n "${JOB_COMPLETION_INDEX:-}" ]; then
  index=$((JOB_COMPLETION_INDEX + 1))
else
  echo "explore-shard.sh: no shard index (set SHARD_INDEX, or run as a Slurm array task or a" >&2
  echo "Kubernetes Indexed Job)" >&2
  exit 2
fi

mkdir -p "$out"
status=0
"$loaderlab" explore "$@" --shard "$index/$shards" --report json > "$out/part-$index.json.tmp" || status=$?
if [ "$status" -le 1 ]; then
  mv "$out/part-$index.json.tmp" "$out/part-$index.json"
else
  rm -f "$out/part-$index.json.tmp"
fi
exit "$status"
