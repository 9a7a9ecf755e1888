/* The loaderlab trace viewer.
 *
 * Reads the run's trace (the JSON of `loaderlab replay --trace json`,
 * version 2, embedded in the page) and draws it as swimlanes: a column per
 * thread, then the loader lock, each DLL and each completion port; a row per
 * step.  A student steps through the run with the keyboard or the buttons,
 * clicks a step for its details and source line, filters to one thread, and
 * asks why a thread is blocked.
 *
 * Rows are drawn only where the window shows them, so a trace of a hundred
 * thousand steps scrolls as fast as one of a hundred.
 */
(function () {
  'use strict';

  var data = JSON.parse(document.getElementById('trace-data').textContent);
  var PALETTE = ['#1971c2', '#2f9e44', '#ae3ec9', '#e8590c', '#0c8599', '#c2255c', '#5f3dc4',
                 '#66a80f', '#d6336c', '#1098ad', '#f08c00', '#7048e8'];
  var ROW = 24, STEP_WIDTH = 64, THREAD_WIDTH = 200, NARROW_WIDTH = 100, PORT_WIDTH = 64;
  var STATE_NAMES = { mapped: 'mapped', attached: 'attached', detaching: 'detaching', unmapped: 'unmapped' };

  /* ---- The model: what each lane is doing at each step ---------------------- */

  function buildModel(d) {
    var events = d.events || [];
    var m = {
      events: events, threads: [], byTid: {}, lock: [], modules: [], ports: [], byStep: {},
      maxStep: 0, verdict: d.verdict || { kind: 'ok', bug: false, step: 0 }, verdictStep: 0,
      cycle: (d.verdict && d.verdict.cycle) || []
    };
    function thread(tid) {
      if (!m.byTid[tid]) {
        m.byTid[tid] = { tid: tid, name: tid === 1 ? 'thread 1 (main)' : 'thread ' + tid, events: [],
                         spans: [], createdAt: 0, createdBy: 0, firstStep: 0, endStep: 0, endWhy: '' };
        m.threads.push(m.byTid[tid]);
      }
      return m.byTid[tid];
    }
    events.forEach(function (e, i) {
      e.index = i;
      if (e.step > m.maxStep) m.maxStep = e.step;
      if (e.kind === 'counter') return;
      (m.byStep[e.step] = m.byStep[e.step] || []).push(e);
      if (e.kind === 'verdict') m.verdictStep = e.step;
      if (e.thread) {
        var t = thread(e.thread);
        if (e.thread_name) t.name = e.thread_name;
        t.events.push(e);
        if (!t.firstStep) t.firstStep = e.step;
      }
      /* Threads that were created, whether or not they ever ran. */
      var created = /CreateThread\(.*\) -> thread (\d+)/.exec(e.text || '');
      if (created) {
        var c = thread(+created[1]);
        c.createdAt = e.step;
        c.createdBy = e.thread;
      }
      var killed = /^ExitProcess terminates thread (\d+)/.exec(e.text || '');
      if (killed) {
        var k = thread(+killed[1]);
        k.endStep = e.step;
        k.endWhy = 'terminated by ExitProcess at step ' + e.step;
      }
      if (e.thread && /^thread exits with code/.test(e.text || '')) m.byTid[e.thread].exitsAt = e.step;
    });
    if (m.verdict.step > m.maxStep) m.maxStep = m.verdict.step;
    if (!m.verdictStep) m.verdictStep = m.verdict.bug ? m.verdict.step : m.maxStep;
    m.threads.sort(function (a, b) { return a.tid - b.tid; });
    m.threads.forEach(function (t, i) { t.color = PALETTE[i % PALETTE.length]; });

    /* Blocking spans: from a block to the thread's next event (its verdict
     * is not one: a deadlock's verdict is reported by a thread that never
     * wakes).  A thread that returned from its routine is gone only when
     * nothing follows: the loader lock can still block it on its way out. */
    m.threads.forEach(function (t) {
      var own = t.events.filter(function (e) { return e.kind !== 'verdict'; });
      for (var i = 0; i < own.length; i++) {
        var e = own[i];
        if (e.kind !== 'block') continue;
        var next = own[i + 1];
        var text = (e.text || '').replace(/^blocks: /, '');
        t.spans.push({ from: e.step, to: next ? next.step : (t.endStep || m.maxStep + 1), block: e,
                       wake: next || null, text: text });
      }
      var last = own[own.length - 1];
      if (t.exitsAt && !t.endStep && last && last.kind !== 'block') {
        t.endStep = last.step;
        t.endWhy = 'exited at step ' + last.step;
      }
    });

    /* The loader lock's owner at the end of each step. */
    var owner = 0;
    for (var s = 0, i = 0; s <= m.maxStep; s++) {
      while (i < events.length && events[i].step <= s) {
        owner = events[i].loader_lock || 0;
        i++;
      }
      m.lock[s] = owner;
    }

    /* Each DLL's states, and each port's queue, as changes by step. */
    var modIndex = {}, portIndex = {};
    events.forEach(function (e) {
      if (e.module) {
        if (!(e.module in modIndex)) {
          modIndex[e.module] = m.modules.length;
          m.modules.push({ name: e.module, changes: [] });
        }
        m.modules[modIndex[e.module]].changes.push({ step: e.step, state: e.module_state, event: e });
      }
      if (e.kind === 'counter') {
        if (!(e.port in portIndex)) {
          portIndex[e.port] = m.ports.length;
          m.ports.push({ port: e.port, name: 'port#' + e.port, changes: [], max: 1 });
        }
        var p = m.ports[portIndex[e.port]];
        p.changes.push({ step: e.step, queued: e.queued });
        if (e.queued > p.max) p.max = e.queued;
      }
    });
    return m;
  }

  /* The last change at or before step (changes sorted by step), or null. */
  function changeAt(changes, step) {
    var lo = 0, hi = changes.length - 1, found = null;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (changes[mid].step <= step) { found = changes[mid]; lo = mid + 1; } else { hi = mid - 1; }
    }
    return found;
  }

  function spanAt(t, step) {
    for (var i = 0; i < t.spans.length; i++) {
      var sp = t.spans[i];
      if (sp.from <= step && step < sp.to) return sp;
      if (sp.from > step) break;
    }
    return null;
  }

  function eventsOf(t, step) {
    var list = model.byStep[step] || [];
    return list.filter(function (e) { return e.thread === t.tid; });
  }

  /* ---- Elements ----------------------------------------------------------------- */

  function el(tag, cls, text) {
    var n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text !== undefined && text !== null) n.textContent = text;
    return n;
  }

  var model = buildModel(data);
  var lanes = [];            /* what each column shows, in order */
  var visibleSteps = [];     /* rows shown (all steps, or one thread's) */
  var selected = 0;          /* index into visibleSteps */
  var focusEvent = null;     /* the event the details pane points at */
  var filterTid = 0;
  var wakerStep = 0;

  var app = document.getElementById('app');
  var header = el('header');
  var title = el('h1', null, 'loaderlab trace: ' + (data.program || 'a run'));
  var meta = el('div', 'meta', 'schedule ' + data.schedule + ' \u00b7 ' + data.steps + ' step' +
                (data.steps === 1 ? '' : 's') + ' \u00b7 ' + data.preemptions + ' preemption' +
                (data.preemptions === 1 ? '' : 's') + ' \u00b7 ' + data.time_ms + ' ms of virtual time');
  header.appendChild(title);
  header.appendChild(meta);

  var v = model.verdict;
  var banner = el('div', v.bug ? 'bug' : 'ok');
  banner.id = 'verdict';
  var kindName = v.kind.replace(/-/g, ' ');
  if (v.kind === 'lock-order') kindName = 'potential deadlock (lock order)';
  if (v.kind === 'dllmain-misuse') kindName = 'DllMain misuse';
  if (v.kind === 'assertion') kindName = 'assertion failure';
  banner.appendChild(el('span', 'kind', kindName));
  banner.appendChild(document.createTextNode(v.bug ? ' at step ' + v.step + ': ' + v.message : ': ' + v.message));
  if (v.details) {
    var det = el('details');
    det.appendChild(el('summary', null, 'details'));
    det.appendChild(el('pre', null, v.details));
    banner.appendChild(det);
  }
  if (v.latent) {
    banner.appendChild(el('div', 'latent', 'A thread parked in an unloaded DLL would make this a ' +
                          v.latent.replace(/-/g, ' ') + ' if it woke: `loaderlab explore` looks for that schedule.'));
  }
  header.appendChild(banner);
  app.appendChild(header);

  var controls = el('div', 'controls');
  function button(label, titleText, fn) {
    var b = el('button', null, label);
    b.title = titleText;
    b.addEventListener('click', function () { fn(); lanesBox.focus(); });
    controls.appendChild(b);
    return b;
  }
  button('\u25b2\u25b2 first', 'first step (Home)', function () { select(0); });
  button('\u25b2 back', 'previous step (\u2191 or k)', function () { select(selected - 1); });
  button('\u25bc forward', 'next step (\u2193 or j)', function () { select(selected + 1); });
  button('\u26a1 jump to verdict', 'the step of the verdict (v)', jumpToVerdict);
  var whyButton = button('why is this thread blocked?', 'explain the selected wait (w)', function () { explainSelected(); });
  var where = el('span', 'where');
  controls.appendChild(where);
  var filter = el('select');
  filter.title = 'show one thread only (t)';
  filter.appendChild(new Option('all threads', '0'));
  model.threads.forEach(function (t) { filter.appendChild(new Option('only ' + t.name, String(t.tid))); });
  filter.addEventListener('change', function () { setFilter(+filter.value); lanesBox.focus(); });
  controls.appendChild(filter);
  controls.appendChild(el('span', 'keys',
    '\u2191\u2193 or j k: step \u00b7 Home End \u00b7 v: verdict \u00b7 w: why blocked \u00b7 t: filter \u00b7 Esc: all threads'));
  app.appendChild(controls);

  var main = el('main');
  var lanesBox = el('div');
  lanesBox.id = 'lanes';
  lanesBox.tabIndex = 0;
  var grid = el('div', 'grid');
  var heads = el('div', 'lane-headers');
  var rowsBox = el('div', 'rows');
  grid.appendChild(heads);
  grid.appendChild(rowsBox);
  lanesBox.appendChild(grid);
  main.appendChild(lanesBox);
  var side = el('aside');
  side.id = 'side';
  main.appendChild(side);
  app.appendChild(main);

  /* ---- Lanes ---------------------------------------------------------------------- */

  /* The narrow lanes of the process (the loader lock, the DLLs, the ports)
   * come first, so they stay in view however many threads there are. */
  function buildLanes() {
    lanes = [];
    lanes.push({ kind: 'lock', key: 'loader-lock' });
    model.modules.forEach(function (mod) { lanes.push({ kind: 'module', mod: mod, key: 'module-' + mod.name }); });
    model.ports.forEach(function (p) { lanes.push({ kind: 'port', port: p, key: 'port-' + p.port }); });
    model.threads.forEach(function (t) {
      if (!filterTid || filterTid === t.tid) lanes.push({ kind: 'thread', t: t, key: 'thread-' + t.tid });
    });
    /* Pinned lanes keep their place when the threads scroll sideways. */
    var left = STEP_WIDTH;
    lanes.forEach(function (lane) {
      lane.width = lane.kind === 'thread' ? (lane.t.firstStep ? THREAD_WIDTH : NARROW_WIDTH)
                 : lane.kind === 'port' ? PORT_WIDTH : NARROW_WIDTH;
      lane.pinned = lane.kind !== 'thread';
      lane.left = left;
      left += lane.width;
    });
    heads.innerHTML = '';
    heads.appendChild(el('div', 'lane-header step-head w-step', 'step'));
    lanes.forEach(function (lane) {
      var h;
      if (lane.kind === 'thread') {
        h = el('div', 'lane-header thread w-thread', lane.t.name);
        h.style.setProperty('--c', lane.t.color);
        var sub = lane.t.createdAt ? 'created at step ' + lane.t.createdAt : 'the process\u2019s first thread';
        if (!lane.t.firstStep) sub += ', never ran';
        if (lane.t.endWhy) sub += ', ' + lane.t.endWhy;
        h.appendChild(el('span', 'sub', sub));
        if (model.cycle.indexOf(lane.t.tid) >= 0) h.classList.add('in-cycle');
      } else if (lane.kind === 'lock') {
        h = el('div', 'lane-header w-narrow', 'loader lock');
        h.appendChild(el('span', 'sub', 'who holds it'));
      } else if (lane.kind === 'module') {
        h = el('div', 'lane-header w-narrow', lane.mod.name);
        h.appendChild(el('span', 'sub', 'module lifetime'));
      } else {
        h = el('div', 'lane-header w-port', lane.port.name);
        h.appendChild(el('span', 'sub', 'queued'));
      }
      h.dataset.lane = lane.key;
      h.title = h.textContent;
      place(h, lane);
      heads.appendChild(h);
    });
  }

  function place(node, lane) {
    node.style.width = lane.width + 'px';
    if (lane.pinned) {
      node.classList.add('pinned');
      node.style.left = lane.left + 'px';
    }
  }

  function buildVisibleSteps() {
    visibleSteps = [];
    var t = filterTid ? model.byTid[filterTid] : null;
    for (var s = 1; s <= model.maxStep; s++) {
      if (t) {
        var mine = eventsOf(t, s).length > 0 || s === model.verdictStep || (spanAt(t, s) && spanAt(t, s).from === s);
        if (!mine) continue;
      }
      visibleSteps.push(s);
    }
    if (!visibleSteps.length) visibleSteps.push(model.maxStep || 1);
    rowsBox.style.height = visibleSteps.length * ROW + 'px';
  }

  function shortText(e) {
    var text = e.text || '';
    if (e.kind === 'output') return '| ' + text.replace(/\n$/, '').replace(/\n/g, ' \u21b5 ');
    if (e.kind === 'note') return '-- ' + text;
    if (e.kind === 'warning') return '!! ' + text;
    if (e.kind === 'verdict') return '\u26a1 ' + text;
    if (e.kind === 'block') return '\u2016 ' + text.replace(/^blocks: /, '');
    return text;
  }

  function threadCell(lane, step, firstVisible) {
    var t = lane.t;
    var c = el('div', 'cell w-thread');
    c.style.setProperty('--c', t.color);
    var evs = eventsOf(t, step);
    var sp = spanAt(t, step);
    if (evs.length) {
      c.classList.add('active');
      var e = evs[0];
      for (var i = 0; i < evs.length; i++) if (evs[i].kind === 'verdict') e = evs[i];
      var ev = el('span', 'ev ' + e.kind, shortText(e));
      if (e.result) ev.appendChild(el('span', 'res', ' \u2192 ' + e.result));
      c.appendChild(ev);
      if (evs.length > 1) c.appendChild(el('span', 'more', '+' + (evs.length - 1)));
      if (e.kind === 'verdict') c.classList.add('verdict-cell');
      c.title = evs.map(function (x) { return shortText(x) + (x.result ? ' \u2192 ' + x.result : ''); }).join('\n');
      c.dataset.event = e.index;
    } else if (sp) {
      c.classList.add('blocked');
      var inCycle = model.verdict.kind === 'deadlock' && !sp.wake && model.cycle.indexOf(t.tid) >= 0;
      if (inCycle) c.classList.add('cycle');
      if (step === sp.from + 1 || firstVisible) c.appendChild(el('span', 'wait', (inCycle ? 'deadlock: ' : '') + sp.text));
      c.title = 'blocked since step ' + sp.from + ': ' + sp.text + '\n(click, then w: why is this thread blocked?)';
      c.dataset.blocked = t.tid;
    } else if (t.createdAt && step >= t.createdAt && !t.firstStep && (!t.endStep || step <= t.endStep)) {
      c.classList.add('ready', 'created');
      if (step === t.createdAt) c.appendChild(el('span', 'ev', 'created; ready, never runs'));
    } else if (t.firstStep && step > t.firstStep && (!t.endStep || step <= t.endStep)) {
      c.classList.add('ready');
    } else if (t.endStep && step > t.endStep) {
      c.classList.add('exited');
    }
    return c;
  }

  function lockCell(step) {
    var c = el('div', 'cell lock w-narrow');
    var owner = model.lock[step] || 0;
    if (owner) {
      var t = model.byTid[owner];
      c.classList.add('held');
      c.style.setProperty('--c', t ? t.color : '#868e96');
      if (model.lock[step - 1] !== owner) c.appendChild(el('span', 'who', t ? t.name : 'thread ' + owner));
      c.title = 'the loader lock is held by ' + (t ? t.name : 'thread ' + owner);
    }
    return c;
  }

  function moduleCell(mod, step) {
    var c = el('div', 'cell mod w-narrow');
    var ch = changeAt(mod.changes, step);
    if (!ch) return c;
    var state = ch.state;
    if (state === 'unmapped') {
      if (ch.step === step) {
        c.appendChild(el('span', 'unmap-marker', '\u2715 unmapped'));
        c.classList.add('mod-unmapped');
        c.title = mod.name + ' unmapped at step ' + step + ': its code and data are gone';
      }
      return c;
    }
    c.classList.add('mod-' + state);
    if (ch.step === step) c.appendChild(el('span', 'state', STATE_NAMES[state] || state));
    c.title = mod.name + ': ' + state;
    return c;
  }

  function portCell(p, step) {
    var c = el('div', 'cell port w-port');
    var ch = changeAt(p.changes, step);
    var n = ch ? ch.queued : 0;
    if (n > 0) {
      var bar = el('div', 'bar');
      bar.style.width = Math.max(4, Math.round(40 * n / p.max)) + 'px';
      c.appendChild(bar);
    }
    if (ch && ch.step === step) c.appendChild(el('span', 'n', String(n)));
    c.title = p.name + ': ' + n + ' packet' + (n === 1 ? '' : 's') + ' queued';
    return c;
  }

  function renderRows() {
    var top = lanesBox.scrollTop, height = lanesBox.clientHeight || 600;
    var first = Math.max(0, Math.floor(top / ROW) - 10);
    var last = Math.min(visibleSteps.length - 1, Math.ceil((top + height) / ROW) + 10);
    var firstShown = Math.max(0, Math.floor(top / ROW));
    rowsBox.innerHTML = '';
    var frag = document.createDocumentFragment();
    for (var i = first; i <= last; i++) {
      var step = visibleSteps[i];
      var row = el('div', 'row');
      row.style.top = i * ROW + 'px';
      row.dataset.step = step;
      row.dataset.index = i;
      if (i === selected) row.classList.add('selected');
      if (step === model.verdictStep && model.verdict.bug) row.classList.add('verdict-row');
      if (model.verdict.bug && step === model.verdict.step && step !== model.verdictStep) row.classList.add('cause-row');
      if (step === wakerStep) row.classList.add('waker');
      var sc = el('div', 'cell step w-step', String(step));
      var evs = model.byStep[step] || [];
      if (evs.length && i > 0) {
        var prev = model.byStep[visibleSteps[i - 1]] || [];
        if (prev.length && prev[prev.length - 1].time_ms !== evs[0].time_ms) sc.appendChild(el('span', 'vt', evs[0].time_ms + 'ms'));
      }
      row.appendChild(sc);
      for (var k = 0; k < lanes.length; k++) {
        var lane = lanes[k], cell;
        if (lane.kind === 'thread') cell = threadCell(lane, step, i === firstShown);
        else if (lane.kind === 'lock') cell = lockCell(step);
        else if (lane.kind === 'module') cell = moduleCell(lane.mod, step);
        else cell = portCell(lane.port, step);
        place(cell, lane);
        row.appendChild(cell);
      }
      frag.appendChild(row);
    }
    rowsBox.appendChild(frag);
    rowsBox.style.width = heads.scrollWidth + 'px';
  }

  /* ---- Selection and details -------------------------------------------------------- */

  function select(i, eventIndex) {
    if (i < 0) i = 0;
    if (i > visibleSteps.length - 1) i = visibleSteps.length - 1;
    selected = i;
    var step = visibleSteps[i];
    var evs = (model.byStep[step] || []).filter(function (e) { return !filterTid || e.thread === filterTid || e.kind === 'verdict'; });
    focusEvent = null;
    if (eventIndex !== undefined) focusEvent = model.events[eventIndex];
    if (!focusEvent) focusEvent = evs.filter(function (e) { return e.kind === 'verdict'; })[0] || evs[0] || null;
    wakerStep = 0;
    scrollToRow(i);
    if (focusEvent && focusEvent.thread) scrollToThread(focusEvent.thread);
    renderRows();
    renderDetails(step, evs);
    where.textContent = 'step ' + step + ' of ' + model.maxStep;
  }

  function scrollToRow(i) {
    var top = i * ROW, h = lanesBox.clientHeight - 40;
    if (top < lanesBox.scrollTop + 10) lanesBox.scrollTop = Math.max(0, top - 60);
    else if (top + ROW > lanesBox.scrollTop + h) lanesBox.scrollTop = top + ROW - h + 60;
  }

  /* Brings a thread's lane into view beside the pinned lanes. */
  function scrollToThread(tid) {
    var lane = null, pinnedWidth = STEP_WIDTH;
    lanes.forEach(function (l) {
      if (l.pinned) pinnedWidth += l.width;
      if (l.kind === 'thread' && l.t.tid === tid) lane = l;
    });
    if (!lane) return;
    var view = lanesBox.clientWidth;
    if (lane.left < lanesBox.scrollLeft + pinnedWidth) lanesBox.scrollLeft = Math.max(0, lane.left - pinnedWidth);
    else if (lane.left + lane.width > lanesBox.scrollLeft + view) lanesBox.scrollLeft = lane.left + lane.width - view;
  }

  function kv(parent, key, value) {
    if (value === undefined || value === null || value === '') return;
    var d = el('div', 'kv', key + ' ');
    d.appendChild(el('b', null, String(value)));
    parent.appendChild(d);
  }

  function threadName(tid) {
    var t = model.byTid[tid];
    return t ? t.name : 'thread ' + tid;
  }

  function renderDetails(step, evs) {
    side.innerHTML = '';
    side.appendChild(el('h2', null, 'step ' + step));
    if (!evs.length) {
      side.appendChild(el('div', 'kv', 'Nothing the trace records happens in this step.'));
    }
    evs.forEach(function (e) {
      var box = el('div', 'event' + (e === focusEvent ? ' focus' : ''));
      var t = model.byTid[e.thread];
      box.style.setProperty('--c', t ? t.color : '#868e96');
      box.appendChild(el('div', 'who', e.thread ? threadName(e.thread) : 'the process'));
      box.appendChild(el('div', 'text', shortText(e) + (e.result ? ' \u2192 ' + e.result : '')));
      kv(box, 'call', e.call);
      kv(box, 'called from', e.caller);
      kv(box, 'source', e.source);
      kv(box, 'virtual time', e.time_ms + ' ms');
      kv(box, 'loader lock held by', e.loader_lock ? threadName(e.loader_lock) : 'nobody');
      if (e.woken_at) kv(box, 'woken', 'at step ' + e.woken_at + (e.woken_by ? ' by ' + threadName(e.woken_by) : ' by time (a timeout)'));
      if (e.module) kv(box, e.module, 'is now ' + e.module_state);
      if (e.kind === 'block') {
        var b = el('button', null, 'why is this thread blocked?');
        b.addEventListener('click', function () { explain(e.thread, e.step); });
        box.appendChild(b);
      }
      box.addEventListener('click', function () { focusEvent = e; renderDetails(step, evs); });
      side.appendChild(box);
    });
    var why = el('div');
    why.id = 'why';
    side.appendChild(why);
    var legend = el('div', 'legend');
    legend.innerHTML = '';
    [['#adb5bd', 'ready'], ['#e8590c', 'blocked'], ['#91a7ff', 'mapped'], ['#40c057', 'attached'],
     ['#fab005', 'detaching'], ['#748ffc', 'packets queued']].forEach(function (x) {
      var sw = el('span');
      sw.style.background = x[0];
      legend.appendChild(sw);
      legend.appendChild(document.createTextNode(x[1]));
    });
    side.appendChild(legend);
    var blocked = blockedThreadAt(step);
    whyButton.disabled = !blocked;
  }

  /* The thread whose wait the selection points at: the focused event's
   * thread if it blocks or is blocked, else the filtered thread. */
  function blockedThreadAt(step) {
    if (focusEvent && focusEvent.kind === 'block') return focusEvent.thread;
    var tids = filterTid ? [filterTid] : (focusEvent && focusEvent.thread ? [focusEvent.thread] : []);
    for (var i = 0; i < tids.length; i++) {
      var t = model.byTid[tids[i]];
      if (t && spanAt(t, step)) return t.tid;
    }
    return 0;
  }

  function explainSelected() {
    var step = visibleSteps[selected];
    var tid = blockedThreadAt(step);
    if (tid) explain(tid, step);
  }

  function link(parent, text, step) {
    var a = el('a', null, text);
    a.addEventListener('click', function () { goToStep(step); });
    parent.appendChild(a);
  }

  /* "Why is this thread blocked": what it waits for, who holds it or will
   * release it, and when (and by whom) it is woken, if ever. */
  function explain(tid, step) {
    var t = model.byTid[tid];
    var sp = t && spanAt(t, step);
    var why = document.getElementById('why');
    if (!sp) {
      why.textContent = threadName(tid) + ' is not blocked at step ' + step + '.';
      return;
    }
    why.innerHTML = '';
    var call = sp.block.call ? ' in ' + sp.block.call : '';
    why.appendChild(document.createTextNode(threadName(tid) + ' is blocked since step ' + sp.from + call + ': it ' +
      sp.text.replace(/ in [A-Za-z]+, called from .*$/, '') + '.'));
    if (sp.block.source || sp.block.caller)
      why.appendChild(document.createTextNode('\nThe call is at ' + (sp.block.source || sp.block.caller) + '.'));
    var held = /\(held by (thread \d+[^)]*\)?)/.exec(sp.text);
    if (held) why.appendChild(document.createTextNode('\nThe lock is held by ' + held[1] + ': it must leave it first.'));
    if (sp.wake) {
      var by = sp.wake.woken_by;
      var at = sp.wake.woken_at || sp.wake.step;
      why.appendChild(document.createTextNode('\nIt is woken at step ' + at + (by ? ' by ' + threadName(by) : ' when its timeout expires')));
      var wakerEvents = (model.byStep[at] || []).filter(function (e) { return e.thread === by; });
      if (by && wakerEvents.length)
        why.appendChild(document.createTextNode(', whose ' + wakerEvents[wakerEvents.length - 1].text + ' releases it'));
      why.appendChild(document.createTextNode(', and runs again at step ' + sp.wake.step + ' ('));
      link(why, 'go to the wake-up', at);
      why.appendChild(document.createTextNode(').'));
      wakerStep = at;
      renderRows();
    } else if (model.verdict.kind === 'deadlock' && model.cycle.indexOf(tid) >= 0) {
      var names = model.cycle.map(threadName);
      why.appendChild(document.createTextNode('\nIt never wakes: it is part of the deadlock cycle ' +
        names.concat([names[0]]).join(' \u2192 ') + ', each waiting for the next.'));
    } else if (t.endWhy) {
      why.appendChild(document.createTextNode('\nIt never wakes: it was still waiting when it was ' + t.endWhy.replace(/ at step \d+/, '') +
        ' (step ' + t.endStep + ').'));
    } else {
      why.appendChild(document.createTextNode('\nNothing wakes it before the run ends (' + model.verdict.kind.replace(/-/g, ' ') + ').'));
    }
  }

  function goToStep(step) {
    var i = visibleSteps.indexOf(step);
    if (i < 0 && filterTid) { setFilter(0); i = visibleSteps.indexOf(step); }
    if (i >= 0) select(i);
  }

  function jumpToVerdict() { goToStep(model.verdictStep); }

  function setFilter(tid) {
    var step = visibleSteps[selected];
    filterTid = tid;
    filter.value = String(tid);
    buildLanes();
    buildVisibleSteps();
    var i = 0;
    while (i < visibleSteps.length - 1 && visibleSteps[i] < step) i++;
    select(i);
  }

  /* ---- Input ------------------------------------------------------------------------ */

  lanesBox.addEventListener('scroll', function () { window.requestAnimationFrame(renderRows); });
  window.addEventListener('resize', function () { renderRows(); });
  rowsBox.addEventListener('click', function (ev) {
    var row = ev.target.closest('.row');
    if (!row) return;
    var cell = ev.target.closest('.cell');
    var evIndex = cell && cell.dataset.event !== undefined ? +cell.dataset.event : undefined;
    select(+row.dataset.index, evIndex);
    if (cell && cell.dataset.blocked) {
      focusEvent = null;
      explain(+cell.dataset.blocked, +row.dataset.step);
      whyButton.disabled = false;
    }
  });
  document.addEventListener('keydown', function (ev) {
    if (ev.target === filter) return;
    var k = ev.key;
    if (k === 'ArrowDown' || k === 'j' || k === 'n') select(selected + 1);
    else if (k === 'ArrowUp' || k === 'k' || k === 'p') select(selected - 1);
    else if (k === 'PageDown') select(selected + 20);
    else if (k === 'PageUp') select(selected - 20);
    else if (k === 'Home' || k === 'g') select(0);
    else if (k === 'End' || k === 'G') select(visibleSteps.length - 1);
    else if (k === 'v') jumpToVerdict();
    else if (k === 'w') explainSelected();
    else if (k === 't') {
      var tids = [0].concat(model.threads.map(function (t) { return t.tid; }));
      setFilter(tids[(tids.indexOf(filterTid) + 1) % tids.length]);
    } else if (k === 'Escape') setFilter(0);
    else return;
    ev.preventDefault();
  });

  buildLanes();
  buildVisibleSteps();
  select(0);
  lanesBox.focus();
  window.loaderlabViewer = {
    model: model,
    selectedStep: function () { return visibleSteps[selected]; },
    select: goToStep
  };
})();
