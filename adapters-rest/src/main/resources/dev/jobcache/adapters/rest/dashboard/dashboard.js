// The jobcache dashboard. The admin token lives in the closure variable `token` only: never in storage, cookies
// or the URL, so closing the tab forgets it. Live data comes from the Server-Sent Events stream read with fetch
// (EventSource cannot send an Authorization header); when streaming is refused or unsupported, it polls the JSON
// snapshot once a second instead.
(function () {
  'use strict';

  var REALTIME = '/admin/cache/monitor/realtime';
  // the server sends the last 60 whole seconds with every snapshot: a page opened late draws them at once, and
  // nothing drawn here is remembered or computed from earlier snapshots
  var SECONDS = 60;
  var INTERVALS = ['10s', '1m', '5m'];
  var token = null;
  var abort = null;
  var pollTimer = null;

  function $(id) { return document.getElementById(id); }

  function setStatus(text, kind) {
    var status = $('status');
    status.textContent = text;
    status.className = 'status' + (kind ? ' ' + kind : '');
  }

  function call(method, path, body) {
    var init = { method: method, cache: 'no-store', credentials: 'omit', headers: { Authorization: 'Bearer ' + token } };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    return fetch(path, init).then(function (response) {
      return response.text().then(function (text) {
        var json = null;
        try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
        return { status: response.status, json: json };
      });
    });
  }

  function problemText(answer) {
    if (answer.json && answer.json.detail) { return answer.status + ': ' + answer.json.detail; }
    return 'HTTP ' + answer.status;
  }

  // ---- live data ----

  function connect(event) {
    event.preventDefault();
    var typed = $('token').value.trim();
    if (!typed) { setStatus('type an admin token', 'error'); return; }
    disconnect();
    token = typed;
    $('token').value = '';
    setStatus('connecting…');
    $('disconnect').disabled = false;
    stream();
  }

  function disconnect() {
    if (abort) { abort.abort(); abort = null; }
    if (pollTimer) { clearInterval(pollTimer); pollTimer = null; }
    token = null;
    $('disconnect').disabled = true;
    $('invalidate').disabled = true;
    $('clear').disabled = true;
    setStatus('not connected');
  }

  function stream() {
    if (!window.ReadableStream || !window.AbortController || !window.TextDecoder) { poll(); return; }
    var controller = new AbortController();
    abort = controller;
    fetch(REALTIME, {
      headers: { Authorization: 'Bearer ' + token, Accept: 'text/event-stream' },
      cache: 'no-store', credentials: 'omit', signal: controller.signal
    }).then(function (response) {
      if (response.status === 401 || response.status === 403) {
        refused(response.status);
        return;
      }
      if (!response.ok || !response.body) { poll(); return; }
      connected('live (stream)');
      return read(response.body.getReader(), new TextDecoder(), '', controller);
    }).catch(function () {
      if (!controller.signal.aborted && token) { retry(controller); }
    });
  }

  function read(reader, decoder, buffer, controller) {
    return reader.read().then(function (chunk) {
      if (chunk.done) {
        if (!controller.signal.aborted && token) { retry(controller); }
        return;
      }
      buffer += decoder.decode(chunk.value, { stream: true });
      var events = buffer.split(/\r?\n\r?\n/);
      buffer = events.pop();
      events.forEach(function (raw) {
        var data = raw.split(/\r?\n/).filter(function (line) { return line.indexOf('data:') === 0; })
          .map(function (line) { return line.substring(5).replace(/^ /, ''); }).join('\n');
        if (data) { show(JSON.parse(data)); }
      });
      return read(reader, decoder, buffer, controller);
    });
  }

  function retry(controller) {
    setStatus('reconnecting…');
    setTimeout(function () { if (abort === controller && token) { stream(); } }, 2000);
  }

  function poll() {
    abort = null;
    var once = function () {
      if (!token) { return; }
      call('GET', REALTIME).then(function (answer) {
        if (answer.status === 401 || answer.status === 403) { refused(answer.status); return; }
        if (answer.status === 200) { connected('live (polling)'); show(answer.json); }
      }).catch(function () { setStatus('unreachable, retrying', 'error'); });
    };
    once();
    pollTimer = setInterval(once, 1000);
  }

  function connected(how) {
    setStatus(how, 'live');
    $('invalidate').disabled = false;
    $('clear').disabled = false;
  }

  function refused(status) {
    disconnect();
    setStatus(status === 401 ? 'token refused (401)' : 'not an admin token (403)', 'error');
  }

  // ---- rendering ----

  function percent(ratio, digits) {
    return ratio == null ? '–' : (ratio * 100).toFixed(digits == null ? 1 : digits) + ' %';
  }

  function whole(n) { return Number(n).toLocaleString('en-US'); }

  function millis(v) {
    if (v == null) { return '–'; }
    if (v < 1) { return v.toFixed(3); }
    if (v < 10) { return v.toFixed(2); }
    return v < 100 ? v.toFixed(1) : v.toFixed(0);
  }

  function ms(value, count) { return count ? value.toFixed(2) + ' ms' : '–'; }

  function latency(l) {
    return l && l.count ? millis(l.meanMs) + ' · ' + millis(l.p95Ms) + ' · ' + millis(l.p99Ms) : '–';
  }

  function bytes(n) {
    if (n < 0) { return 'unknown'; }
    var units = ['B', 'KiB', 'MiB', 'GiB'];
    var i = 0;
    while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
    return (i === 0 ? n : n.toFixed(1)) + ' ' + units[i];
  }

  function put(id, text, kind) {
    var element = $(id);
    element.textContent = text;
    element.className = kind || '';
  }

  function show(s) {
    showIntervals(s);
    showHealth(s);
    showRecommendations(s.recommendations || []);
    var seconds = s.perSecond || [];
    hitRatioChart($('chart-hit-ratio'), seconds, s.intervals ? s.intervals['5m'].hitRatio : null);
    lookupsChart($('chart-lookups'), seconds);
    latencyChart($('chart-latency'), seconds);

    rows($('routes'), s.routes.map(function (r) {
      return [r.route, whole(r.lookups), percent(r.hitRatio), ms(r.cached.meanMs, r.cached.count),
              ms(r.uncached.meanMs, r.uncached.count)];
    }));
    rows($('history'), s.invalidations.map(function (e) {
      // a snapshot shows a few tags and keys of each invalidation, and counts the rest
      var hidden = (e.tagCount - e.tags.length) + (e.keyCount - e.keys.length);
      var what = e.everything ? 'everything'
        : e.tags.map(function (t) { return 'tag ' + t; }).concat(e.keys.map(function (k) { return 'key ' + k; })).join(', ')
          + (hidden > 0 ? ' and ' + hidden + ' more' : '');
      return [e.at.replace('T', ' ').replace(/\.\d+Z$/, 'Z'), e.reason, what, String(e.removed)];
    }));
  }

  function showIntervals(s) {
    var nearCache = false;
    INTERVALS.forEach(function (name) {
      var w = s.intervals[name];
      var p = 'iv-' + name + '-';
      var label = { '10s': 'last 10 s', '1m': 'last 1 min', '5m': 'last 5 min' }[name];
      var full = { '10s': 10, '1m': 60, '5m': 300 }[name];
      // soon after start an interval covers fewer seconds than its name: say so rather than pass it off as full
      var head = $(p + 'head');
      clear(head);
      head.appendChild(document.createTextNode(label));
      if (w.seconds < full) {
        var note = document.createElement('span');
        note.className = 'so-far';
        note.textContent = w.seconds + ' s so far';
        head.appendChild(note);
      }
      put(p + 'rps', w.requestsPerSecond == null ? '–' : w.requestsPerSecond.toFixed(1));
      put(p + 'hitRatio', percent(w.hitRatio));
      put(p + 'hits', whole(w.hits));
      put(p + 'stale', whole(w.stale));
      put(p + 'misses', whole(w.misses));
      put(p + 'bypass', whole(w.bypass));
      put(p + 'errors', whole(w.errors) + ' (' + percent(w.errorRate, 2) + ')', w.errorRate >= 0.01 ? 'bad' : '');
      put(p + 'evictions', whole(w.evictions));
      put(p + 'cached', latency(w.cached));
      put(p + 'origin', latency(w.origin));
      if (w.nearCache) {
        nearCache = true;
        put(p + 'l1', whole(w.nearCache.l1Hits));
        put(p + 'l2', whole(w.nearCache.l2Hits));
      }
    });
    Array.prototype.forEach.call(document.querySelectorAll('tr.near-cache'), function (row) { row.hidden = !nearCache; });
    $('since-start').textContent = 'Since start: ' + whole(s.lookups) + ' lookups, hit ratio ' + percent(s.hitRatio)
      + ', ' + whole(s.errors) + ' store errors in ' + whole(s.totalCacheOperations) + ' cache operations ('
      + percent(s.errorRate, 2) + '). Routes below are since start too.';
  }

  function showHealth(s) {
    var h = s.health;
    put('health-backend', h.backend + (h.l1 ? ' with an in-process near-cache (two-tier)' : ''));
    put('health-up', h.up ? 'up, answers in ' + h.latencyMs.toFixed(1) + ' ms' : 'DOWN' + (h.details.error ? ': ' + h.details.error : ''),
        h.up ? 'ok' : 'bad');
    var breaker = h.breaker ? h.breaker.toLowerCase() : null;
    put('health-breaker', breaker || 'none (no Redis)',
        !breaker ? 'muted' : breaker === 'closed' ? 'ok' : breaker === 'open' ? 'bad' : 'warn');
    put('health-bus', h.bus || 'none (no near-cache)', !h.bus ? 'muted' : h.bus === 'connected' ? 'ok' : 'bad');
    var minute = s.intervals['1m'];
    put('health-error-rate', percent(minute.errorRate, 2) + ' of ' + whole(minute.lookups + minute.stores)
        + ' operations (alert at 1 %)', minute.errorRate >= 0.01 ? 'bad' : 'ok');
    var m = s.memoryUsage;
    var ratio = m.ratio == null ? null : m.ratio;
    put('health-memory', bytes(m.bytes) + (m.maxBytes > 0 ? ' of ' + bytes(m.maxBytes) + ' (' + percent(ratio) + ')' : ' (no bound)')
        + ', ' + whole(minute.evictions) + ' evicted in 1 min', ratio != null && ratio >= 0.9 ? 'bad' : '');
    $('memory-meter').value = ratio == null ? 0 : Math.min(1, ratio);
    $('memory-meter').hidden = ratio == null;
    put('health-entries', s.store.entries < 0 ? 'unknown' : whole(s.store.entries));
    var warnings = $('health-warnings');
    clear(warnings);
    (h.warnings || []).forEach(function (w) { warnings.appendChild(item(w.code + ': ' + w.figure)); });
  }

  function showRecommendations(advice) {
    var list = $('recommendations');
    clear(list);
    if (advice.length === 0) {
      var none = item('none: nothing in the figures calls for a change');
      none.className = 'muted';
      list.appendChild(none);
      return;
    }
    advice.forEach(function (a) {
      var li = document.createElement('li');
      var code = document.createElement('span');
      code.className = 'code';
      code.textContent = a.code + (a.route && a.route !== '*' ? ' ' + a.route : '');
      li.appendChild(code);
      li.appendChild(document.createTextNode(': ' + a.advice));
      var figure = document.createElement('span');
      figure.className = 'figure';
      figure.textContent = 'figure: ' + a.figure;
      li.appendChild(figure);
      list.appendChild(li);
    });
  }

  function item(text) {
    var li = document.createElement('li');
    li.textContent = text;
    return li;
  }

  function clear(element) {
    while (element.firstChild) { element.removeChild(element.firstChild); }
  }

  // textContent only: route names, tags and keys come from clients and must never be parsed as HTML
  function rows(table, cells) {
    var body = table.tBodies[0];
    clear(body);
    cells.forEach(function (row) {
      var tr = document.createElement('tr');
      row.forEach(function (text) {
        var td = document.createElement('td');
        td.textContent = text;
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
  }

  // ---- charts: plain SVG, one slot per second, the newest on the right ----

  var SVG = 'http://www.w3.org/2000/svg';
  var W = 400, H = 160, LEFT = 44, BOTTOM = 18, TOP = 8;

  function svgElement(name, attributes) {
    var element = document.createElementNS(SVG, name);
    Object.keys(attributes).forEach(function (key) { element.setAttribute(key, attributes[key]); });
    return element;
  }

  function slotX(i, count) {
    // the seconds sent fill the right end of a 60-second axis
    var step = (W - LEFT) / SECONDS;
    return LEFT + (SECONDS - count + i + 0.5) * step;
  }

  function frame(svg, ticks) {
    clear(svg);
    svg.appendChild(svgElement('line', { x1: LEFT, y1: H - BOTTOM, x2: W, y2: H - BOTTOM, 'class': 'axis' }));
    svg.appendChild(svgElement('line', { x1: LEFT, y1: TOP, x2: LEFT, y2: H - BOTTOM, 'class': 'axis' }));
    ticks.forEach(function (t) {
      svg.appendChild(svgElement('line', { x1: LEFT, y1: t.y, x2: W, y2: t.y, 'class': 'grid' }));
      var label = svgElement('text', { x: LEFT - 4, y: t.y + 3, 'text-anchor': 'end', 'class': 'tick' });
      label.textContent = t.label;
      svg.appendChild(label);
    });
    [[-SECONDS, 'start'], [-SECONDS / 2, 'middle'], [0, 'end']].forEach(function (mark) {
      var x = LEFT + (SECONDS + mark[0]) * (W - LEFT) / SECONDS;
      var label = svgElement('text', { x: x, y: H - 4, 'text-anchor': mark[1], 'class': 'tick' });
      label.textContent = mark[0] === 0 ? 'now' : mark[0] + ' s';
      svg.appendChild(label);
    });
  }

  function linear(value, max) { return H - BOTTOM - (Math.min(value, max) / max) * (H - BOTTOM - TOP); }

  /** A path through the points that have a value; a second without one breaks the line. */
  function path(points) {
    var d = '';
    var drawing = false;
    points.forEach(function (p) {
      if (p == null) { drawing = false; return; }
      d += (drawing ? 'L' : 'M') + p[0].toFixed(1) + ' ' + p[1].toFixed(1) + ' ';
      drawing = true;
    });
    return d.trim();
  }

  function hitRatioChart(svg, seconds, reference) {
    frame(svg, [0, 0.5, 1].map(function (f) { return { y: linear(f, 1), label: (f * 100) + ' %' }; }));
    var points = seconds.map(function (s, i) {
      return s.hitRatio == null ? null : [slotX(i, seconds.length), linear(s.hitRatio, 1)];
    });
    var d = path(points);
    if (d) {
      svg.appendChild(svgElement('path', { d: d, 'class': 'ratio', 'data-seconds': String(seconds.length) }));
    }
    points.forEach(function (p, i) {
      if (p) {
        svg.appendChild(svgElement('circle', { cx: p[0].toFixed(1), cy: p[1].toFixed(1), r: 1.8, 'class': 'ratio-dot',
                                              'data-ratio': String(seconds[i].hitRatio) }));
      }
    });
    if (reference != null) {
      var y = linear(reference, 1);
      svg.appendChild(svgElement('line', { x1: LEFT, y1: y, x2: W, y2: y, 'class': 'reference' }));
    }
  }

  function lookupsChart(svg, seconds) {
    var max = 0;
    seconds.forEach(function (s) { max = Math.max(max, s.hits + s.stale + s.misses + s.bypass); });
    max = max === 0 ? 1 : max * 1.1;
    frame(svg, [0, 0.5, 1].map(function (f) { return { y: linear(max * f, max), label: short(max * f) }; }));
    var width = (W - LEFT) / SECONDS * 0.8;
    seconds.forEach(function (s, i) {
      var x = slotX(i, seconds.length) - width / 2;
      var base = 0;
      [['hits', s.hits], ['stale', s.stale], ['misses', s.misses], ['bypass', s.bypass]].forEach(function (part) {
        if (part[1] <= 0) { return; }
        var y0 = linear(base, max);
        var y1 = linear(base + part[1], max);
        svg.appendChild(svgElement('rect', { x: x.toFixed(1), y: y1.toFixed(1), width: width.toFixed(1),
                                            height: Math.max(0.5, y0 - y1).toFixed(1), 'class': 'bar-' + part[0] }));
        base += part[1];
      });
    });
  }

  function latencyChart(svg, seconds) {
    var low = Infinity, high = 0;
    seconds.forEach(function (s) {
      [s.cached, s.origin].forEach(function (l) {
        if (!l) { return; }
        [l.meanMs, l.p95Ms, l.p99Ms].forEach(function (v) {
          if (v > 0) { low = Math.min(low, v); high = Math.max(high, v); }
        });
      });
    });
    if (high === 0) { low = 0.1; high = 100; }
    // whole decades, so the ticks read 0.1, 1, 10 ms whatever the figures
    var from = Math.floor(Math.log10(low));
    var to = Math.max(from + 1, Math.ceil(Math.log10(high)));
    var y = function (v) {
      var f = (Math.log10(Math.max(v, Math.pow(10, from))) - from) / (to - from);
      return H - BOTTOM - f * (H - BOTTOM - TOP);
    };
    var ticks = [];
    for (var e = from; e <= to; e++) { ticks.push({ y: y(Math.pow(10, e)), label: short(Math.pow(10, e)) }); }
    frame(svg, ticks);
    [['cached', 'lat-cached'], ['origin', 'lat-origin']].forEach(function (kind) {
      [['meanMs', ''], ['p95Ms', ' p95'], ['p99Ms', ' p99']].forEach(function (figure) {
        var points = seconds.map(function (s, i) {
          var l = s[kind[0]];
          return l ? [slotX(i, seconds.length), y(l[figure[0]])] : null;
        });
        var d = path(points);
        if (d) { svg.appendChild(svgElement('path', { d: d, 'class': kind[1] + figure[1] })); }
        // a second alone (misses are often only in a few) has no line to either side: mark it
        points.forEach(function (p, i) {
          if (p && !points[i - 1] && !points[i + 1]) {
            svg.appendChild(svgElement('circle', { cx: p[0].toFixed(1), cy: p[1].toFixed(1), r: 1.8,
                                                  'class': kind[1] + '-dot' }));
          }
        });
      });
    });
  }

  function short(v) {
    if (v >= 1e9) { return (v / 1e9).toFixed(1) + 'G'; }
    if (v >= 1e6) { return (v / 1e6).toFixed(1) + 'M'; }
    if (v >= 1e3) { return (v / 1e3).toFixed(1) + 'k'; }
    if (v >= 10) { return v.toFixed(0); }
    return v >= 1 ? v.toFixed(1).replace(/\.0$/, '') : String(Number(v.toPrecision(2)));
  }

  // ---- actions ----

  function invalidate(event) {
    event.preventDefault();
    var tags = $('tag').value.split(',').map(function (t) { return t.trim(); }).filter(function (t) { return t; });
    var result = $('invalidate-result');
    if (!token || tags.length === 0) { result.textContent = 'type a tag first'; result.className = 'result error'; return; }
    call('POST', '/admin/cache/invalidate', { tags: tags }).then(function (answer) {
      if (answer.status === 200) {
        result.textContent = 'invalidated ' + tags.join(', ') + ': ' + answer.json.removed + ' entries removed';
        result.className = 'result';
      } else {
        result.textContent = problemText(answer);
        result.className = 'result error';
      }
    });
  }

  // two steps, as the API asks: a 428 with a one-time token and the entry count, then a confirmed POST
  function clearCache() {
    var result = $('clear-result');
    if (!token) { return; }
    call('POST', '/admin/cache/clear', {}).then(function (first) {
      if (first.status !== 428 || !first.json) { result.textContent = problemText(first); result.className = 'result error'; return; }
      if (!window.confirm('Clear the whole cache? This removes all ' + first.json.entries + ' entries.')) {
        result.textContent = 'clear cancelled';
        result.className = 'result';
        return;
      }
      call('POST', '/admin/cache/clear', { confirm: first.json.confirmationToken }).then(function (second) {
        if (second.status === 200) {
          result.textContent = 'cleared: ' + second.json.removed + ' entries removed';
          result.className = 'result';
        } else {
          result.textContent = problemText(second);
          result.className = 'result error';
        }
      });
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    $('login').addEventListener('submit', connect);
    $('disconnect').addEventListener('click', disconnect);
    $('invalidate-form').addEventListener('submit', invalidate);
    $('clear').addEventListener('click', clearCache);
  });
}());
