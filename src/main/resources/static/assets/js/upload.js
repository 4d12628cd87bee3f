// Evidence upload from the case page: registers the item, then sends the file in pieces of whole 1 MiB segments
// (PATCH with Upload-Offset, tus 1.0 core), showing progress; after a broken connection it asks the vault where its
// bytes end (HEAD) and goes on from there. Texts come from the form's data-msg-* attributes (the page's language).
(function () {
  'use strict';
  var form = document.getElementById('evidence-upload');
  if (!form) { return; }
  form.hidden = false;
  var input = document.getElementById('evidence-file');
  var kind = document.getElementById('evidence-kind');
  var bar = document.getElementById('evidence-progress');
  var status = document.getElementById('evidence-status');
  var first = Number(form.dataset.firstSegment), segment = Number(form.dataset.segment);
  var piece = 8;
  function say(name, extra) { status.textContent = (form.getAttribute('data-msg-' + name) || name) + (extra ? ' ' + extra : ''); }
  function headers(extra) {
    var h = extra || {};
    var name = document.querySelector('meta[name="_csrf_header"]'), token = document.querySelector('meta[name="_csrf"]');
    if (name && token) { h[name.content] = token.content; }
    return h;
  }
  // the end of the piece starting at offset: whole segments only, so the vault keeps all of it
  function end(offset, size) { return Math.min(size, offset === 0 ? first + (piece - 1) * segment : offset + piece * segment); }
  function refused(r) {
    return r.json().then(function (p) {
      var v = p.violations && p.violations[0];
      say('refused', v ? v.field + ': ' + v.rule : String(r.status));
    }, function () { say('refused', String(r.status)); });
  }
  function send(url, file, offset, retries) {
    bar.value = offset; bar.max = file.size;
    if (offset >= file.size) { say('done'); window.location.reload(); return; }
    fetch(url, { method: 'PATCH', credentials: 'same-origin', body: file.slice(offset, end(offset, file.size)),
      headers: headers({ 'Content-Type': 'application/offset+octet-stream', 'Upload-Offset': String(offset) }) })
      .then(function (r) {
        if (r.status === 204) { send(url, file, Number(r.headers.get('Upload-Offset')), 0); return; }
        // only an offset that is not where the vault's bytes end is followed (a few times): any other 409 (the item is no
        // longer receiving, a piece too small) is shown, never sent again
        var at = Number(r.headers.get('Upload-Offset'));
        if (r.status === 409 && r.headers.get('Upload-Offset') !== null && at !== offset && retries < 3) {
          r.clone().json().then(function (p) {
            var rule = p.violations && p.violations[0] && p.violations[0].rule;
            if (rule === 'offset-mismatch') { send(url, file, at, retries + 1); } else { say('refused', rule || String(r.status)); }
          }, function () { say('refused', String(r.status)); });
          return;
        }
        refused(r);
      }, function () {
        if (retries > 8) { say('broken'); return; }
        say('resuming');
        setTimeout(function () {
          fetch(url, { method: 'HEAD', credentials: 'same-origin', headers: headers() })
            .then(function (r) { send(url, file, Number(r.headers.get('Upload-Offset')), retries + 1); },
                  function () { send(url, file, offset, retries + 1); });
        }, Math.min(30000, 1000 * Math.pow(2, retries)));
      });
  }
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    var file = input.files && input.files[0];
    if (!file) { say('choose'); input.focus(); return; }
    say('sending');
    fetch(form.dataset.register, { method: 'POST', credentials: 'same-origin',
      headers: headers({ 'Content-Type': 'application/json' }),
      body: JSON.stringify({ kind: kind.value, mediaType: file.type || 'application/octet-stream', size: file.size, fileName: file.name }) })
      .then(function (r) {
        if (r.status !== 201) { refused(r); return; }
        return r.json().then(function (item) { send('/api/v1/evidence/' + item.id + '/content', file, 0, 0); });
      }, function () { say('broken'); });
  });
}());
