# The lessons' doc-test engine: runs every command a chapter shows and
# compares its output with what the chapter says it prints, or, in update
# mode, rewrites the chapter's expected outputs from a fresh run.
#
# tools/lessons-doctest.sh prepares the environment and calls this program;
# lessons/README.md documents the Markdown convention for authors.  In short:
#
#   - A fenced block whose info string is `console` holds commands.  A line
#     starting with "$ " is a command (a line ending in "\" continues on the
#     next one); the lines after it, up to the next command or the closing
#     fence, are its expected output (stdout and stderr together).
#   - Every block runs in a fresh `sh`, from the repository root; a `cd` or
#     an `export` lasts until the end of its block, and of the blocks that
#     continue it.
#   - A last output line "[exit status N]" stands for a non-zero exit status.
#   - A line holding only "..." stands for any number of lines, none included.
#   - HTML comments right above the fence change the block:
#       <!-- doctest: wine -->          the block runs under Wine (--wine runs)
#       <!-- doctest: continues -->     the block runs in the shell of the
#                                       previous block of its kind
#       <!-- doctest: varies REGEX -->  text matching the awk ERE REGEX may
#                                       differ from run to run: not compared
#       <!-- doctest: ignore REGEX -->  lines matching REGEX may come and go:
#                                       left out on both sides
#
# Before comparing, both sides are normalised (see normalise() below): wall-
# clock durations, rates per second and code offsets (worker_main+0x3f)
# become placeholders; the program's own output has the repository root and
# the build folder replaced by relative names first (see clean_paths()).
#
# Variables set with -v: root, build, build_name (what `build` is shown as),
# tmp (a private folder), mode ("check" or "update"), kind ("sim" or
# "wine"), require (1: a chapter without a command of this kind fails).
#
# What it leaves out: commands are not sandboxed (the chapters are the
# project's own), nor limited in time (CTest's TIMEOUT is the limit).

BEGIN {
  failures = 0          # commands whose output differs, in every chapter
  errors = 0            # malformed chapters, missing commands
  total = 0             # commands run, in every chapter
  serial = 0            # unique names for the output files
  chapter = ""
}

FNR == 1 {
  if (chapter != "") process_chapter()
  chapter = FILENAME
  n = 0
}

{ L[++n] = $0 }

END {
  if (chapter != "") process_chapter()
  if (mode == "update") {
    printf "lessons-doctest: %d command%s run\n", total, (total == 1 ? "" : "s")
  } else {
    printf "lessons-doctest: %d command%s run, %d failed\n", total, (total == 1 ? "" : "s"), failures
  }
  exit (errors ? 2 : failures ? 1 : 0)
}

# ---- Reading a chapter --------------------------------------------------------

function chapter_error(line_no, message) {
  printf "%s:%d: %s\n", display(chapter), line_no, message
  errors++
}

# The chapter's name as the reader knows it: relative to the repository.
function display(path) {
  if (index(path, root "/") == 1) return substr(path, length(root) + 2)
  return path
}

# Fills B_* (blocks) and C_* (commands) from L[1..n].
function parse_chapter(   i, line, info, in_block, pending_wine, pending_continues,
                          pending_varies, pending_ignore, d, directive, rest, c, b, g) {
  nb = 0; nc = 0
  in_block = 0; pending_wine = 0; pending_continues = 0; pending_varies = ""; pending_ignore = ""
  for (i = 1; i <= n; i++) {
    line = L[i]
    if (!in_block) {
      if (line ~ /^<!--[ \t]*doctest:/) {
        d = line
        sub(/^<!--[ \t]*doctest:[ \t]*/, "", d)
        if (d !~ /-->[ \t]*$/) { chapter_error(i, "a doctest comment must end on its line with -->"); continue }
        sub(/[ \t]*-->[ \t]*$/, "", d)
        directive = d; sub(/[ \t].*$/, "", directive)
        rest = d; sub(/^[^ \t]*[ \t]*/, "", rest)
        if (directive == "wine" && rest == "") pending_wine = 1
        else if (directive == "continues" && rest == "") pending_continues = 1
        else if (directive == "varies" && rest != "") pending_varies = pending_varies SUBSEP rest
        else if (directive == "ignore" && rest != "") pending_ignore = pending_ignore SUBSEP rest
        else chapter_error(i, "unknown doctest comment \"" d "\" (known: wine, continues, varies REGEX, ignore REGEX)")
        continue
      }
      if (line ~ /^```/) {
        info = line; sub(/^```+[ \t]*/, "", info); sub(/[ \t]+$/, "", info)
        in_block = 1
        fence_line = i
        if (info == "console") {
          b = ++nb
          B_kind[b] = pending_wine ? "wine" : "sim"
          B_varies[b] = pending_varies
          B_ignore[b] = pending_ignore
          B_continues[b] = pending_continues
          B_has_shell[b] = 0
          for (g = 1; g < b; g++) if (B_kind[g] == B_kind[b]) B_has_shell[b] = 1
          B_first[b] = nc + 1
          B_line[b] = i
          in_block = 2
        } else if (pending_wine || pending_continues || pending_varies != "" || pending_ignore != "") {
          chapter_error(i, "a doctest comment applies to a ```console block only")
        }
        pending_wine = 0; pending_continues = 0; pending_varies = ""; pending_ignore = ""
        continue
      }
      if (line !~ /^[ \t]*$/) { pending_wine = 0; pending_continues = 0; pending_varies = ""; pending_ignore = "" }
      continue
    }
    if (line ~ /^```[ \t]*$/) {
      if (in_block == 2) { close_command(i - 1); B_last[nb] = nc }
      in_block = 0
      continue
    }
    if (in_block == 1) {
      # Shown but not run: a loaderlab command here would go stale unnoticed.
      if (line ~ /^(\$ )?loaderlab( |$)/)
        chapter_error(i, "a loaderlab command outside a ```console block is never checked: put it in one")
      continue
    }
    if (substr(line, 1, 2) == "$ ") {
      close_command(i - 1)
      c = ++nc
      C_block[c] = nb
      C_line[c] = i
      C_text[c] = substr(line, 3)
      while (C_text[c] ~ /\\$/ && i < n && L[i + 1] !~ /^```[ \t]*$/) {
        i++
        C_text[c] = C_text[c] "\n" L[i]
      }
      C_out_first[c] = i + 1
      C_out_last[c] = i
      open_command = c
      continue
    }
    if (open_command == 0 && line !~ /^[ \t]*$/) chapter_error(i, "output before the first command of a ```console block")
  }
  if (in_block) chapter_error(fence_line, "this code block is never closed")
}

# Ends the expected output of the open command at line `last`, leaving out
# blank lines at its end (they separate commands, they are not output).
function close_command(last) {
  if (open_command == 0) return
  while (last >= C_out_first[open_command] && L[last] ~ /^[ \t]*$/) last--
  C_out_last[open_command] = last
  open_command = 0
}

# ---- Running a block ------------------------------------------------------------

# Runs the commands of block b, and of the blocks of its kind after it that
# continue it, in one shell; fills OUT[c, k], OUT_n[c] for each of them.
function run_block(b,   script, c, g, members, i, n_members) {
  script = tmp "/block.sh"
  n_members = 0
  members[++n_members] = b
  for (g = b + 1; g <= nb; g++) {
    if (B_kind[g] != B_kind[b]) continue
    if (!B_continues[g]) break
    members[++n_members] = g
  }
  printf "cd \"$LESSONS_DOCTEST_ROOT\" || exit 97\n" > script
  for (i = 1; i <= n_members; i++) {
    g = members[i]
    for (c = B_first[g]; c <= B_last[g]; c++) {
      serial++
      C_serial[c] = serial
      if (B_kind[g] == "wine") print_wine_command(script, c, serial)
      else printf "{ %s\n} >\"%s/out.%d\" 2>&1 </dev/null\necho $? >\"%s/rc.%d\"\n", C_text[c], tmp, serial, tmp, serial > script
    }
  }
  close(script)
  system("sh \"" script "\"")
  for (i = 1; i <= n_members; i++) {
    g = members[i]
    for (c = B_first[g]; c <= B_last[g]; c++) read_output(c)
  }
  system("rm -f \"" tmp "\"/out.* \"" tmp "\"/rc.*")
}

# A command under Wine, run again (up to 3 times in all) when Wine's server
# killed it: exit status 137 (SIGKILL), and no "Unhandled" exception report
# in its output.  A Windows program cannot send a Unix signal; Wine's server
# does, now and then, on a busy machine, to a process that has printed all
# it had to and whose threads it is ending at exit (seen in CI: a churn
# printed its 200 "ok" lines and its summary, then the shell's "Killed",
# and ended with 137).
# Such a run says nothing about the program.  The runs are in the block's
# own shell, so a `cd` or an `export` before still holds.
function print_wine_command(script, c, serial,   out) {
  out = tmp "/out." serial
  printf "attempt=1\nwhile :; do\n{ %s\n} >\"%s\" 2>&1 </dev/null\nrc=$?\n", C_text[c], out > script
  printf "[ \"$rc\" = 137 ] && [ $attempt -lt 3 ] && ! grep -q Unhandled \"%s\" || break\n", out > script
  printf "echo \"lessons-doctest: Wine killed a command (SIGKILL, attempt $attempt of 3), running it again: %s\" >&2\n", \
    shell_quoted_text(display(chapter) ":" C_line[c] ": $ " first_line(C_text[c])) > script
  printf "attempt=$((attempt + 1))\ndone\necho $rc >\"%s/rc.%d\"\n", tmp, serial > script
}

# Text to put inside double quotes in sh.
function shell_quoted_text(s) {
  gsub(/[\\"$`]/, "\\\\&", s)
  return s
}

function read_output(c,   file, line, k, rc) {
  file = tmp "/out." C_serial[c]
  k = 0
  while ((getline line < file) > 0) {
    sub(/\r$/, "", line)                    # Wine writes CRLF
    # Wine's client library prints this when a process ends while one of
    # its threads is in a call to the server; it says nothing about the
    # program (the test runners under win32/cmake drop it too).
    if (kind == "wine" && line ~ /^wine client error:/) continue
    OUT[c, ++k] = clean_paths(line)
  }
  close(file)
  while (k > 0 && OUT[c, k] ~ /^[ \t]*$/) k--
  file = tmp "/rc." C_serial[c]
  rc = ""
  if ((getline rc < file) <= 0) rc = ""
  close(file)
  if (rc == "") OUT[c, ++k] = "[the shell ended before this command finished]"
  else if (rc != 0) OUT[c, ++k] = "[exit status " rc "]"
  OUT_n[c] = k
}

# The program's output names files by absolute path where the chapter names
# them from the repository root.
function clean_paths(s) {
  s = replace_all(s, build, build_name)
  s = replace_all(s, root "/", "")
  return s
}

function replace_all(s, from, to,   out, i) {
  if (from == "") return s
  out = ""
  while ((i = index(s, from)) > 0) {
    out = out substr(s, 1, i - 1) to
    s = substr(s, i + length(from))
  }
  return out s
}

# ---- Comparing ----------------------------------------------------------------

# What may differ between two honest runs of the same command.
function normalise(s, b,   parts, np, i) {
  if (B_varies[b] != "") {
    np = split(substr(B_varies[b], 2), parts, SUBSEP)
    for (i = 1; i <= np; i++) gsub(parts[i], "#", s)
  }
  gsub(/[0-9]+\.[0-9]+ ?(s|ms|us|ns|µs)/, "# s", s)          # wall-clock time
  gsub(/[0-9][0-9,.]*( [a-z]+)?\/s/, "#/s", s)                # rates per second
  gsub(/\+0x[0-9a-fA-F]+/, "+0x#", s)                         # code offsets: compiler and CPU
  gsub(/-0x[0-9a-fA-F]+/, "-0x#", s)                          # stack offsets: the same
  return s
}

function same(expected, actual, b) {
  return expected == actual || normalise(expected, b) == normalise(actual, b)
}

function is_ellipsis(s) { return s ~ /^[ \t]*\.\.\.[ \t]*$/ }

# Whether block b says that line s may come and go between runs.
function ignored(s, b,   parts, np, i) {
  if (B_ignore[b] == "") return 0
  np = split(substr(B_ignore[b], 2), parts, SUBSEP)
  for (i = 1; i <= np; i++) if (s ~ parts[i]) return 1
  return 0
}

# The two sides of command c's comparison, without the lines its block
# ignores (filter 1) or whole (filter 0): EL[1..ne] are chapter line
# numbers of the expected output ("..." lines included), AO[1..na] line
# numbers of the actual output.  Then splits the expected side into
# segments separated by "...": SEG_first[s] and SEG_len[s] index EL; sets
# nseg, lead (it starts with "...") and trail (it ends with one).
function sides(c, filter,   b, i, k, s) {
  b = C_block[c]
  ne = 0; na = 0
  for (i = C_out_first[c]; i <= C_out_last[c]; i++)
    if (!filter || is_ellipsis(L[i]) || !ignored(L[i], b)) EL[++ne] = i
  for (k = 1; k <= OUT_n[c]; k++)
    if (!filter || !ignored(OUT[c, k], b)) AO[++na] = k
  nseg = 0; lead = 0; trail = 0; s = 0
  for (i = 1; i <= ne; i++) {
    if (is_ellipsis(L[EL[i]])) {
      if (i == 1) lead = 1
      if (i == ne) trail = 1
      s = 0
      continue
    }
    if (s == 0) { s = ++nseg; SEG_first[s] = i; SEG_len[s] = 0 }
    SEG_len[s]++
  }
}

# Expected line at position e of EL against actual line at position a of AO.
function matches(c, e, a) {
  return a >= 1 && a <= na && same(L[EL[e]], OUT[c, AO[a]], C_block[c])
}

# Compares command c's output with the chapter.  Returns "" when they match,
# else a description of the first difference.
function compare(c,   s, pos, k, j, start, found, len) {
  sides(c, 1)
  if (nseg == 0) {
    if (lead || trail || na == 0) return ""
    return difference(c, 0, 1)
  }
  pos = 1
  for (s = 1; s <= nseg; s++) {
    len = SEG_len[s]
    if (s == 1 && !lead) {
      for (k = 0; k < len; k++)
        if (!matches(c, SEG_first[s] + k, k + 1)) return difference(c, SEG_first[s] + k, k + 1)
      if (nseg == 1 && !trail && na > len) return difference(c, 0, len + 1)
      pos = len + 1
    } else if (s == nseg && !trail) {
      start = na - len + 1
      if (start < pos) start = pos
      for (k = 0; k < len; k++)
        if (!matches(c, SEG_first[s] + k, start + k)) return difference(c, SEG_first[s] + k, start + k)
      if (start + len - 1 != na) return difference(c, 0, start + len)
      pos = start + len
    } else {
      found = 0
      for (j = pos; !found && j + len - 1 <= na; j++) {
        found = 1
        for (k = 0; k < len; k++)
          if (!matches(c, SEG_first[s] + k, j + k)) { found = 0; break }
      }
      if (!found)
        return sprintf("the lines from chapter line %d on, after \"...\", are not in the output after its line %d:\n    expected: %s", \
                       EL[SEG_first[s]], pos > 1 ? AO[pos - 1] : 0, L[EL[SEG_first[s]]])
      pos = j - 1 + len
    }
  }
  return ""
}

# Expected line at position e of EL (0: past the expected output) against
# actual line at position a of AO, for a report.
function difference(c, e, a,   expected, actual, line, k) {
  expected = e ? L[EL[e]] : "(nothing more)"
  line = e ? EL[e] : C_out_last[c] + 1
  actual = a <= na ? OUT[c, AO[a]] : "(end of output)"
  k = a <= na ? AO[a] : OUT_n[c] + 1
  return sprintf("first differing line (output line %d, chapter line %d):\n    expected: %s\n    got:      %s", \
                 k, line, expected, actual)
}

function first_line(text,   i) {
  i = index(text, "\n")
  return i ? substr(text, 1, i - 1) " ..." : text
}

function report_failure(c, why,   k) {
  failures++
  printf "FAIL %s:%d: $ %s\n  %s\n  the whole output:\n", display(chapter), C_line[c], first_line(C_text[c]), why
  for (k = 1; k <= OUT_n[c] && k <= 80; k++) printf "    | %s\n", OUT[c, k]
  if (OUT_n[c] > 80) printf "    | ... (%d more lines)\n", OUT_n[c] - 80
}

# ---- Updating -----------------------------------------------------------------

# The new expected output of command c, in NEW[c, 1..NEW_n[c]]: the output
# itself, shaped like the old one (its "..." kept, as many lines around them
# as before), with an old line kept wherever it still matches, so that a
# timing in the chapter does not change with every update.  An output that
# still matches is kept as it is.
function reshape(c,   s, k, j, pos, start, len, best, best_j, score, m, whole) {
  if (compare(c) == "") { NEW_n[c] = C_out_last[c] - C_out_first[c] + 1; keep_old(c); return }
  sides(c, 0)
  m = 0
  whole = 0
  if (nseg == 0 || (!lead && !trail && nseg == 1)) whole = 1
  pos = 1
  for (s = 1; !whole && s <= nseg; s++) {
    len = SEG_len[s]
    if (s == 1 && !lead) start = 1
    else if (s == nseg && !trail) start = na - len + 1
    else {
      best = 0; best_j = 0
      for (j = pos; j + len - 1 <= na; j++) {
        score = 0
        for (k = 0; k < len; k++) if (matches(c, SEG_first[s] + k, j + k)) score++
        if (score > best) { best = score; best_j = j }
      }
      if (best == 0) {
        printf "%s:%d: $ %s\n  the lines after \"...\" at chapter line %d are no longer in the output: wrote the output whole; shorten it by hand\n", \
               display(chapter), C_line[c], first_line(C_text[c]), EL[SEG_first[s]]
        whole = 1
        break
      }
      start = best_j
    }
    if (start < pos || start + len - 1 > na) {
      printf "%s:%d: $ %s\n  the output is now shorter than the lines the chapter shows around \"...\": wrote it whole; shorten it by hand\n", \
             display(chapter), C_line[c], first_line(C_text[c])
      whole = 1
      break
    }
    if (s > 1 || lead) NEW[c, ++m] = "..."
    for (k = 0; k < len; k++)
      NEW[c, ++m] = matches(c, SEG_first[s] + k, start + k) ? L[EL[SEG_first[s] + k]] : OUT[c, start + k]
    pos = start + len
  }
  if (!whole) {
    if (trail) NEW[c, ++m] = "..."
    NEW_n[c] = m
    return
  }
  for (k = 1; k <= OUT_n[c]; k++) {
    j = C_out_first[c] + k - 1
    NEW[c, k] = (j <= C_out_last[c] && same(L[j], OUT[c, k], C_block[c])) ? L[j] : OUT[c, k]
  }
  NEW_n[c] = OUT_n[c]
}

function keep_old(c,   k) {
  for (k = 1; k <= NEW_n[c]; k++) NEW[c, k] = L[C_out_first[c] + k - 1]
}

function write_chapter(   out, i, j, c, k, changed) {
  out = tmp "/chapter.md"
  i = 1
  changed = 0
  for (c = 1; c <= nc; c++) {
    if (!(c in NEW_n)) continue
    for (; i <= C_out_first[c] - 1; i++) print L[i] > out
    for (k = 1; k <= NEW_n[c]; k++) {
      print NEW[c, k] > out
      j = C_out_first[c] + k - 1
      if (j > C_out_last[c] || L[j] != NEW[c, k]) changed = 1
    }
    if (NEW_n[c] != C_out_last[c] - C_out_first[c] + 1) changed = 1
    i = C_out_last[c] + 1
  }
  for (; i <= n; i++) print L[i] > out
  close(out)
  if (changed) {
    # cat rather than mv: the chapter keeps its own file and permissions.
    if (system("cat \"" out "\" > \"" chapter "\"") != 0) {
      printf "%s: cannot rewrite it\n", display(chapter)
      errors++
    }
  }
  system("rm -f \"" out "\"")
  return changed
}

# ---- One chapter ----------------------------------------------------------------

function process_chapter(   b, c, why, ran, failed_here, changed) {
  open_command = 0
  delete B_kind; delete B_varies; delete B_ignore; delete B_continues; delete B_has_shell
  delete B_first; delete B_last; delete B_line
  delete C_block; delete C_line; delete C_text; delete C_out_first; delete C_out_last
  delete OUT; delete OUT_n; delete NEW; delete NEW_n
  errors_before = errors
  parse_chapter()
  if (errors > errors_before) return
  ran = 0; failed_here = 0
  for (b = 1; b <= nb; b++) {
    if (B_kind[b] != kind) continue
    if (B_last[b] < B_first[b]) { chapter_error(B_line[b], "this ```console block has no command"); continue }
    if (!B_continues[b]) run_block(b)
    else if (!B_has_shell[b]) { chapter_error(B_line[b], "a block that continues needs an earlier ```console block of its kind"); continue }
    for (c = B_first[b]; c <= B_last[b]; c++) {
      ran++
      if (mode == "update") { reshape(c); continue }
      why = compare(c)
      if (why != "") { report_failure(c, why); failed_here++ }
    }
  }
  total += ran
  if (ran == 0 && require) {
    chapter_error(1, "no " (kind == "wine" ? "Wine " : "") "command to check: a chapter shows the kit's own output (see lessons/README.md)")
    return
  }
  if (mode == "update") {
    changed = ran ? write_chapter() : 0
    printf "%s: %d command%s run, %s\n", display(chapter), ran, (ran == 1 ? "" : "s"), (changed ? "outputs rewritten" : "unchanged")
  } else if (failed_here == 0) {
    printf "ok %s: %d command%s\n", display(chapter), ran, (ran == 1 ? "" : "s")
  }
}
