/*
 * dkumonitor built-in UI: dashboards, a metric browser and a graph composer over the server's
 * own Graphite API (/render?format=json, /metrics/find), drawn with uPlot, with the events of
 * /events/get_data (graphite-web's annotations, stats-service's events) as markers on every
 * chart and as a list. One file, no build step, nothing loaded from elsewhere. The whole view
 * lives in the URL's hash, so any view can be shared as a link:
 * #/d/NAME?var-host=web1&from=-6h, #/graph?target=a.b&from=-1d, #/browse,
 * #/events?event=pnc.user.login&uid=u1&from=-1d,
 * #/gottwall?project=shop&period=week (GottWall's counters by period).
 */
'use strict';
(function () {
  const API = '../';
  const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b',
    '#e377c2', '#17becf', '#7f7f7f', '#bcbd22'];
  const RANGES = [['-5min', 'Last 5 minutes'], ['-15min', 'Last 15 minutes'],
    ['-1h', 'Last hour'], ['-6h', 'Last 6 hours'], ['-24h', 'Last 24 hours'],
    ['-7d', 'Last 7 days'], ['-30d', 'Last 30 days'], ['-1y', 'Last year']];
  const REFRESH = [['', 'Off'], ['10s', '10 s'], ['30s', '30 s'], ['1m', '1 min'],
    ['5m', '5 min']];
  const UNITS = ['none', 'percent', 'bytes', 'bytes/s', 'per second', 'ms/s', 'us/s', 'seconds'];
  const NO_POINTS = 'no points in this range';
  /** Time-axis labels on a 24-hour clock with ISO dates (uPlot's table: step, label, and the
   * prefix when the year, month, day, hour or minute changes). */
  const TIME_AXIS = [
    [31536000, '{YYYY}', null, null, null, null, null, null, 1],
    [86400 * 28, '{MMM}', '\n{YYYY}', null, null, null, null, null, 1],
    [86400, '{MM}-{DD}', '\n{YYYY}', null, null, null, null, null, 1],
    [3600, '{HH}:{mm}', '\n{YYYY}-{MM}-{DD}', null, '\n{MM}-{DD}', null, null, null, 1],
    [60, '{HH}:{mm}', '\n{YYYY}-{MM}-{DD}', null, '\n{MM}-{DD}', null, null, null, 1],
    [1, ':{ss}', '\n{YYYY}-{MM}-{DD} {HH}:{mm}', null, '\n{MM}-{DD} {HH}:{mm}', null,
      '\n{HH}:{mm}', null, 1],
  ];

  const view = document.getElementById('view');
  const toolbar = document.getElementById('toolbar');
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'local time';

  /** What the page has drawn, for people and for the end-to-end test. */
  const stats = { panels: 0, done: 0, withPoints: 0, firstPointsMs: null, allDoneMs: null,
    markers: 0 };
  window.dkm = { stats: stats, charts: [] };
  /** The events of the view's range, fetched once per view (markers on every chart). */
  let eventsOfView = null;

  let teardown = [];
  let dashboardList = null;

  // ---------------------------------------------------------------- small helpers

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
      else if (key === 'class') node.className = value;
      else node.setAttribute(key, value === true ? '' : value);
    }
    for (const child of children.flat()) {
      if (child !== null && child !== undefined) {
        node.append(child instanceof Node ? child : document.createTextNode(String(child)));
      }
    }
    return node;
  }

  async function getJson(url) {
    const response = await fetch(url, { headers: { Accept: 'application/json' } });
    const text = await response.text();
    if (!response.ok) {
      throw new Error(text.trim() || response.status + ' ' + response.statusText);
    }
    return JSON.parse(text);
  }

  function parseHash() {
    const hash = location.hash.replace(/^#/, '') || '/';
    const at = hash.indexOf('?');
    return {
      path: at < 0 ? hash : hash.slice(0, at),
      params: new URLSearchParams(at < 0 ? '' : hash.slice(at + 1)),
    };
  }

  function setHash(path, params) {
    const query = params.toString();
    const next = '#' + path + (query ? '?' + query : '');
    if (location.hash !== next) location.hash = next;
    else route();
  }

  function renderUrl(targets, from, until, extra) {
    const query = new URLSearchParams();
    for (const target of targets) query.append('target', target);
    query.set('from', from);
    query.set('until', until);
    for (const [key, value] of Object.entries(extra)) query.set(key, value);
    return API + 'render?' + query;
  }

  function eventsUrl(from, until, tags) {
    const query = new URLSearchParams({ from: from, until: until });
    if (tags && tags.length) query.set('tags', tags.join(' '));
    return API + 'events/get_data?' + query;
  }

  /** The events of a range, for markers: an empty list when the API has none to give. */
  function viewEvents(range) {
    if (eventsOfView === null) {
      eventsOfView = getJson(eventsUrl(range.from, range.until)).catch(() => []);
    }
    return eventsOfView;
  }

  /** A dashed vertical line at each event in the chart's time range. */
  function drawMarkers(u, events) {
    const ctx = u.ctx;
    const [min, max] = [u.scales.x.min, u.scales.x.max];
    ctx.save();
    ctx.strokeStyle = 'rgba(230, 81, 0, .75)';
    ctx.lineWidth = Math.max(1, devicePixelRatio);
    ctx.setLineDash([4 * devicePixelRatio, 3 * devicePixelRatio]);
    let drawn = 0;
    for (const event of events) {
      if (event.when < min || event.when > max) continue;
      const x = Math.round(u.valToPos(event.when, 'x', true));
      ctx.beginPath();
      ctx.moveTo(x, u.bbox.top);
      ctx.lineTo(x, u.bbox.top + u.bbox.height);
      ctx.stroke();
      drawn++;
    }
    ctx.restore();
    return drawn;
  }

  function seconds(interval) {
    const match = /^(\d+)(s|m|min|h)$/.exec(interval || '');
    if (!match) return 0;
    const unit = { s: 1, m: 60, min: 60, h: 3600 }[match[2]];
    return Number(match[1]) * unit;
  }

  // ---------------------------------------------------------------- units on axes

  function scaled(value, base, prefixes, suffix) {
    const magnitude = Math.abs(value);
    let index = 0;
    while (magnitude >= Math.pow(base, index + 1) && index < prefixes.length - 1) index++;
    return trim(value / Math.pow(base, index)) + ' ' + prefixes[index] + suffix;
  }

  function duration(value, unitSeconds) {
    const total = value * unitSeconds;
    const magnitude = Math.abs(total);
    if (magnitude === 0) return '0';
    if (magnitude < 1e-3) return trim(total * 1e6) + ' µs';
    if (magnitude < 1) return trim(total * 1e3) + ' ms';
    return trim(total) + ' s';
  }

  function trim(number) {
    const digits = Math.abs(number) >= 100 ? 0 : Math.abs(number) >= 10 ? 1 : 2;
    return number.toFixed(digits).replace(/\.0+$|(\.\d*?)0+$/, '$1');
  }

  function formatter(unit) {
    switch (unit) {
      case 'percent': return (v) => trim(v) + ' %';
      case 'bytes': return (v) => scaled(v, 1024, ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi'], 'B');
      case 'bytes/s': return (v) => scaled(v, 1024, ['', 'Ki', 'Mi', 'Gi', 'Ti'], 'B/s');
      case 'per second': return (v) => scaled(v, 1000, ['', 'k', 'M', 'G'], '/s');
      case 'ms/s': return (v) => duration(v, 1e-3) + '/s';
      case 'us/s': return (v) => duration(v, 1e-6) + '/s';
      case 'seconds': return (v) => duration(v, 1);
      default: return (v) => scaled(v, 1000, ['', 'k', 'M', 'G', 'T'], '').trim();
    }
  }

  // ---------------------------------------------------------------- series → chart data

  /** Labels that keep only the path nodes in which the series differ. */
  function labels(names) {
    if (names.length === 1) {
      const nodes = names[0].split('.');
      return [nodes.slice(-2).join('.')];
    }
    const split = names.map((name) => name.split('.'));
    const width = Math.max(...split.map((nodes) => nodes.length));
    const differing = [];
    for (let i = 0; i < width; i++) {
      if (new Set(split.map((nodes) => nodes[i])).size > 1) differing.push(i);
    }
    return split.map((nodes, n) => differing.length
      ? differing.map((i) => nodes[i] ?? '').join('.') : names[n]);
  }

  /** graphite-web's JSON ([{target, datapoints: [[value, time]]}]) as uPlot columns. */
  function columns(seriesList) {
    const times = new Set();
    for (const series of seriesList) {
      for (const point of series.datapoints) times.add(point[1]);
    }
    const xs = Float64Array.from(times).sort();
    const index = new Map();
    xs.forEach((time, i) => index.set(time, i));
    let points = 0;
    const ys = seriesList.map((series) => {
      const column = new Array(xs.length).fill(null);
      for (const [value, time] of series.datapoints) {
        if (value !== null && Number.isFinite(value)) {
          column[index.get(time)] = value;
          points++;
        }
      }
      return column;
    });
    return { data: [Array.from(xs), ...ys], points: points };
  }

  // ---------------------------------------------------------------- one chart panel

  /**
   * A titled box that fetches its targets and draws them, or says plainly why it cannot:
   * no points in the range, or the server's error message.
   */
  function panel(spec, range, height) {
    const title = el('h3', { class: 'panel-title', title: spec.targets.join('\n') }, spec.title);
    const plot = el('div', { class: 'plot' });
    const message = el('div', { class: 'message', hidden: true });
    const box = el('section', { class: 'panel' }, title, plot, message);
    const format = formatter(spec.unit);
    let chart = null;
    let names = '';
    let counted = false;
    let sparse = false;
    let events = [];
    let markersCounted = 0;
    stats.panels++;

    function say(text, kind) {
      message.textContent = text;
      message.className = 'message ' + kind;
      message.hidden = false;
      box.classList.toggle('has-points', false);
    }

    function finish(hasPoints) {
      if (counted) return;
      counted = true;
      stats.done++;
      if (hasPoints) {
        stats.withPoints++;
        if (stats.firstPointsMs === null) stats.firstPointsMs = performance.now();
      }
      if (stats.done === stats.panels) stats.allDoneMs = performance.now();
    }

    function options(labelList, width) {
      return {
        width: width,
        height: height,
        legend: { show: true, live: true },
        cursor: { drag: { x: true, y: false } },
        scales: {
          x: { time: true },
          y: {
            range: (u, min, max) => spec.unit === 'percent'
              ? [0, Math.max(100, max)]
              : [Math.min(0, min), max > 0 ? max * 1.1 : 1],
          },
        },
        axes: [
          { stroke: '#444', grid: { stroke: '#eee' }, ticks: { stroke: '#ddd' },
            values: TIME_AXIS },
          {
            stroke: '#444', grid: { stroke: '#eee' }, ticks: { stroke: '#ddd' }, size: 70,
            values: (u, splits) => splits.map((v) => (v === null ? '' : format(v))),
          },
        ],
        series: [{ value: '{YYYY}-{MM}-{DD} {HH}:{mm}:{ss}' }].concat(labelList.map((label, i) => ({
          label: label,
          stroke: PALETTE[i % PALETTE.length],
          width: 1.5,
          // a lone point between gaps draws no line: show the points while they are sparse
          points: { show: () => sparse, size: 5 },
          value: (u, v) => (v === null || v === undefined ? '–' : format(v)),
        }))),
        hooks: {
          draw: [(u) => {
            const drawn = drawMarkers(u, events);
            stats.markers += drawn - markersCounted;
            markersCounted = drawn;
            box.setAttribute('data-markers', String(drawn));
            box.setAttribute('data-drawn', String(Date.now()));
          }],
        },
      };
    }

    function plotWidth() {
      return Math.max(200, Math.floor(box.clientWidth - 16));
    }

    async function load() {
      box.classList.add('loading');
      try {
        const [seriesList, found] = await Promise.all([getJson(renderUrl(spec.targets,
          range.from, range.until, { format: 'json', maxDataPoints: String(plotWidth()) })),
        viewEvents(range)]);
        events = found;
        const { data, points } = columns(seriesList);
        const seriesNames = seriesList.map((s) => s.target).join('\n');
        if (points === 0) {
          if (chart) {
            chart.destroy();
            chart = null;
          }
          say(seriesList.length === 0 ? NO_POINTS + ' (no metric matches)' : NO_POINTS,
            'empty');
          finish(false);
          return;
        }
        message.hidden = true;
        box.classList.add('has-points');
        sparse = points / seriesList.length < plotWidth() / 12;
        if (!chart || seriesNames !== names) {
          if (chart) chart.destroy();
          plot.textContent = '';
          chart = new uPlot(options(labels(seriesList.map((s) => s.target)), plotWidth()),
            data, plot);
          names = seriesNames;
          window.dkm.charts.push(chart);
        } else {
          chart.setData(data);
        }
        finish(true);
      } catch (error) {
        say(error.message, 'error');
        finish(false);
      } finally {
        box.classList.remove('loading');
      }
    }

    const resize = new ResizeObserver(() => {
      if (chart && Math.abs(chart.width - plotWidth()) > 4) {
        chart.setSize({ width: plotWidth(), height: height });
      }
    });
    resize.observe(box);
    teardown.push(() => {
      resize.disconnect();
      if (chart) chart.destroy();
    });
    return { element: box, load: load };
  }

  // ---------------------------------------------------------------- time range and refresh

  function rangeOf(params, defaults) {
    return {
      from: params.get('from') || (defaults && defaults.from) || '-1h',
      until: params.get('until') || (defaults && defaults.until) || 'now',
      refresh: params.has('refresh') ? params.get('refresh')
        : (defaults && defaults.refresh) || '',
    };
  }

  function toLocalInput(value) {
    let epoch = /^\d+$/.test(value) ? Number(value) : null;
    if (epoch === null) {
      const match = /^-(\d+)(min|h|d|y)$/.exec(value);
      const unit = match && { min: 60, h: 3600, d: 86400, y: 31536000 }[match[2]];
      epoch = Date.now() / 1000 - (match ? Number(match[1]) * unit : 0);
    }
    const date = new Date(epoch * 1000);
    const pad = (n) => String(n).padStart(2, '0');
    return date.getFullYear() + '-' + pad(date.getMonth() + 1) + '-' + pad(date.getDate())
      + 'T' + pad(date.getHours()) + ':' + pad(date.getMinutes());
  }

  /** Presets, a custom range in the browser's zone, auto-refresh. */
  function timeControls(path, params, range, extra) {
    const preset = el('select', {
      'aria-label': 'Time range',
      onchange: () => {
        if (preset.value === 'custom') {
          custom.hidden = false;
          return;
        }
        params.set('from', preset.value);
        params.delete('until');
        setHash(path, params);
      },
    }, RANGES.map(([value, text]) => el('option', {
      value: value, selected: range.from === value && range.until === 'now',
    }, text)), el('option', { value: 'custom' }, 'Custom…'));
    const isPreset = RANGES.some(([value]) => value === range.from) && range.until === 'now';
    if (!isPreset) preset.value = 'custom';
    const fromInput = el('input', { type: 'datetime-local', value: toLocalInput(range.from) });
    const untilInput = el('input', { type: 'datetime-local', value: toLocalInput(range.until) });
    const custom = el('span', { class: 'custom', hidden: isPreset },
      el('label', {}, 'from ', fromInput), el('label', {}, ' to ', untilInput),
      el('button', {
        type: 'button',
        onclick: () => {
          const from = Math.floor(new Date(fromInput.value).getTime() / 1000);
          const until = Math.floor(new Date(untilInput.value).getTime() / 1000);
          if (!Number.isFinite(from) || !Number.isFinite(until) || from >= until) {
            custom.classList.add('invalid');
            return;
          }
          params.set('from', String(from));
          params.set('until', String(until));
          setHash(path, params);
        },
      }, 'Apply'));
    const refresh = el('select', {
      'aria-label': 'Auto-refresh',
      onchange: () => {
        params.set('refresh', refresh.value);
        setHash(path, params);
      },
    }, REFRESH.map(([value, text]) => el('option', {
      value: value, selected: range.refresh === value,
    }, text)));
    toolbar.replaceChildren(...(extra || []), el('span', { class: 'spacer' }),
      el('label', {}, 'Range ', preset), custom, el('label', {}, 'Refresh ', refresh));
  }

  function startRefresh(range, loaders) {
    const every = seconds(range.refresh);
    if (every > 0) {
      const timer = setInterval(() => {
        eventsOfView = null;
        loaders.forEach((load) => load());
      }, every * 1000);
      teardown.push(() => clearInterval(timer));
    }
  }

  // ---------------------------------------------------------------- dashboards

  /** The dashboard list, fetched once per page load; it also fills the nav. */
  function dashboards() {
    if (dashboardList === null) {
      dashboardList = getJson('dashboards/index.json').catch(() => []).then((list) => {
        const links = document.getElementById('dashboard-links');
        links.replaceChildren(...list.map((d) => el('a', {
          href: '#/d/' + encodeURIComponent(d.name), 'data-view': 'd/' + d.name,
        }, d.title)));
        highlightNav();
        return list;
      });
    }
    return dashboardList;
  }

  function highlightNav() {
    const path = parseHash().path;
    for (const link of document.querySelectorAll('#nav a')) {
      link.classList.toggle('active', path.slice(1) === link.getAttribute('data-view'));
    }
  }

  function substitute(text, values) {
    return text.replace(/\$(\w+)|\$\{(\w+)\}/g, (all, a, b) =>
      (values[a || b] !== undefined ? values[a || b] : all));
  }

  async function showDashboard(name, params) {
    const spec = await getJson('dashboards/' + encodeURIComponent(name) + '.json');
    document.title = (spec.title || name) + ' · dkumonitor';
    const range = rangeOf(params, {
      from: spec.time && spec.time.from, until: spec.time && spec.time.until,
      refresh: spec.refresh,
    });
    const values = {};
    const pickers = [];
    for (const variable of spec.variables || []) {
      const found = await getJson(API + 'metrics/find?query='
        + encodeURIComponent(variable.query));
      const options = found.filter((node) => !node.leaf).map((node) => node.text).sort();
      const chosen = params.get('var-' + variable.name);
      values[variable.name] = chosen && (options.includes(chosen) || options.length === 0)
        ? chosen : options[0];
      if (options.length === 0) {
        view.replaceChildren(el('h1', {}, spec.title || name), el('p', { class: 'message empty' },
          'Nothing has sent metrics matching ' + variable.query + ' yet. The agent sends its'
          + ' first values within a minute of dkm start; reload then.'));
        toolbar.replaceChildren();
        return;
      }
      pickers.push(el('label', {}, (variable.label || variable.name) + ' ', el('select', {
        'aria-label': variable.label || variable.name,
        onchange: (event) => {
          params.set('var-' + variable.name, event.target.value);
          setHash('/d/' + name, params);
        },
      }, options.map((option) => el('option', {
        value: option, selected: option === values[variable.name],
      }, option)))));
    }
    timeControls('/d/' + name, params, range, pickers);
    const loaders = [];
    const sections = (spec.rows || []).map((row) => el('div', { class: 'row' },
      row.title ? el('h2', {}, substitute(row.title, values)) : null,
      el('div', { class: 'grid' }, (row.panels || []).map((panelSpec) => {
        const p = panel({
          title: substitute(panelSpec.title || '', values),
          unit: panelSpec.unit || 'none',
          targets: (panelSpec.targets || []).map((t) => substitute(t, values)),
        }, range, panelSpec.height || 170);
        loaders.push(p.load);
        return p.element;
      }))));
    view.replaceChildren(el('h1', {}, substitute(spec.title || name, values)), ...sections);
    loaders.forEach((load) => load());
    startRefresh(range, loaders);
  }

  async function showDashboardList() {
    const list = await dashboards();
    toolbar.replaceChildren();
    document.title = 'Dashboards · dkumonitor';
    view.replaceChildren(el('h1', {}, 'Dashboards'), el('ul', { class: 'dashboards' },
      list.map((d) => el('li', {}, el('a', { href: '#/d/' + encodeURIComponent(d.name) },
        d.title), ' ', el('span', { class: 'origin' },
        d.origin === 'conf' ? 'conf/dashboards/' + d.name + '.json' : 'shipped with dkumonitor'),
        d.error ? el('div', { class: 'message error' }, d.error) : null))),
    el('p', {}, 'Add your own as JSON files in DATA_DIR/conf/dashboards/; a file named like a'
      + ' shipped one replaces it.'));
  }

  // ---------------------------------------------------------------- metric browser

  function treeNode(node) {
    if (node.leaf) {
      return el('li', { class: 'leaf' }, el('a', {
        href: '#/graph?' + new URLSearchParams({ target: node.id }),
      }, node.text));
    }
    const children = el('ul', { hidden: true });
    let loaded = false;
    const toggle = el('button', {
      type: 'button', class: 'branch', 'aria-expanded': 'false',
      onclick: async () => {
        const open = children.hidden;
        children.hidden = !open;
        toggle.setAttribute('aria-expanded', String(open));
        if (open && !loaded) {
          loaded = true;
          children.replaceChildren(el('li', { class: 'loading' }, 'loading…'));
          try {
            const found = await getJson(API + 'metrics/find?query='
              + encodeURIComponent(node.id + '.*'));
            children.replaceChildren(...found.map(treeNode));
          } catch (error) {
            children.replaceChildren(el('li', { class: 'message error' }, error.message));
            loaded = false;
          }
        }
      },
    }, node.text);
    const graphAll = el('a', {
      class: 'all', title: 'Graph every metric one level below',
      href: '#/graph?' + new URLSearchParams({ target: node.id + '.*' }),
    }, 'graph .*');
    return el('li', { class: 'node' }, toggle, ' ', graphAll, children);
  }

  /** The tree from its roots, or the nodes a glob such as collectd.*.cpu.* finds. */
  async function showBrowser(params) {
    document.title = 'Metrics · dkumonitor';
    const query = (params.get('query') || '').trim();
    const input = el('input', {
      type: 'search', value: query, size: 48, 'aria-label': 'Find metrics',
      placeholder: 'a path or glob, e.g. collectd.*.cpu.*',
    });
    toolbar.replaceChildren(el('form', {
      class: 'find',
      onsubmit: (event) => {
        event.preventDefault();
        const next = new URLSearchParams();
        if (input.value.trim()) next.set('query', input.value.trim());
        setHash('/browse', next);
      },
    }, el('label', {}, 'Find ', input), el('button', { type: 'submit' }, 'Find')));
    const found = await getJson(API + 'metrics/find?query=' + encodeURIComponent(query || '*'));
    const empty = query ? 'No metric or branch matches ' + query + '.'
      : 'The server holds no metric yet.';
    view.replaceChildren(el('h1', {}, query ? 'Metrics matching ' + query : 'Metrics'),
      found.length === 0 ? el('p', { class: 'message empty' }, empty)
        : el('ul', { class: 'tree' }, found.map(treeNode)));
  }

  // ---------------------------------------------------------------- graph composer

  /** The unit collectd's naming implies, until the user picks one. */
  function guessUnit(targets) {
    const text = targets.join(' ');
    if (/percent/.test(text)) return 'percent';
    if (/_octets|swap_io/.test(text)) return 'bytes/s';
    if (/memory\.memory|df_complex|ps_rss|ps_vm|ps_data|ps_code|ps_stacksize/.test(text)) {
      return 'bytes';
    }
    if (/_ops|_packets|_errors|_dropped|_merged|fork_rate|contextswitch/.test(text)) {
      return 'per second';
    }
    return 'none';
  }

  function showComposer(params) {
    document.title = 'Graph · dkumonitor';
    const targets = params.getAll('target').filter((t) => t.trim() !== '');
    const unit = params.get('unit') || guessUnit(targets);
    const range = rangeOf(params, { from: '-1h', until: 'now', refresh: '' });
    timeControls('/graph', params, range, []);
    const input = el('textarea', {
      rows: Math.max(2, targets.length + 1), spellcheck: 'false',
      placeholder: 'one target a line, e.g. collectd.*.load.load.relative.shortterm',
      'aria-label': 'Targets',
    });
    input.value = targets.join('\n');
    const unitSelect = el('select', { 'aria-label': 'Unit' },
      UNITS.map((u) => el('option', { value: u, selected: u === unit }, u)));
    const draw = () => {
      params.delete('target');
      for (const line of input.value.split('\n')) {
        if (line.trim()) params.append('target', line.trim());
      }
      params.set('unit', unitSelect.value);
      setHash('/graph', params);
    };
    const form = el('form', {
      class: 'composer',
      onsubmit: (event) => {
        event.preventDefault();
        draw();
      },
    }, input, el('div', { class: 'composer-actions' },
      el('label', {}, 'Unit ', unitSelect), el('button', { type: 'submit' }, 'Draw')));
    const children = [el('h1', {}, 'Graph'), form];
    if (targets.length > 0) {
      const p = panel({ title: targets.join(', '), unit: unit, targets: targets }, range, 360);
      const png = renderUrl(targets, range.from, range.until,
        { format: 'png', width: '1200', height: '500', tz: zone });
      children.push(p.element, el('p', { class: 'links' },
        el('a', { id: 'share-link', href: location.href }, 'Link to this view'), ' · ',
        el('a', { id: 'png-link', href: png, target: '_blank', rel: 'noopener' },
          'PNG image'), ' · ',
        el('a', { href: renderUrl(targets, range.from, range.until, { format: 'json' }),
          target: '_blank', rel: 'noopener' }, 'JSON')));
      view.replaceChildren(...children);
      p.load();
      startRefresh(range, [p.load]);
    } else {
      children.push(el('p', {}, 'Type a metric path or a glob, or pick one in ',
        el('a', { href: '#/browse' }, 'Metrics'), '.'));
      view.replaceChildren(...children);
    }
  }

  // ---------------------------------------------------------------- events list

  /** The events of a range, filtered by name and uid, newest first. */
  async function showEvents(params) {
    document.title = 'Events · dkumonitor';
    const range = rangeOf(params, { from: '-1d', until: 'now', refresh: '' });
    const name = (params.get('event') || '').trim();
    const uid = (params.get('uid') || '').trim();
    const nameInput = el('input', { type: 'search', value: name, size: 24,
      'aria-label': 'Event name', placeholder: 'event name, e.g. pnc.user.login' });
    const uidInput = el('input', { type: 'search', value: uid, size: 16, 'aria-label': 'uid',
      placeholder: 'uid' });
    const filter = el('form', {
      class: 'find',
      onsubmit: (event) => {
        event.preventDefault();
        const next = new URLSearchParams(params);
        for (const [key, input] of [['event', nameInput], ['uid', uidInput]]) {
          if (input.value.trim()) next.set(key, input.value.trim());
          else next.delete(key);
        }
        setHash('/events', next);
      },
    }, el('label', {}, 'Event ', nameInput), ' ', el('label', {}, 'uid ', uidInput), ' ',
    el('button', { type: 'submit' }, 'Filter'));
    timeControls('/events', params, range, [filter]);
    const tags = [];
    if (name) tags.push(name);
    if (uid) tags.push('uid=' + uid);
    const found = (await getJson(eventsUrl(range.from, range.until, tags))).reverse();
    const when = (epoch) => new Date(epoch * 1000).toLocaleString();
    const rows = found.map((e) => el('tr', {},
      el('td', { class: 'when' }, when(e.when)),
      el('td', {}, el('a', {
        href: '#/events?' + new URLSearchParams({ event: e.what, from: range.from,
          until: range.until }),
      }, e.what)),
      el('td', {}, (e.tags || []).filter((t) => t.startsWith('uid=')).map((t) => t.slice(4))
        .join(' ')),
      el('td', { class: 'tags' }, (e.tags || []).filter((t) => !t.startsWith('uid=')
        && t !== e.what).join(' ')),
      el('td', { class: 'data' }, e.data || '')));
    view.replaceChildren(el('h1', {}, 'Events'),
      found.length === 0
        ? el('p', { class: 'message empty' }, 'No event in this range'
          + (tags.length ? ' with ' + tags.join(' and ') : '') + '.')
        : el('table', { class: 'events' }, el('thead', {}, el('tr', {},
          ['time', 'event', 'uid', 'tags', 'data'].map((h) => el('th', {}, h)))),
        el('tbody', {}, rows)),
      el('p', { class: 'links' }, 'Events come from stats-service clients (PORT+6, newest '
        + 'first, at most the server\'s events.maxAnnotations) and from POST /events/. ',
      el('a', { href: eventsUrl(range.from, range.until, tags), target: '_blank',
        rel: 'noopener' }, 'JSON')));
  }

  // ---------------------------------------------------------------- GottWall counters

  /** GottWall's periods: the range each shows (seconds), and its bucket's start in UTC. */
  const PERIODS = [['minute', 7200], ['hour', 2 * 86400], ['day', 30 * 86400],
    ['week', 182 * 86400], ['month', 365 * 86400], ['year', 3650 * 86400]];

  function bucketStart(t, period) {
    const d = new Date(t * 1000);
    const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) / 1000;
    switch (period) {
      case 'minute': return Math.floor(t / 60) * 60;
      case 'hour': return Math.floor(t / 3600) * 3600;
      case 'day': return day;
      case 'week': return day - ((d.getUTCDay() + 6) % 7) * 86400;
      case 'month': return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / 1000;
      default: return Date.UTC(d.getUTCFullYear(), 0, 1) / 1000;
    }
  }

  function nextBucket(t, period) {
    const d = new Date(t * 1000);
    switch (period) {
      case 'minute': return t + 60;
      case 'hour': return t + 3600;
      case 'day': return t + 86400;
      case 'week': return t + 7 * 86400;
      case 'month': return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / 1000;
      default: return Date.UTC(d.getUTCFullYear() + 1, 0, 1) / 1000;
    }
  }

  /** Every bucket of the period's range, oldest first, the current one last. */
  function bucketsOf(period, span) {
    const now = Date.now() / 1000;
    const list = [];
    for (let t = bucketStart(now - span, period); t <= now; t = nextBucket(t, period)) {
      list.push(t);
    }
    return list;
  }

  /** A series node as GottWall's name: %XX is a UTF-8 byte, a lone % the empty text. */
  function gottwallName(node) {
    if (node === '%') return '';
    try {
      return decodeURIComponent(node);
    } catch (error) {
      return node;
    }
  }

  /** One counter's totals per period bucket, as bars, and the range's total. */
  function counterPanel(node, period, span) {
    const total = el('span', { class: 'origin' });
    const plot = el('div', { class: 'plot' });
    const message = el('div', { class: 'message', hidden: true });
    const box = el('section', { class: 'panel' },
      el('h3', { class: 'panel-title', title: node.id }, gottwallName(node.text), ' ', total),
      plot, message);
    stats.panels++;
    let chart = null;
    teardown.push(() => chart && chart.destroy());

    async function load() {
      try {
        const xs = bucketsOf(period, span);
        const found = await getJson(renderUrl([node.id], String(xs[0]), 'now',
          { format: 'json' }));
        const sums = new Map(xs.map((x) => [x, 0]));
        let points = 0;
        for (const series of found) {
          for (const [value, time] of series.datapoints) {
            const start = bucketStart(time, period);
            if (value === null || !sums.has(start)) continue;
            sums.set(start, sums.get(start) + value);
            points++;
          }
        }
        const sum = xs.reduce((acc, x) => acc + sums.get(x), 0);
        total.textContent = '· ' + trim(sum) + ' in range';
        stats.done++;
        if (points === 0) {
          message.textContent = NO_POINTS;
          message.className = 'message empty';
          message.hidden = false;
          return;
        }
        stats.withPoints++;
        const bars = uPlot.paths && uPlot.paths.bars ? uPlot.paths.bars({ size: [0.7, 60] })
          : undefined;
        chart = new uPlot({
          width: Math.max(200, box.clientWidth - 16), height: 160,
          legend: { show: false },
          scales: {
            x: { time: true, range: () => [xs[0], nextBucket(xs[xs.length - 1], period)] },
            y: { range: (u, min, max) => [Math.min(0, min), max > 0 ? max * 1.1 : 1] },
          },
          axes: [{ values: TIME_AXIS, grid: { stroke: '#eee' } },
            { size: 70, grid: { stroke: '#eee' }, values: (u, ticks) => ticks.map(trim) }],
          series: [{}, { label: gottwallName(node.text), stroke: PALETTE[0],
            fill: PALETTE[0] + '99', paths: bars, points: { show: !bars } }],
        }, [xs, xs.map((x) => sums.get(x))], plot);
        box.classList.add('has-points');
        window.dkm.charts.push(chart);
      } catch (error) {
        stats.done++;
        message.textContent = error.message;
        message.className = 'message error';
        message.hidden = false;
      }
    }
    return { element: box, load: load };
  }

  /** Projects, their counters, and one bar chart a counter for the period chosen (UTC). */
  async function showGottwall(params) {
    document.title = 'GottWall · dkumonitor';
    const projects = (await getJson(API + 'metrics/find?query=gottwall.*'))
      .filter((node) => !node.leaf);
    if (projects.length === 0) {
      toolbar.replaceChildren();
      view.replaceChildren(el('h1', {}, 'GottWall'), el('p', { class: 'message empty' },
        'No GottWall counter yet. Add a project with DATA_DIR/bin/dkmadmin gottwall project'
        + ' add NAME and point its clients at this server (PORT+6, prefix /gottwall).'));
      return;
    }
    const chosen = params.get('project');
    const project = projects.find((node) => node.text === chosen) || projects[0];
    const period = PERIODS.some(([name]) => name === params.get('period'))
      ? params.get('period') : 'day';
    const span = PERIODS.find(([name]) => name === period)[1];
    const select = (label, options, value, key) => el('label', {}, label + ' ', el('select', {
      'aria-label': label,
      onchange: (event) => {
        params.set(key, event.target.value);
        setHash('/gottwall', params);
      },
    }, options.map(([v, text]) => el('option', { value: v, selected: v === value }, text))));
    toolbar.replaceChildren(
      select('Project', projects.map((n) => [n.text, gottwallName(n.text)]), project.text,
        'project'),
      select('Period', PERIODS.map(([name]) => [name, name]), period, 'period'),
      el('span', { class: 'spacer' }), el('span', { class: 'origin' }, 'buckets in UTC'));
    const counters = (await getJson(API + 'metrics/find?query='
      + encodeURIComponent(project.id + '.*'))).filter((node) => node.leaf);
    const panels = counters.map((node) => counterPanel(node, period, span));
    view.replaceChildren(el('h1', {}, 'GottWall: ' + gottwallName(project.text)),
      counters.length === 0 ? el('p', { class: 'message empty' }, 'This project has no counter.')
        : el('div', { class: 'grid' }, panels.map((p) => p.element)));
    panels.forEach((p) => p.load());
  }

  // ---------------------------------------------------------------- routing

  async function route() {
    teardown.forEach((undo) => undo());
    teardown = [];
    window.dkm.charts = [];
    eventsOfView = null;
    Object.assign(stats, { panels: 0, done: 0, withPoints: 0, firstPointsMs: null,
      allDoneMs: null, markers: 0 });
    const { path, params } = parseHash();
    const listed = dashboards(); // the nav's list loads beside the view, not before it
    highlightNav();
    try {
      if (path === '/' || path === '') {
        const list = await listed;
        const overview = list.find((d) => d.name === 'host-overview') || list[0];
        if (overview) setHash('/d/' + overview.name, new URLSearchParams());
        else await showDashboardList();
      } else if (path === '/dashboards') {
        await showDashboardList();
      } else if (path.startsWith('/d/')) {
        await showDashboard(decodeURIComponent(path.slice(3)), params);
      } else if (path === '/browse') {
        await showBrowser(params);
      } else if (path === '/graph') {
        showComposer(params);
      } else if (path === '/events') {
        await showEvents(params);
      } else if (path === '/gottwall') {
        await showGottwall(params);
      } else {
        view.replaceChildren(el('p', { class: 'message error' }, 'No such view: ' + path));
      }
    } catch (error) {
      view.replaceChildren(el('p', { class: 'message error' }, error.message));
    }
  }

  document.getElementById('tz').textContent = 'Times in ' + zone;
  window.addEventListener('hashchange', route);
  route();
})();
