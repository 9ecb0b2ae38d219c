// The jobcache dashboard. The admin token lives in the closure variable `token` only: never in storage, cookies
// or the URL, so closing the tab forgets it. Live data comes from the Server-Sent Events stream read with fetch
// (EventSource cannot send an Authorization header); when streaming is refused or unsupported, it polls the JSON
// snapshot once a second instead.
(function () {
  'use strict';

  var REALTIME = '/admin/cache/monitor/realtime';
  var MAX_POINTS = 120;
  var token = null;
  var abort = null;
  var pollTimer = null;
  var series = { hitRatio: [], cached: [], uncached: [], bytes: [], entries: [] };

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

  function percent(ratio) { return (ratio * 100).toFixed(1) + ' %'; }

  function ms(value, count) { return count ? value.toFixed(2) + ' ms' : '–'; }

  function bytes(n) {
    if (n < 0) { return 'unknown'; }
    var units = ['B', 'KiB', 'MiB', 'GiB'];
    var i = 0;
    while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
    return (i === 0 ? n : n.toFixed(1)) + ' ' + units[i];
  }

  function push(list, value) {
    list.push(value);
    if (list.length > MAX_POINTS) { list.shift(); }
  }

  function show(s) {
    $('hit-ratio').textContent = percent(s.hitRatio);
    $('requests-per-second').textContent = s.requestsPerSecond == null ? '–' : s.requestsPerSecond.toFixed(1);
    $('lookups').textContent = String(s.lookups);
    $('entries').textContent = s.store.entries < 0 ? 'unknown' : String(s.store.entries);
    $('bytes').textContent = bytes(s.store.bytes);
    $('evictions').textContent = String(s.store.evictions);
    $('latency-cached').textContent = ms(s.latency.cachedMeanMs, s.latency.cachedCount);
    $('latency-uncached').textContent = ms(s.latency.uncachedMeanMs, s.latency.uncachedCount);

    push(series.hitRatio, s.hitRatio * 100);
    push(series.cached, s.latency.cachedMeanMs);
    push(series.uncached, s.latency.uncachedMeanMs);
    push(series.bytes, Math.max(0, s.store.bytes));
    push(series.entries, Math.max(0, s.store.entries));
    chart($('chart-hit-ratio'), [{ points: series.hitRatio, css: 'series-0' }], 100, '%');
    chart($('chart-latency'), [{ points: series.cached, css: 'series-cached' },
                               { points: series.uncached, css: 'series-uncached' }], null, 'ms');
    chart($('chart-bytes'), [{ points: series.bytes, css: 'series-0' }], null, '');
    chart($('chart-entries'), [{ points: series.entries, css: 'series-0' }], null, '');

    rows($('routes'), s.routes.map(function (r) {
      return [r.route, String(r.lookups), percent(r.hitRatio), ms(r.cached.meanMs, r.cached.count),
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

  // textContent only: route names, tags and keys come from clients and must never be parsed as HTML
  function rows(table, cells) {
    var body = table.tBodies[0];
    while (body.firstChild) { body.removeChild(body.firstChild); }
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

  var SVG = 'http://www.w3.org/2000/svg';

  function svgElement(name, attributes) {
    var element = document.createElementNS(SVG, name);
    Object.keys(attributes).forEach(function (key) { element.setAttribute(key, attributes[key]); });
    return element;
  }

  function chart(svg, lines, fixedMax, unit) {
    var width = 400, height = 150, left = 44, bottom = 16, top = 8;
    while (svg.firstChild) { svg.removeChild(svg.firstChild); }
    var max = fixedMax;
    if (max == null) {
      max = 0;
      lines.forEach(function (l) { l.points.forEach(function (v) { max = Math.max(max, v); }); });
      max = max === 0 ? 1 : max * 1.1;
    }
    svg.appendChild(svgElement('line', { x1: left, y1: height - bottom, x2: width, y2: height - bottom, 'class': 'axis' }));
    svg.appendChild(svgElement('line', { x1: left, y1: top, x2: left, y2: height - bottom, 'class': 'axis' }));
    [0, 0.5, 1].forEach(function (f) {
      var label = svgElement('text', { x: left - 4, y: height - bottom - f * (height - bottom - top) + 3,
                                       'text-anchor': 'end', 'class': 'tick' });
      label.textContent = short(max * f) + unit;
      svg.appendChild(label);
    });
    var step = (width - left) / (MAX_POINTS - 1);
    lines.forEach(function (l) {
      if (l.points.length === 0) { return; }
      var offset = MAX_POINTS - l.points.length;
      var path = l.points.map(function (v, i) {
        var x = left + (offset + i) * step;
        var y = height - bottom - (Math.min(v, max) / max) * (height - bottom - top);
        return (i === 0 ? 'M' : 'L') + x.toFixed(1) + ' ' + y.toFixed(1);
      }).join(' ');
      svg.appendChild(svgElement('path', { d: path, 'class': l.css }));
    });
  }

  function short(v) {
    if (v >= 1e9) { return (v / 1e9).toFixed(1) + 'G'; }
    if (v >= 1e6) { return (v / 1e6).toFixed(1) + 'M'; }
    if (v >= 1e3) { return (v / 1e3).toFixed(1) + 'k'; }
    return v >= 10 ? v.toFixed(0) : v.toFixed(1);
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
