/* khuyenhoc: sortable tables and the dashboard charts. No framework; the
   pages work without this file (the figures are in the tables). */
(function () {
  'use strict';

  var collator = new Intl.Collator('vi', { numeric: true, sensitivity: 'base' });

  // Sortable tables: each header becomes a button; a numeric column sorts
  // largest first on the first press, a text column A to Z. Cells may carry
  // the key in data-sort; an empty key (no data) always sorts last.
  function sortable(table) {
    var head = table.tHead && table.tHead.rows[0];
    if (!head || !table.tBodies[0]) return;
    Array.prototype.forEach.call(head.cells, function (th, col) {
      var b = document.createElement('button');
      b.type = 'button';
      b.className = 'sort';
      while (th.firstChild) b.appendChild(th.firstChild);
      th.appendChild(b);
      b.addEventListener('click', function () { sortBy(table, th, col); });
    });
  }

  function key(row, col) {
    var td = row.cells[col];
    if (!td) return '';
    var k = td.getAttribute('data-sort');
    return k === null ? td.textContent.trim() : k;
  }

  function sortBy(table, th, col) {
    var numeric = th.classList.contains('num');
    var cur = th.getAttribute('aria-sort');
    var asc = cur ? cur !== 'ascending' : !numeric;
    Array.prototype.forEach.call(th.parentNode.cells, function (c) { c.removeAttribute('aria-sort'); });
    th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = key(a, col), y = key(b, col);
      if (x === '' || y === '') return (x === '') - (y === '');
      var r = numeric ? parseFloat(x) - parseFloat(y) : collator.compare(x, y);
      return asc ? r : -r;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }

  // Numbers the Vietnamese way: 1.234.567 and 18,53.
  function fmt(v, decimals) {
    if (v === null || v === undefined) return '–';
    return v.toLocaleString('vi-VN', { maximumFractionDigits: decimals || 0 });
  }

  // axisNums writes the ticks of a value axis: millions and billions
  // shortened (tr, tỉ), with as many decimals as the spacing of the ticks
  // needs to tell them apart; smaller numbers in full (16.720).
  function axisNums(splits) {
    var big = 0, step = 0;
    splits.forEach(function (v, i) {
      big = Math.max(big, Math.abs(v));
      if (i > 0) step = step ? Math.min(step, Math.abs(v - splits[i - 1])) : Math.abs(v - splits[i - 1]);
    });
    var unit = 1, suffix = '';
    if (big >= 1e9) { unit = 1e9; suffix = ' tỉ'; } else if (big >= 1e6) { unit = 1e6; suffix = ' tr'; }
    var dec = 0;
    while (dec < 3 && step > 0 && step / unit < Math.pow(10, -dec)) dec++;
    return splits.map(function (v) { return fmt(v / unit, dec) + suffix; });
  }

  // trendChart draws the trend of one indicator as a line over the
  // periods. Its axis of figures starts at zero, so that a change looks
  // as large as it is; the periods' labels are on two lines ("6T đầu" over
  // the year) and thinned to every second or third when the chart is too
  // narrow for all of them.
  function trendChart(box, d, track) {
    if (!box || !track || !track.values.length) return;
    var labels = track.labels, values = track.values, xs = [];
    for (var i = 0; i < values.length; i++) xs.push(i);
    if (!values.some(function (v) { return v !== null; })) return;
    box.hidden = false;
    var widthOf = function () { return Math.max(240, Math.floor(box.getBoundingClientRect().width)); };
    var width = widthOf();
    var opts = {
      width: width,
      height: 240,
      // The legend names the line; the figures are in the table under it.
      legend: { show: true, live: false },
      cursor: { points: { size: 8 } },
      scales: {
        x: { time: false, range: [-0.5, labels.length - 0.5] },
        y: { range: function (u, min, max) { return [Math.min(0, min), max > 0 ? max * 1.1 : 1]; } }
      },
      axes: [
        {
          splits: function () { return xs; },
          values: function (u, splits) {
            // About 56 px a label; the plot is the width less the axis of figures.
            var plotWidth = u.bbox && u.bbox.width ? u.bbox.width / (uPlot.pxRatio || 1) : u.width - 70;
            var fit = Math.max(1, Math.floor(plotWidth / 56));
            var step = Math.ceil(labels.length / fit);
            return splits.map(function (i) {
              // Count back from the last period, so that the newest keeps its label.
              return (labels.length - 1 - i) % step ? '' : (labels[i] || '');
            });
          },
          size: 48,
          gap: 4
        },
        { values: function (u, splits) { return axisNums(splits); }, size: 64 }
      ],
      series: [
        { label: d.trend_label, value: function (u, i) { return i === null || i === undefined ? '' : (labels[i] || '').replace('\n', ' '); } },
        {
          label: d.name,
          stroke: '#0b5394',
          width: 2,
          spanGaps: false,
          points: { show: true, size: 7 },
          value: function (u, v) { return v === null || v === undefined ? '' : fmt(v, d.decimals); }
        }
      ]
    };
    var plot = new uPlot(opts, [xs, values], box);
    var timer;
    window.addEventListener('resize', function () {
      clearTimeout(timer);
      timer = setTimeout(function () { plot.setSize({ width: widthOf(), height: opts.height }); }, 150);
    });
  }

  function charts() {
    var el = document.getElementById('chart-data');
    if (!el || typeof uPlot === 'undefined') return;
    var d;
    try { d = JSON.parse(el.textContent); } catch (e) { return; }
    trendChart(document.getElementById('chart-trend'), d, d.trend);
  }

  // A form marked data-upload sends its file with a progress bar (the
  // file's percentage, then "đang xử lý…" while the server checks it) and
  // puts the answer's outcome (#import-outcome) in place, keeping the file
  // chosen, so that "Xem trước" can be followed by "Nhập" without choosing
  // it again. Without this script the form posts as usual.
  function uploader(form) {
    if (!window.FormData || !window.XMLHttpRequest || !window.DOMParser) return;
    var box = form.querySelector('.upload-progress');
    var bar = form.querySelector('progress');
    var state = form.querySelector('.upload-state');
    var busy = false;
    form.addEventListener('submit', function (ev) {
      if (busy) { ev.preventDefault(); return; }
      var submitter = ev.submitter;
      var data;
      try { data = submitter ? new FormData(form, submitter) : new FormData(form); } catch (e) { return; }
      ev.preventDefault();
      busy = true;
      // A random id under which the server keeps this import's stages.
      var id = '';
      if (window.crypto && crypto.getRandomValues) {
        var b = new Uint32Array(2);
        crypto.getRandomValues(b);
        id = b[0].toString(36) + b[1].toString(36);
        data.set('progress', id);
      }
      var buttons = form.querySelectorAll('button');
      Array.prototype.forEach.call(buttons, function (b) { b.disabled = true; });
      box.hidden = false;
      bar.value = 0;
      state.textContent = state.getAttribute('data-uploading') + ' 0 %';
      var xhr = new XMLHttpRequest();
      xhr.open('POST', form.getAttribute('action'));
      xhr.upload.addEventListener('progress', function (e) {
        if (!e.lengthComputable) return;
        var pct = Math.floor(e.loaded * 100 / e.total);
        bar.value = pct;
        state.textContent = state.getAttribute('data-uploading') + ' ' + pct + ' %';
      });
      var poll = null;
      xhr.upload.addEventListener('load', function () {
        bar.value = 100;
        bar.removeAttribute('value'); // indeterminate while the server works
        state.textContent = state.getAttribute('data-processing');
        // The server's stages (checked, written) while it works.
        var url = state.getAttribute('data-progress');
        if (url && id && window.fetch) {
          poll = setInterval(function () {
            fetch(url + '?id=' + encodeURIComponent(id), { credentials: 'same-origin' })
              .then(function (r) { return r.ok ? r.json() : null; })
              .then(function (v) { if (busy && v && v.state) state.textContent = v.state; })
              .catch(function () {});
          }, 1000);
        }
      });
      function done() {
        busy = false;
        if (poll) clearInterval(poll);
        Array.prototype.forEach.call(buttons, function (b) { b.disabled = false; });
        box.hidden = true;
        bar.value = 0;
      }
      xhr.addEventListener('load', function () {
        done();
        var doc = new DOMParser().parseFromString(xhr.responseText, 'text/html');
        var fresh = doc.getElementById('import-outcome');
        var here = document.getElementById('import-outcome');
        if (!fresh || !here) {
          document.open(); document.write(xhr.responseText); document.close();
          return;
        }
        here.innerHTML = fresh.innerHTML;
        var first = here.querySelector('[role=alert], [role=status], section');
        if (first) {
          first.setAttribute('tabindex', '-1');
          first.focus();
          first.scrollIntoView({ block: 'start' });
        }
      });
      xhr.addEventListener('error', function () {
        done();
        form.submit();
      });
      xhr.send(data);
    });
  }

  // A file input marked data-pick shows a button and the chosen file's
  // name in the page's language, not the browser's ("Choose File" on a
  // browser set to English). The input stays in the page, focusable.
  function filePicker(input) {
    var wrap = document.createElement('span');
    wrap.className = 'file-pick';
    var button = document.createElement('label');
    button.className = 'button';
    button.htmlFor = input.id;
    button.textContent = input.getAttribute('data-pick');
    var name = document.createElement('span');
    name.className = 'file-name';
    name.textContent = input.getAttribute('data-none');
    input.parentNode.insertBefore(wrap, input);
    wrap.appendChild(input);
    wrap.appendChild(button);
    wrap.appendChild(name);
    input.classList.add('file-hidden');
    input.addEventListener('change', function () {
      name.textContent = input.files && input.files.length ? input.files[0].name : input.getAttribute('data-none');
    });
  }

  // A figure typed into a field marked data-number is shown as people
  // write it once the field is left: 1234567 becomes 1.234.567, 20.5 in a
  // field that takes decimals becomes 20,5. Only clear writings are
  // rewritten (internal/number reads the same ones); anything else stays
  // as typed, for the server to explain.
  function readNumber(text, whole) {
    var t = text.replace(/[\s\u00a0\u202f\u2009]+/g, ' ').trim();
    var m, intPart, frac = '';
    if ((m = /^(\d+|\d{1,3}(?:\.\d{3})+|\d{1,3}(?: \d{3})+)(?:,(\d+))?$/.exec(t))) {
      intPart = m[1].replace(/[. ]/g, '');
      frac = m[2] || '';
      if (/^0\d/.test(m[1]) && /[. ]/.test(m[1])) return null;
      if (!whole && !frac && (m[1].match(/\./g) || []).length === 1) return null; // 1.234: unclear
    } else if ((m = /^(\d+)\.(\d+)$/.exec(t)) && !(m[2].length === 3 && m[1].length <= 3 && m[1][0] !== '0')) {
      intPart = m[1]; frac = m[2];
    } else {
      return null;
    }
    if (whole && frac && !/^0*$/.test(frac)) return null;
    if (whole) frac = '';
    intPart = intPart.replace(/^0+(?=\d)/, '');
    return { intPart: intPart, frac: frac };
  }

  function writeNumber(n, whole) {
    var g = n.intPart.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
    if (n.frac) return g + ',' + n.frac;
    if (!whole && (g.match(/\./g) || []).length === 1) return n.intPart;
    return g;
  }

  function numberField(input) {
    var whole = input.getAttribute('data-number') === 'whole';
    input.addEventListener('blur', function () {
      var n = readNumber(input.value, whole);
      if (n) input.value = writeNumber(n, whole);
    });
  }

  // The province chosen anew on a registry page: its communes are not
  // known yet, so the commune chosen before is dropped.
  function placePicker() {
    var prov = document.getElementById('pick-province');
    var unit = document.getElementById('pick-unit');
    if (prov && unit) prov.addEventListener('change', function () { unit.value = ''; });
  }

  // A unit picker (input[data-pick-search]: the report's scope, the
  // users' unit, the audit log's unit): as the person types, the server's
  // search (diacritics and case ignored) lists the matching units (and
  // clusters and the nation where the picker takes them) under the field;
  // choosing one puts its code in a hidden field (data-pick-name, "scope"
  // by default), so that the form sends the code and the typed name is
  // not sent (data-pick-text names it, "find" by default). Before
  // anything is typed the list offers the page's datalist. Without this
  // script the field keeps that datalist and the server resolves the
  // name typed.
  function unitPicker(input) {
    if (!window.fetch || !window.URLSearchParams) return;
    var form = input.form;
    var url = input.getAttribute('data-pick-search');
    var refName = input.getAttribute('data-pick-name') || 'scope';
    var textName = input.getAttribute('data-pick-text') || 'find';
    var periodField = form.querySelector('[name=period]');
    var listId = input.id + '-list';
    var fallback = document.getElementById(input.getAttribute('list'));
    var defaults = fallback ? Array.prototype.map.call(fallback.querySelectorAll('option'), function (o) {
      return { ref: o.getAttribute('data-ref'), label: o.value };
    }) : [];
    input.removeAttribute('list');
    var ref = document.createElement('input');
    ref.type = 'hidden';
    ref.name = refName;
    ref.value = input.getAttribute('data-pick-ref') || '';
    form.appendChild(ref);
    var box = document.createElement('ul');
    box.id = listId;
    box.className = 'pick-list';
    box.setAttribute('role', 'listbox');
    box.hidden = true;
    var wrap = document.createElement('span');
    wrap.className = 'pick-wrap';
    input.parentNode.insertBefore(wrap, input);
    wrap.appendChild(input);
    wrap.appendChild(box);
    var status = document.createElement('span');
    status.className = 'visually-hidden';
    status.setAttribute('role', 'status');
    input.parentNode.appendChild(status);
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false');
    input.setAttribute('aria-controls', listId);
    var items = [], active = -1, seq = 0, timer = null;

    function open(on) {
      box.hidden = !on;
      input.setAttribute('aria-expanded', on ? 'true' : 'false');
      if (!on) input.removeAttribute('aria-activedescendant');
    }
    // show lists the units offered; q is the text they answer (none for
    // the units offered before anything is typed), kept as the list's
    // data-q for whoever waits for the answer to what was typed.
    function show(list, q) {
      items = list;
      active = -1;
      box.innerHTML = '';
      box.setAttribute('data-q', q || '');
      list.forEach(function (s, i) {
        var li = document.createElement('li');
        li.id = listId + '-' + i;
        li.setAttribute('role', 'option');
        li.setAttribute('aria-selected', 'false');
        li.setAttribute('data-ref', s.ref);
        li.textContent = s.label;
        // mousedown, not click: the field must not lose its focus first.
        li.addEventListener('mousedown', function (e) { e.preventDefault(); choose(i); });
        box.appendChild(li);
      });
      if (!list.length) {
        var none = document.createElement('li');
        none.className = 'pick-none';
        none.textContent = input.getAttribute('data-pick-none');
        box.appendChild(none);
      }
      open(true);
      status.textContent = list.length ? list.length + ' ' + input.getAttribute('data-pick-count') : input.getAttribute('data-pick-none');
    }
    function highlight(i) {
      if (!items.length) return;
      active = (i + items.length) % items.length;
      Array.prototype.forEach.call(box.querySelectorAll('[role=option]'), function (li, j) {
        li.setAttribute('aria-selected', j === active ? 'true' : 'false');
      });
      var li = document.getElementById(listId + '-' + active);
      input.setAttribute('aria-activedescendant', li.id);
      li.scrollIntoView({ block: 'nearest' });
    }
    function choose(i) {
      var s = items[i];
      if (!s) return;
      input.value = s.label;
      ref.value = s.ref;
      open(false);
    }
    function search() {
      var q = input.value.trim();
      if (!q) { show(defaults); return; }
      var n = ++seq;
      var params = new URLSearchParams({ q: q, limit: '12' });
      if (periodField && periodField.value) params.set('period', periodField.value);
      fetch(url + (url.indexOf('?') < 0 ? '?' : '&') + params.toString(), { credentials: 'same-origin', headers: { Accept: 'application/json' } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (v) { if (n === seq && v && v.subjects && document.activeElement === input) show(v.subjects, q); })
        .catch(function () {});
    }
    input.addEventListener('input', function () {
      ref.value = '';
      clearTimeout(timer);
      timer = setTimeout(search, 120);
    });
    input.addEventListener('focus', function () {
      if (ref.value) input.select();
      if (!input.value || ref.value) show(defaults);
    });
    input.addEventListener('blur', function () { open(false); });
    input.addEventListener('keydown', function (e) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        if (box.hidden) { search(); return; }
        highlight(active + (e.key === 'ArrowDown' ? 1 : -1));
      } else if (e.key === 'Enter' && !box.hidden && active >= 0) {
        e.preventDefault();
        choose(active);
      } else if (e.key === 'Escape' && !box.hidden) {
        e.preventDefault();
        open(false);
      }
    });
    form.addEventListener('submit', function () {
      // A scope chosen from the list goes by its code; a name typed and
      // not chosen goes as text, for the server to resolve.
      input.name = ref.value ? '' : textName;
      ref.disabled = !ref.value;
    });
    // A page restored from the back-forward cache gets its fields back.
    window.addEventListener('pageshow', function () { input.name = textName; ref.disabled = false; });
  }

  // The phone's menu (details.nav-menu) closes on Escape and on a tap
  // outside it, as a menu does.
  function menu() {
    var m = document.querySelector('details.nav-menu');
    if (!m) return;
    document.addEventListener('click', function (e) {
      if (m.open && !m.contains(e.target)) m.open = false;
    });
    document.addEventListener('keydown', function (e) {
      if (e.key === 'Escape' && m.open) {
        m.open = false;
        m.querySelector('summary').focus();
      }
    });
  }

  // A box that scrolls sideways (a wide table on a phone, a sample file)
  // and holds nothing to focus takes the keyboard's focus itself, so that
  // it can be scrolled without a mouse.
  function scrollables() {
    Array.prototype.forEach.call(document.querySelectorAll('.table-wrap, pre'), function (el) {
      var wide = el.scrollWidth > el.clientWidth + 1;
      if (wide && !el.querySelector('a[href], button, input, select, textarea, [tabindex]')) el.setAttribute('tabindex', '0');
      else if (!wide && el.getAttribute('tabindex') === '0') el.removeAttribute('tabindex');
    });
  }

  function init() {
    // Once, even if a page names this file a second time.
    if (window.khuyenhocReady) return;
    window.khuyenhocReady = true;
    menu();
    Array.prototype.forEach.call(document.querySelectorAll('form[data-upload]'), uploader);
    Array.prototype.forEach.call(document.querySelectorAll('input[type=file][data-pick]'), filePicker);
    placePicker();
    Array.prototype.forEach.call(document.querySelectorAll('input[data-number]'), numberField);
    Array.prototype.forEach.call(document.querySelectorAll('input[data-pick-search]'), unitPicker);
    Array.prototype.forEach.call(document.querySelectorAll('table.sortable'), sortable);
    Array.prototype.forEach.call(document.querySelectorAll('[data-print]'), function (b) {
      b.hidden = false;
      b.addEventListener('click', function () { window.print(); });
    });
    charts();
    scrollables();
    var again;
    window.addEventListener('resize', function () { clearTimeout(again); again = setTimeout(scrollables, 200); });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
