// Passkey ceremonies for the login and enrolment pages: the only script they need, loaded from 'self'.
(function () {
  'use strict';
  function b64urlToBytes(s) {
    s = s.replace(/-/g, '+').replace(/_/g, '/');
    while (s.length % 4) { s += '='; }
    var bin = atob(s), out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) { out[i] = bin.charCodeAt(i); }
    return out.buffer;
  }
  function bytesToB64url(buf) {
    var bytes = new Uint8Array(buf), bin = '';
    for (var i = 0; i < bytes.length; i++) { bin += String.fromCharCode(bytes[i]); }
    return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }
  function headers() {
    var h = { 'Content-Type': 'application/json' };
    var name = document.querySelector('meta[name="_csrf_header"]'), token = document.querySelector('meta[name="_csrf"]');
    if (name && token) { h[name.content] = token.content; }
    return h;
  }
  function post(url, body) {
    return fetch(url, { method: 'POST', headers: headers(), credentials: 'same-origin', body: body ? JSON.stringify(body) : undefined })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); });
  }
  function status(text) { var s = document.getElementById('passkey-status'); if (s) { s.textContent = text; } }
  // the page's language: each button carries its messages (data-msg-waiting, data-msg-failed)
  function msg(button, name, fallback) { return button.getAttribute('data-msg-' + name) || fallback; }

  var login = document.getElementById('passkey-login');
  if (login) {
    login.addEventListener('click', function () {
      status(msg(login, 'waiting', 'Waiting for your passkey...'));
      post(login.dataset.options).then(function (o) {
        o.challenge = b64urlToBytes(o.challenge);
        (o.allowCredentials || []).forEach(function (c) { c.id = b64urlToBytes(c.id); });
        return navigator.credentials.get({ publicKey: o });
      }).then(function (cred) {
        return post(login.dataset.login, {
          id: cred.id, rawId: bytesToB64url(cred.rawId), type: cred.type,
          response: {
            authenticatorData: bytesToB64url(cred.response.authenticatorData),
            clientDataJSON: bytesToB64url(cred.response.clientDataJSON),
            signature: bytesToB64url(cred.response.signature),
            userHandle: cred.response.userHandle ? bytesToB64url(cred.response.userHandle) : null
          },
          clientExtensionResults: cred.getClientExtensionResults(), authenticatorAttachment: cred.authenticatorAttachment
        });
      }).then(function (r) { window.location = login.dataset.then || r.redirectUrl || '/'; })
        .catch(function () { status(msg(login, 'failed', 'The passkey did not work. Try again, or use your authenticator app.')); });
    });
  }

  var register = document.getElementById('passkey-register');
  if (register) {
    register.addEventListener('click', function () {
      status(msg(register, 'waiting', 'Follow your browser\'s steps to create the passkey...'));
      post(register.dataset.options).then(function (o) {
        o.challenge = b64urlToBytes(o.challenge);
        o.user.id = b64urlToBytes(o.user.id);
        (o.excludeCredentials || []).forEach(function (c) { c.id = b64urlToBytes(c.id); });
        return navigator.credentials.create({ publicKey: o });
      }).then(function (cred) {
        var label = document.getElementById('passkey-label');
        return post(register.dataset.register, { publicKey: {
          credential: {
            id: cred.id, rawId: bytesToB64url(cred.rawId), type: cred.type,
            response: {
              attestationObject: bytesToB64url(cred.response.attestationObject),
              clientDataJSON: bytesToB64url(cred.response.clientDataJSON),
              transports: cred.response.getTransports ? cred.response.getTransports() : []
            },
            clientExtensionResults: cred.getClientExtensionResults(), authenticatorAttachment: cred.authenticatorAttachment
          },
          label: (label && label.value) || 'passkey' } });
      }).then(function () { window.location = register.dataset.then || '/login/second-factor'; })
        .catch(function () { status(msg(register, 'failed', 'The passkey was not added. Try again, or use an authenticator app.')); });
    });
  }
}());
