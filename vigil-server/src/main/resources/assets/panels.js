// The host page's graphs: one small interactive uPlot chart per series (min/avg/max and its thresholds),
// in the page's own colours (light or dark). Data from /series-data behind the session; no inline script.
(function () {
  if (!window.uPlot) { return; }
  var css = getComputedStyle(document.body);
  var fg = css.getPropertyValue('--fg').trim() || '#222';
  var grid = css.getPropertyValue('--line').trim() || '#ddd';
  var link = css.getPropertyValue('--link').trim() || '#0b57d0';
  var axis = {stroke: fg, grid: {stroke: grid, width: 1}, ticks: {stroke: grid, width: 1}};
  var finite = function (v) { return v !== null && isFinite(v); };
  // 30000000 bytes reads as 30M on a small panel: SI prefixes keep the axis narrow.
  var si = function (v) {
    if (v === null) { return ''; }
    var a = Math.abs(v);
    var p = a >= 1e12 ? [1e12, 'T'] : a >= 1e9 ? [1e9, 'G'] : a >= 1e6 ? [1e6, 'M'] : a >= 1e4 ? [1e3, 'k'] : [1, ''];
    return +(v / p[0]).toPrecision(3) + p[1];
  };
  document.querySelectorAll('.chart.mini[data-src]').forEach(function (el) {
    fetch(el.dataset.src, {credentials: 'same-origin'}).then(function (r) {
      if (!r.ok) { throw new Error('HTTP ' + r.status); }
      return r.json();
    }).then(function (d) {
      if (!d.avg.some(finite)) {
        el.innerHTML = '';
        var p = document.createElement('p');
        p.className = 'note collecting';
        p.textContent = 'Collecting data: nothing recorded in this range yet.';
        el.appendChild(p);
        return;
      }
      var n = d.times.length;
      var line = function (v) { var a = new Array(n); for (var i = 0; i < n; i++) { a[i] = v; } return a; };
      var data = [d.times, d.min, d.avg, d.max];
      var series = [{}, {label: 'min', stroke: '#8a8d94'}, {label: 'avg', stroke: link, width: 2}, {label: 'max', stroke: '#2e9150'}];
      if (d.warning !== null) { data.push(line(d.warning)); series.push({label: 'warning', stroke: '#c98a00', dash: [6, 4]}); }
      if (d.critical !== null) { data.push(line(d.critical)); series.push({label: 'critical', stroke: '#d0343d', dash: [6, 4]}); }
      el.innerHTML = '';
      var size = function () { return {width: Math.max(240, el.clientWidth), height: 150}; };
      var plot = new uPlot(Object.assign(size(), {series: series, legend: {show: false},
        axes: [Object.assign({}, axis), Object.assign({size: 56, label: d.unit || '',
          values: function (u, vals) { return vals.map(si); }}, axis)],
        cursor: {drag: {x: false, y: false}}}), data, el);
      el.dataset.ready = 'true';
      window.addEventListener('resize', function () { plot.setSize(size()); });
    }).catch(function () {
      el.textContent = 'This graph could not be loaded.';
    });
  });
})();
