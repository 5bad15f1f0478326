// The sample's dashboard: polls the sample's JSON and the actuator endpoints, and draws the
// chart on a <canvas> itself. No libraries, no build step, nothing fetched from elsewhere.
(function () {
  'use strict';

  // Uncaught errors are kept where a browser test can read them.
  window.dashboardErrors = [];
  window.addEventListener('error', function (event) {
    window.dashboardErrors.push(String(event.message || event.error));
  });
  window.addEventListener('unhandledrejection', function (event) {
    window.dashboardErrors.push('unhandled rejection: ' + String(event.reason));
  });

  var POLL_MILLIS = 500;
  var WINDOW_MILLIS = 60000;
  // as /dashboard/data names them; comments and approvedComments are counter caches
  // uniqueViewers is a unique counter: distinct visitor ids, an estimate written as a value
  var COUNTERS = ['views', 'likes', 'comments', 'approvedComments', 'uniqueViewers'];
  // this tab's visitor id: its +view clicks count one unique viewer per post
  var VISITOR = 'tab-' + Math.random().toString(36).slice(2);

  var samples = [];          // {t, pending, written}
  var flushTimes = [];       // end times of flushes that wrote something, epoch ms
  var writtenBase = null;    // database total when the page opened
  var postRows = {};         // id -> {row, cells}
  var lastIncrements = null; // {t, value}, for the rate
  var paused = false;

  var $ = function (id) { return document.getElementById(id); };

  function fmt(n) {
    return (n === null || n === undefined) ? '–' : Number(n).toLocaleString('en-US');
  }

  function clock(millis) {
    var d = new Date(millis);
    var pad = function (n, w) { return String(n).padStart(w || 2, '0'); };
    return pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds()) + '.' + pad(d.getMilliseconds(), 3);
  }

  // ISO-8601 durations as the actuator writes them (PT1.234S, PT2M3S) to a short text.
  function age(iso) {
    if (!iso) { return 'none'; }
    var m = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?$/.exec(iso);
    if (!m) { return iso; }
    var seconds = (+(m[1] || 0)) * 3600 + (+(m[2] || 0)) * 60 + (+(m[3] || 0));
    return seconds < 10 ? seconds.toFixed(1) + ' s' : Math.round(seconds) + ' s';
  }

  function getJson(url) {
    return fetch(url, { headers: { Accept: 'application/json' }, cache: 'no-store' }).then(function (response) {
      // health answers 503 with a body when DOWN; the counters endpoint 400 with a message
      return response.json().then(function (body) { return { ok: response.ok, status: response.status, body: body }; },
        function () { return { ok: false, status: response.status, body: null }; });
    });
  }

  function postJson(url, body) {
    return fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body)
    }).then(function (response) {
      return response.text().then(function (text) {
        var json = null;
        try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
        if (!response.ok) {
          throw new Error((json && (json.message || json.detail || json.error)) || ('HTTP ' + response.status));
        }
        return json;
      });
    });
  }

  var toastTimer = null;
  function toast(text, bad) {
    var el = $('toast');
    el.textContent = text;
    el.className = 'toast ' + (bad ? 'bad' : '');
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () { el.textContent = ''; }, 5000);
  }

  function setText(id, text) {
    var el = typeof id === 'string' ? $(id) : id;
    if (el.textContent !== text) { el.textContent = text; }
  }

  // ---- posts --------------------------------------------------------------------------------

  function postRow(post) {
    var entry = postRows[post.id];
    if (entry) { return entry; }
    var row = document.createElement('tr');
    row.id = 'post-' + post.id;
    var title = document.createElement('td');
    title.innerHTML = '<span class="post-title"></span> <span class="post-id"></span>';
    title.firstChild.textContent = post.title;
    title.lastChild.textContent = '#' + post.id;
    row.appendChild(title);
    var cells = {};
    COUNTERS.forEach(function (counter) {
      var td = document.createElement('td');
      td.className = 'num';
      td.innerHTML = '<span class="current"></span><span class="split">db <span class="s"></span></span>'
        + '<span class="split">+<span class="p"></span> pending</span>';
      var current = td.querySelector('.current');
      current.id = 'post-' + post.id + '-' + counter;
      current.dataset.value = '';
      td.querySelector('.s').id = 'post-' + post.id + '-' + counter + '-stored';
      td.querySelector('.p').id = 'post-' + post.id + '-' + counter + '-pending';
      cells[counter] = { current: current, stored: td.querySelector('.s'), pending: td.querySelector('.p') };
      row.appendChild(td);
    });
    var actions = document.createElement('td');
    actions.className = 'row-actions';
    actions.innerHTML = '<div class="buttons">'
      + '<button type="button" class="small" data-act="views" title="POST /posts/' + post.id + '/views">+view</button>'
      + '<button type="button" class="small" data-act="likes" title="POST /posts/' + post.id + '/likes">+like</button>'
      + '<button type="button" class="small" data-act="comments" title="POST /posts/' + post.id + '/comments">+comment</button>'
      + '<button type="button" class="small" data-act="approved" title="POST /posts/' + post.id
      + '/comments {approved: true}">+approved</button></div>';
    actions.addEventListener('click', function (event) {
      var act = event.target && event.target.dataset ? event.target.dataset.act : null;
      if (!act) { return; }
      var comment = act === 'comments' || act === 'approved';
      var request = comment
        ? postJson('/posts/' + post.id + '/comments', { body: 'Comment from the dashboard', approved: act === 'approved' })
        : postJson('/posts/' + post.id + '/' + act + (act === 'views' ? '?visitor=' + VISITOR : ''));
      request.then(function () {
        toast(comment
          ? (act === 'approved' ? 'Approved comment' : 'Comment') + ' added to post #' + post.id + ': its counter caches follow after the commit'
          : '+1 ' + act.replace(/s$/, '') + ' on post #' + post.id + ' (buffered)');
      }, function (e) { toast(e.message, true); });
    });
    row.appendChild(actions);
    $('posts').tBodies[0].appendChild(row);
    entry = { row: row, cells: cells };
    postRows[post.id] = entry;
    return entry;
  }

  function renderPosts(posts) {
    var seen = {};
    posts.forEach(function (post) {
      seen[post.id] = true;
      post.current.uniqueViewers = post.uniqueViewers;
      post.stored.uniqueViewers = post.uniqueViewersStored;
      post.pending.uniqueViewers = post.uniqueViewers - post.uniqueViewersStored;
      var entry = postRow(post);
      COUNTERS.forEach(function (counter) {
        var cell = entry.cells[counter];
        var value = String(post.current[counter]);
        if (cell.current.dataset.value !== value) {
          if (cell.current.dataset.value !== '') {
            cell.current.classList.remove('flash');
            void cell.current.offsetWidth; // restart the animation
            cell.current.classList.add('flash');
          }
          cell.current.dataset.value = value;
          cell.current.textContent = fmt(post.current[counter]);
        }
        setText(cell.stored, fmt(post.stored[counter]));
        setText(cell.pending, fmt(post.pending[counter]));
      });
    });
    Object.keys(postRows).forEach(function (id) {
      if (!seen[id]) { postRows[id].row.remove(); delete postRows[id]; }
    });
  }

  // The first post's views per day, as bars: one <rect> per day carrying its count in data-views.
  var SVG = 'http://www.w3.org/2000/svg';
  function renderViewsChart(chart) {
    var svg = $('views-chart');
    if (!chart) { return; }
    setText('views-chart-post', chart.title + ' #' + chart.postId);
    var key = chart.days.map(function (d) { return d.day + '=' + d.views; }).join(',');
    if (svg.dataset.key === key) { return; }
    svg.dataset.key = key;
    while (svg.firstChild) { svg.removeChild(svg.firstChild); }
    var max = Math.max.apply(null, chart.days.map(function (d) { return d.views; }).concat([1]));
    var width = 700 / chart.days.length;
    chart.days.forEach(function (d, i) {
      var height = Math.round(130 * Math.max(d.views, 0) / max);
      var bar = document.createElementNS(SVG, 'rect');
      bar.setAttribute('id', 'views-day-' + d.day);
      bar.setAttribute('class', 'bar' + (i === chart.days.length - 1 ? ' today' : ''));
      bar.setAttribute('x', String(i * width + 8));
      bar.setAttribute('y', String(150 - height));
      bar.setAttribute('width', String(width - 16));
      bar.setAttribute('height', String(height));
      bar.dataset.views = String(d.views);
      svg.appendChild(bar);
      var count = document.createElementNS(SVG, 'text');
      count.setAttribute('x', String(i * width + width / 2));
      count.setAttribute('y', String(145 - height));
      count.setAttribute('class', 'bar-count');
      count.textContent = fmt(d.views);
      svg.appendChild(count);
      var label = document.createElementNS(SVG, 'text');
      label.setAttribute('x', String(i * width + width / 2));
      label.setAttribute('y', '170');
      label.setAttribute('class', 'bar-label');
      label.textContent = d.day.slice(5);
      svg.appendChild(label);
    });
  }

  function renderMilestones(milestones) {
    setText('milestones', milestones.length === 0 ? 'No post has reached 100 views since startup.'
      : milestones.slice(0, 3).map(function (m) {
        return clock(m.time) + ' post #' + m.postId + ' reached ' + fmt(m.views) + ' views';
      }).join(' · '));
  }

  // The most viewed posts, ranked by BufferedCounters.top: one <li> each, carrying its post and views.
  function renderMostViewed(posts) {
    var list = $('most-viewed');
    var items = posts.map(function (post, i) {
      var item = document.createElement('li');
      item.id = 'most-viewed-' + (i + 1);
      item.dataset.post = String(post.id);
      item.dataset.views = String(post.views);
      item.textContent = '#' + post.id + ' ' + post.title + ' · ' + fmt(post.views);
      return item;
    });
    list.replaceChildren.apply(list, items);
  }

  // ---- load demo ----------------------------------------------------------------------------

  function renderLoad(load) {
    var bar = $('load-bar');
    var button = $('load-start');
    if (!load) {
      button.disabled = false;
      return;
    }
    var busy = load.phase === 'running' || load.phase === 'draining';
    button.disabled = busy;
    var percent = load.increments > 0 ? Math.floor(100 * load.sent / load.increments) : 0;
    bar.style.width = percent + '%';
    bar.className = load.phase === 'done' ? 'done' : (load.phase === 'failed' || load.phase === 'cancelled') ? 'failed' : '';
    var text = 'Run ' + load.run + ': ' + load.phase + ' · ' + fmt(load.sent) + ' / ' + fmt(load.increments)
      + ' increments · ' + fmt(load.incrementsPerSecond) + '/s · ' + load.threads + ' threads · '
      + load.posts + ' posts · ' + load.elapsedSeconds.toFixed(1) + ' s';
    if (load.error) { text += ' · ' + load.error; }
    setText('load-text', text);
    $('load-text').dataset.phase = load.phase;
    var s = load.summary;
    $('load-summary').classList.toggle('hidden', !s);
    if (!s) { return; }
    setText('load-sum-increments', fmt(s.increments) + ' (views ' + fmt(s.views) + ', likes ' + fmt(s.likes)
      + ', comments ' + fmt(s.comments) + ' of which ' + fmt(s.approvedComments) + ' approved) in '
      + s.loadSeconds.toFixed(1) + ' s');
    setText('load-sum-keys', fmt(s.distinctKeys) + ' (' + s.posts + ' posts × ' + s.counters + ' counters)');
    setText('load-sum-rows', fmt(s.rowUpdates) + (s.rowUpdates > 0
      ? ' (' + (s.increments / s.rowUpdates).toLocaleString('en-US', { maximumFractionDigits: 1 }) + ' increments per row update)' : ''));
    setText('load-sum-flushes', fmt(s.flushes) + ', drained ' + s.drainSeconds.toFixed(1) + ' s after the last increment');
    var result = $('load-result');
    var ok = s.totalsMatch && s.commentCountsMatch;
    setText(result, ok
      ? '✓ match: ' + s.checks.map(function (c) { return c.counter + ' ' + fmt(c.stored); }).join(', ')
        + '; counter caches equal the comment rows'
      : '✗ mismatch: ' + s.mismatches.join('; '));
    result.className = ok ? 'ok' : 'bad';
    result.dataset.ok = String(ok);
  }

  // ---- tables -------------------------------------------------------------------------------

  function fillTable(table, rows, columns, emptyText) {
    var body = document.createElement('tbody');
    if (rows.length === 0) {
      var tr = document.createElement('tr');
      tr.className = 'empty';
      var td = document.createElement('td');
      td.colSpan = columns.length;
      td.textContent = emptyText;
      tr.appendChild(td);
      body.appendChild(tr);
    }
    rows.forEach(function (row) {
      var tr = document.createElement('tr');
      columns.forEach(function (column) {
        var td = document.createElement('td');
        if (column.className) { td.className = column.className; }
        td.textContent = column.value(row);
        if (column.title) { td.title = column.title(row); }
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    var old = $(table).tBodies[0];
    if (old.innerHTML !== body.innerHTML) { old.replaceWith(body); }
  }

  function renderFlushes(flushes) {
    fillTable('flushes', flushes.slice(0, 10), [
      { value: function (f) { return clock(f.time); } },
      { className: 'num', value: function (f) { return fmt(f.batches); } },
      { className: 'num', value: function (f) { return fmt(f.keys); } },
      { className: 'num', value: function (f) { return fmt(f.rows); } },
      { className: 'num', value: function (f) { return f.durationMillis.toFixed(1) + ' ms'; } },
      { value: function (f) { return f.outcome; } }
    ], 'No flush has written anything yet.');
    flushes.forEach(function (f) {
      if (f.rows > 0 && flushTimes.indexOf(f.time) < 0) { flushTimes.push(f.time); }
    });
  }

  function renderCounters(counters) {
    setText('store', counters.store);
    paused = counters.paused;
    $('paused').classList.toggle('hidden', !paused);
    setText('pause-toggle', paused ? 'Resume flushes' : 'Pause flushes');
    setText('stat-pending-detail', fmt(counters.pendingKeys) + ' keys · oldest ' + age(counters.oldestPendingAge));
    setText('stat-dead', fmt(counters.deadLetters));
    setText('pending-hint', fmt(counters.pendingKeys) + ' keys pending'
      + (counters.pending.length < counters.pendingKeys ? ', first ' + counters.pending.length + ' shown' : ''));
    fillTable('pending', counters.pending, [
      { value: function (p) { return p.entity; } },
      { className: 'num', value: function (p) { return p.id; } },
      { value: function (p) { return p.field; } },
      { className: 'num', value: function (p) { return (p.delta > 0 ? '+' : '') + fmt(p.delta); } }
    ], 'Nothing pending.');
    var last = counters.lastFlush;
    setText('stat-dead-detail', last ? 'last flush ' + last.outcome : 'no flush yet');
  }

  function renderDeadLetters(body) {
    fillTable('dead', (body && body.deadLetters) || [], [
      { value: function (d) { return d.key; } },
      { className: 'num', value: function (d) { return d.delta; } },
      { className: 'num', value: function (d) { return fmt(d.attempts); } },
      { className: 'error', value: function (d) { return d.error || ''; }, title: function (d) { return d.error || ''; } }
    ], 'No dead letters.');
  }

  function renderHealth(result) {
    var el = $('health');
    var component = result.body && result.body.components && result.body.components.bufferedCounters;
    var status = component ? component.status : (result.body ? result.body.status : 'UNKNOWN');
    setText(el, 'bufferedCounters ' + status);
    el.className = 'pill ' + String(status).toLowerCase().replace(/_/g, '-');
    var details = component && component.details;
    el.title = details ? JSON.stringify(details) : 'bufferedCounters in /actuator/health';
  }

  function writtenTotal(w) {
    return w.views + w.likes + w.comments + w.approvedComments;
  }

  function renderStats(data) {
    setText('interval', data.flushInterval);
    if (data.increments !== null && data.increments !== undefined) {
      setText('stat-increments', fmt(data.increments));
      if (lastIncrements && data.time > lastIncrements.t) {
        var rate = (data.increments - lastIncrements.value) * 1000 / (data.time - lastIncrements.t);
        setText('stat-increments-rate', fmt(Math.max(0, Math.round(rate))) + ' per second');
      }
      lastIncrements = { t: data.time, value: data.increments };
    }
    else {
      setText('stat-increments', 'n/a');
      setText('stat-increments-rate', 'no Micrometer registry');
    }
    setText('stat-pending', fmt(data.pending) + (data.pendingComplete ? '' : '+'));
    var w = data.written;
    setText('stat-written', fmt(writtenTotal(w)));
    setText('stat-written-detail', 'views ' + fmt(w.views) + ' · likes ' + fmt(w.likes) + ' · comments ' + fmt(w.comments)
      + ' · approved ' + fmt(w.approvedComments));
    var totals = data.flushTotals;
    setText('stat-rows', fmt(totals.rows));
    setText('stat-rows-detail', 'in ' + fmt(totals.flushes) + ' flushes · ' + fmt(totals.keys) + ' keys');
  }

  // ---- chart --------------------------------------------------------------------------------

  function niceStep(range, ticks) {
    var raw = range / ticks;
    var power = Math.pow(10, Math.floor(Math.log10(raw)));
    var fraction = raw / power;
    var nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10;
    return nice * power;
  }

  function shortNumber(n) {
    if (Math.abs(n) >= 1e6) { return (n / 1e6).toLocaleString('en-US', { maximumFractionDigits: 1 }) + 'M'; }
    if (Math.abs(n) >= 1e4) { return (n / 1e3).toLocaleString('en-US', { maximumFractionDigits: 1 }) + 'k'; }
    return n.toLocaleString('en-US');
  }

  function drawChart() {
    var canvas = $('chart');
    var ratio = window.devicePixelRatio || 1;
    var width = canvas.clientWidth;
    var height = canvas.clientHeight;
    if (width === 0 || height === 0) { return; }
    if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
    }
    var g = canvas.getContext('2d');
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, width, height);

    var left = 56, right = 12, top = 10, bottom = 26;
    var plotW = width - left - right, plotH = height - top - bottom;
    var now = samples.length ? samples[samples.length - 1].t : Date.now();
    var start = now - WINDOW_MILLIS;
    var visible = samples.filter(function (s) { return s.t >= start; });
    var max = 10;
    visible.forEach(function (s) { max = Math.max(max, s.pending, s.written); });
    var step = niceStep(max * 1.1, 4);
    var top_ = Math.ceil(max * 1.1 / step) * step;
    var x = function (t) { return left + (t - start) / WINDOW_MILLIS * plotW; };
    var y = function (v) { return top + plotH - Math.max(0, v) / top_ * plotH; };

    // grid and axes
    g.font = '11px system-ui, sans-serif';
    g.fillStyle = '#667085';
    g.strokeStyle = '#e9edf3';
    g.lineWidth = 1;
    g.textAlign = 'right';
    g.textBaseline = 'middle';
    for (var v = 0; v <= top_ + step / 2; v += step) {
      var yy = Math.round(y(v)) + 0.5;
      g.beginPath(); g.moveTo(left, yy); g.lineTo(left + plotW, yy); g.stroke();
      g.fillText(shortNumber(v), left - 6, yy);
    }
    g.textAlign = 'center';
    g.textBaseline = 'top';
    for (var secondsAgo = 60; secondsAgo >= 0; secondsAgo -= 10) {
      var xx = Math.round(x(now - secondsAgo * 1000)) + 0.5;
      g.beginPath(); g.moveTo(xx, top); g.lineTo(xx, top + plotH); g.stroke();
      g.fillText(secondsAgo === 0 ? 'now' : '−' + secondsAgo + ' s', xx, top + plotH + 6);
    }

    // flushes: ticks along the bottom
    g.strokeStyle = '#2f9e44';
    g.lineWidth = 2;
    flushTimes.forEach(function (t) {
      if (t < start || t > now) { return; }
      var fx = Math.round(x(t));
      g.beginPath(); g.moveTo(fx, top + plotH); g.lineTo(fx, top + plotH - 10); g.stroke();
    });

    function series(key, color, fill) {
      if (visible.length === 0) { return; }
      g.beginPath();
      visible.forEach(function (s, i) {
        if (i === 0) { g.moveTo(x(s.t), y(s[key])); } else { g.lineTo(x(s.t), y(s[key])); }
      });
      g.strokeStyle = color;
      g.lineWidth = 2;
      g.lineJoin = 'round';
      g.stroke();
      g.lineTo(x(visible[visible.length - 1].t), y(0));
      g.lineTo(x(visible[0].t), y(0));
      g.closePath();
      g.fillStyle = fill;
      g.fill();
    }
    series('written', '#1c7ed6', 'rgba(28, 126, 214, 0.10)');
    series('pending', '#f08c00', 'rgba(240, 140, 0, 0.18)');

    g.strokeStyle = '#c5ccd8';
    g.lineWidth = 1;
    g.strokeRect(left + 0.5, top + 0.5, plotW, plotH);

    canvas.dataset.samples = String(samples.length);
    canvas.dataset.maxPending = String(Math.max.apply(null, [0].concat(samples.map(function (s) { return s.pending; }))));
    canvas.dataset.maxWritten = String(Math.max.apply(null, [0].concat(samples.map(function (s) { return s.written; }))));
  }

  // ---- polling ------------------------------------------------------------------------------

  function poll() {
    Promise.all([
      getJson('/dashboard/data'),
      getJson('/actuator/counters?limit=12'),
      getJson('/actuator/counters/dead-letters?limit=10'),
      getJson('/actuator/health')
    ]).then(function (results) {
      var data = results[0];
      if (!data.ok) { throw new Error('/dashboard/data answered ' + data.status); }
      data = data.body;
      renderStats(data);
      renderPosts(data.posts);
      renderViewsChart(data.viewsPerDay);
      renderLoad(data.load);
      renderFlushes(data.flushes);
      renderMilestones(data.milestones);
      renderMostViewed(data.mostViewed);
      var written = writtenTotal(data.written);
      if (writtenBase === null) { writtenBase = written; }
      samples.push({ t: data.time, pending: data.pending, written: written - writtenBase });
      while (samples.length && samples[0].t < data.time - WINDOW_MILLIS - 5000) { samples.shift(); }
      while (flushTimes.length && flushTimes[0] < data.time - WINDOW_MILLIS - 5000) { flushTimes.shift(); }
      if (results[1].ok) { renderCounters(results[1].body); }
      if (results[2].ok) { renderDeadLetters(results[2].body); }
      renderHealth(results[3]);
      drawChart();
      setText('status', 'Updated ' + clock(data.time) + ' · polling every ' + POLL_MILLIS + ' ms');
      document.body.dataset.ready = 'true';
    }).catch(function (e) {
      setText('status', 'Cannot reach the application: ' + e.message);
    }).then(function () {
      setTimeout(poll, POLL_MILLIS);
    });
  }

  // ---- buttons ------------------------------------------------------------------------------

  $('flush-now').addEventListener('click', function () {
    postJson('/actuator/counters', { action: 'flush' }).then(function (result) {
      toast('Flushed: ' + fmt(result.keys) + ' keys, ' + fmt(result.rows) + ' rows');
    }, function (e) { toast('Flush failed: ' + e.message, true); });
  });

  $('pause-toggle').addEventListener('click', function () {
    postJson('/actuator/counters', { action: paused ? 'resume' : 'pause' }).then(function (result) {
      paused = result.paused;
      $('paused').classList.toggle('hidden', !paused);
      setText('pause-toggle', paused ? 'Resume flushes' : 'Pause flushes');
      toast(paused ? 'Scheduled flushes paused: watch pending grow' : 'Scheduled flushes resumed');
    }, function (e) { toast(e.message, true); });
  });

  $('load-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var query = 'increments=' + encodeURIComponent($('load-increments').value)
      + '&threads=' + encodeURIComponent($('load-threads').value)
      + '&posts=' + encodeURIComponent($('load-posts').value);
    $('load-start').disabled = true;
    postJson('/demo/load?' + query).then(function (status) {
      renderLoad(status);
      toast('Load demo run ' + status.run + ' started');
    }, function (e) {
      $('load-start').disabled = false;
      toast(e.message, true);
    });
  });

  window.addEventListener('resize', drawChart);
  poll();
})();
