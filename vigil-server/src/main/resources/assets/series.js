// Zoomable series charts: min/avg/max, warning and critical lines, and the host's events as markers (deploys solid).
// On an application's series a click (not a drag) opens the traces kept in that minute.
// Every .chart[data-src] on the page is drawn (one on a series page, several on an incident's).
// Served from Vigil itself (no inline script, no CDN); data from /series-data behind the session.
(function () {
  if (!window.uPlot) { return; }
  document.querySelectorAll('.chart[data-src]').forEach(function (el) { chart(el, el.id === 'chart'); });

  function chart(el, full) {
  var height = full ? 320 : 180;
  fetch(el.dataset.src, {credentials: 'same-origin'}).then(function (r) {
    if (!r.ok) { throw new Error('HTTP ' + r.status); }
    return r.json();
  }).then(function (d) {
    // A forecast (capacity series) continues the x axis past the data; the measured lines are empty there.
    var times = d.times.slice();
    var pad = function (v) { return v.concat(new Array(times.length - v.length).fill(null)); };
    d.projection.forEach(function (p) { times.push(p[0]); });
    var n = times.length;
    var line = function (v) { var a = new Array(n); for (var i = 0; i < n; i++) { a[i] = v; } return a; };
    var data = [times, pad(d.min), pad(d.avg), pad(d.max)];
    var series = [{}, {label: 'min', stroke: '#888'}, {label: 'avg', stroke: '#0b57d0', width: 2}, {label: 'max', stroke: '#1f7a3a'}];
    if (d.projection.length) {
      data.push(new Array(d.times.length).fill(null).concat(d.projection.map(function (p) { return p[1]; })));
      series.push({label: 'forecast', stroke: '#6a3fb5', dash: [8, 5], width: 2});
    }
    if (d.warning !== null) { data.push(line(d.warning)); series.push({label: 'warning', stroke: '#c98a00', dash: [6, 4]}); }
    if (d.critical !== null) { data.push(line(d.critical)); series.push({label: 'critical', stroke: '#a3161f', dash: [6, 4]}); }
    var markers = function (u) {
      var ctx = u.ctx;
      d.events.forEach(function (e) {
        var x = Math.round(u.valToPos(e.t, 'x', true));
        if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) { return; }
        ctx.save();
        ctx.strokeStyle = e.kind === 'deploy' ? '#0b57d0' : e.css === 'critical' ? '#a3161f' : e.css === 'ok' ? '#1f7a3a' : '#c98a00';
        ctx.setLineDash(e.kind === 'deploy' ? [] : [2, 3]);
        ctx.beginPath(); ctx.moveTo(x, u.bbox.top); ctx.lineTo(x, u.bbox.top + u.bbox.height); ctx.stroke();
        ctx.restore();
      });
    };
    var opts = {
      width: Math.max(280, el.clientWidth), height: height, series: series,
      axes: [{}, {label: d.unit || ''}],
      hooks: {
        draw: [markers],
        setSelect: [function (u) {
          if (u.select.width < 5) { return; }
          var from = Math.round(u.posToVal(u.select.left, 'x'));
          var to = Math.round(u.posToVal(u.select.left + u.select.width, 'x'));
          var q = new URLSearchParams(location.search);
          q.set('from', from); q.set('to', to); q.delete('range');
          history.replaceState(null, '', location.pathname + '?' + q.toString());
        }]
      }
    };
    var plot = new uPlot(opts, data, el);
    if (d.traces) {
      var downX = null;
      plot.over.style.cursor = 'pointer';
      plot.over.title = 'Click: the traces of that minute';
      plot.over.addEventListener('mousedown', function (ev) { downX = ev.clientX; });
      plot.over.addEventListener('click', function (ev) {
        if (downX !== null && Math.abs(ev.clientX - downX) > 4) { return; } // a drag zooms
        var t = plot.posToVal(plot.cursor.left, 'x');
        if (isFinite(t)) { location.href = d.traces + Math.floor(t / 60) * 60 + '#minute'; }
      });
      var hint = document.createElement('p');
      hint.className = 'note';
      hint.textContent = 'Click a point to see the traces of that minute; blue lines are deploys.';
      el.insertAdjacentElement('afterend', hint);
    }
    el.dataset.ready = 'true';
    window.addEventListener('resize', function () { plot.setSize({width: Math.max(280, el.clientWidth), height: height}); });
    if (!full) { return; }
    var list = document.getElementById('markers');
    d.events.forEach(function (e) {
      var li = document.createElement('li');
      li.className = e.css;
      li.textContent = new Date(e.t * 1000).toISOString().replace('T', ' ').slice(0, 16) + ' UTC  ' + e.title + ' ';
      if (e.incident) { // each marker links to its incident
        var a = document.createElement('a');
        a.href = '/incidents/' + e.incident;
        a.textContent = 'incident #' + e.incident;
        li.appendChild(a);
      }
      list.appendChild(li);
    });
    if (d.processes) {
      document.getElementById('processes-at').textContent = d.processes.at.replace('T', ' ').slice(0, 16) + ' UTC';
      var rows = document.getElementById('processes-rows');
      d.processes.byCpu.forEach(function (p) {
        var tr = document.createElement('tr');
        [p.name, p.pid, p.cpuPercent.toFixed(1), (p.rssBytes / 1048576).toFixed(0) + ' MiB', p.command].forEach(function (v) {
          var td = document.createElement('td'); td.textContent = String(v); tr.appendChild(td);
        });
        rows.appendChild(tr);
      });
      document.getElementById('processes').hidden = false;
    }
  }).catch(function () {
    el.textContent = 'The chart could not be loaded.';
  });
  }
})();
