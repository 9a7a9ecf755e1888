#!/bin/sh
# Exploration on batch engines (docs/scale.md), as `make check` runs it:
# the same search run whole and cut into shards through GNU parallel, the
# Slurm array template and the Kubernetes Indexed Job template (their
# commands run here, with the index each engine would give), merged with
# `loaderlab merge`, must give the whole search's answer.  The templates
# must also parse: `sh -n` for the scripts, a check of the YAML's structure
# and of the keys an Indexed Job needs.
#
#   test_scale_batch.sh LOADERLAB SOURCE_DIR WORK_DIR
set -eu

loaderlab=$1
src=$2
work=$3
rm -rf "$work"
mkdir -p "$work"
cd "$work"
fails=0
fail() {
  echo "FAIL: $*" >&2
  fails=$((fails + 1))
}

field() { # field NAME FILE: the value of a top-level field of a result
  sed -n "s/^  \"$1\": \\(.*\\),\$/\\1/p; s/^  \"$1\": \\(.*\\)\$/\\1/p" "$2" | head -n 1
}

churn="--host $src/tests/programs/por_churn_host.c --dll driver.dll=$src/bench/programs/churn_driver.c"

# ---- The templates parse ------------------------------------------------------------------
sh -n "$src/docs/scale/explore-shard.sh" || fail "explore-shard.sh does not parse"
sh -n "$src/docs/scale/slurm-explore.sbatch" || fail "slurm-explore.sbatch does not parse"
grep -q '^#SBATCH --job-name=' "$src/docs/scale/slurm-explore.sbatch" || fail "no #SBATCH directives"

yaml="$src/docs/scale/k8s-explore-job.yaml"
# A block-style YAML subset: no tabs; indentation in steps of two; a line
# indented deeper than the one before follows a "key:" line or a "- key:"
# item; every line is "key: value", "key:", "- item" or a comment.
awk '
  /^[ ]*#/ || /^[ ]*$/ { next }
  /\t/ { print "a tab on line " NR; bad = 1 }
  {
    match($0, /^ */); ind = RLENGTH; text = substr($0, ind + 1)
    if (ind % 2) { print "odd indentation on line " NR; bad = 1 }
    if (ind > prev_ind && !opens) { print "line " NR " is indented under a line that opens nothing"; bad = 1 }
    if (text !~ /^- / && text !~ /^[A-Za-z][A-Za-z0-9_]*:( |$)/) { print "line " NR " is not key: value or - item"; bad = 1 }
    opens = (text ~ /:$/)
    if (text ~ /^- [A-Za-z][A-Za-z0-9_]*:/) { prev_ind = ind + 2 } else { prev_ind = ind }
    if (text ~ /^- [A-Za-z][A-Za-z0-9_]*:$/) opens = 1
  }
  END { exit bad }
' "$yaml" || fail "k8s-explore-job.yaml is not well-formed YAML of the expected shape"
for key in "apiVersion: batch/v1" "kind: Job" "completionMode: Indexed" "restartPolicy: Never" \
           "docs/scale/explore-shard.sh"; do
  grep -q "$key" "$yaml" || fail "k8s-explore-job.yaml lacks $key"
done
completions=$(sed -n 's/^  completions: \([0-9]*\)$/\1/p' "$yaml")
shards_value=$(awk '/name: SHARDS/ { getline; gsub(/[^0-9]/, ""); print; exit }' "$yaml")
[ -n "$completions" ] && [ "$completions" = "$shards_value" ] ||
  fail "completions ($completions) and SHARDS ($shards_value) differ in k8s-explore-job.yaml"

# ---- Whole searches ---------------------------------------------------------------------
set +e
"$loaderlab" explore $churn --strategy dfs --preemption-bound 2 --reduction off --report json > whole-full.json
"$loaderlab" explore $churn --strategy dfs --preemption-bound 2 --report json > whole-reduced.json
"$loaderlab" explore sample/driver-unload --strategy random --report json > whole-random.json
[ $? -eq 1 ] || fail "the random search of the motivating race found no bug"
set -e

# ---- GNU parallel -----------------------------------------------------------------------
command -v parallel > /dev/null || { echo "FAIL: GNU parallel is not installed (make deps)" >&2; exit 1; }
mkdir -p full reduced random
parallel --will-cite -j 2 "$loaderlab explore $churn --strategy dfs --preemption-bound 2 --reduction off --shard {}/4 --report json > full/part-{}.json" ::: 1 2 3 4 ||
  fail "a shard of the full search failed"
parallel --will-cite -j 2 "$loaderlab explore $churn --strategy dfs --preemption-bound 2 --shard {}/4 --report json > reduced/part-{}.json" ::: 1 2 3 4 ||
  fail "a shard of the reduced search failed"
# A part that finds a bug exits 1; parallel then exits with the number of
# such parts.
set +e
parallel --will-cite -j 2 "$loaderlab explore sample/driver-unload --strategy random --shard {}/3 --report json > random/part-{}.json" ::: 1 2 3
set -e
"$loaderlab" merge full/part-*.json --report json > merged-full.json || fail "merge of the full search"
"$loaderlab" merge reduced/part-*.json --report json > merged-reduced.json || fail "merge of the reduced search"
set +e
"$loaderlab" merge random/part-*.json --report json > merged-random.json
[ $? -eq 1 ] || fail "the merged random search does not report the bug"
set -e

same() { # same FIELD A B
  a=$(field "$1" "$2")
  b=$(field "$1" "$3")
  [ -n "$a" ] && [ "$a" = "$b" ] || fail "$1: $a in $2, $b in $3"
}
same schedules whole-full.json merged-full.json
same exhausted whole-full.json merged-full.json
same bug whole-full.json merged-full.json
same verdicts whole-full.json merged-full.json
[ "$(field exhausted merged-full.json)" = true ] || fail "the merged full search is not exhausted"
# The reduced shards cover every class (the tree above the split is not
# reduced, so they may run more schedules than one reduced search).
same exhausted whole-reduced.json merged-reduced.json
same bug whole-reduced.json merged-reduced.json
same reduction whole-reduced.json merged-reduced.json
# The same run's bug: its verdict and schedule (where it was found among
# the runs is only known to one search).
bug_of() { field bug "$1" | sed 's/, "found_at".*//'; }
[ -n "$(bug_of whole-random.json)" ] && [ "$(bug_of whole-random.json)" = "$(bug_of merged-random.json)" ] ||
  fail "the merged random search reports another bug than the whole search"

# ---- The Slurm array and the Kubernetes Indexed Job, run here --------------------------
for i in 1 2 3 4; do
  SLURM_ARRAY_TASK_ID=$i sh "$src/docs/scale/slurm-explore.sbatch" 4 slurm "$loaderlab" $churn \
    --strategy dfs --preemption-bound 2 --reduction off || fail "Slurm task $i"
done
"$loaderlab" merge slurm/part-*.json --report json > merged-slurm.json || fail "merge of the Slurm parts"
same schedules whole-full.json merged-slurm.json
same exhausted whole-full.json merged-slurm.json

# The Job's command, with $(SHARDS) as Kubernetes expands it and the
# program arguments replaced by this test's.
k8s_shards=$completions
i=0
while [ "$i" -lt "$k8s_shards" ]; do
  (cd "$src" && JOB_COMPLETION_INDEX=$i sh docs/scale/explore-shard.sh "$k8s_shards" "$work/k8s" "$loaderlab" $churn \
    --strategy dfs --preemption-bound 2 --reduction off) || fail "Kubernetes index $i"
  i=$((i + 1))
done
"$loaderlab" merge k8s/part-*.json --report json > merged-k8s.json || fail "merge of the Kubernetes parts"
same schedules whole-full.json merged-k8s.json
[ "$(ls k8s/part-*.json | wc -l)" -eq "$k8s_shards" ] || fail "not one result per index"

if [ "$fails" -ne 0 ]; then
  echo "$fails check(s) failed" >&2
  exit 1
fi
echo "sharded searches through GNU parallel, Slurm and Kubernetes merge to the whole search's result"
