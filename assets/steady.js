/* Steady's small plain-JS helpers. Loaded in <head> before React, so they work before the app
 * has loaded, while offline, and on the static offline page:
 *  - device display preferences (text size, contrast, language), applied before first paint;
 *  - dialogs opened by [data-opens-dialog]; "Quick exit"; a short toast;
 *  - the offline banner, shown while the portal cannot be reached;
 *  - the clinic's public phone numbers cached for the offline page;
 *  - idle sign-out with a warning, sign-in hand-offs and sign-out;
 *  - service worker registration.
 * No health data ever passes through this file.
 */
(function () {
  "use strict";
  var root = document.documentElement;
  var PREFS = { textSize: ["normal", "large", "larger"], contrast: ["normal", "high"], lang: ["en", "es"] };
  var KEY = "steady.";

  function stored(name) {
    try { return window.localStorage.getItem(KEY + name); } catch (e) { return null; }
  }
  function store(name, value) {
    try { window.localStorage.setItem(KEY + name, value); } catch (e) { /* private mode: keep for this page */ }
  }
  function pref(name) {
    // Until the person chooses, the clinic's own language (learned from /api/clinic).
    var value = stored(name) || (name === "lang" ? stored("clinicLang") : null);
    return PREFS[name].indexOf(value) >= 0 ? value : PREFS[name][0];
  }
  function applyPrefs() {
    root.setAttribute("data-text-size", pref("textSize"));
    root.setAttribute("data-contrast", pref("contrast"));
    root.setAttribute("data-lang", pref("lang"));
    root.setAttribute("lang", pref("lang"));
    if (stored("prefsChosen")) root.setAttribute("data-prefs-chosen", "");
    if (stored("tourDone")) root.setAttribute("data-tour-done", "");
  }
  // The welcome tour: one card at a time; the last one offers "Done" instead of "Next".
  function tourStep(target) {
    var tour = target.closest(".welcome-tour");
    var steps = tour.querySelectorAll("[data-tour-step]");
    var at = Array.prototype.findIndex.call(steps, function (s) { return s.hasAttribute("data-current"); });
    steps[at].removeAttribute("data-current");
    steps[Math.min(at + 1, steps.length - 1)].setAttribute("data-current", "");
    tour.toggleAttribute("data-last", at + 1 >= steps.length - 1);
  }
  function tourFinish() {
    store("tourDone", "1");
    root.setAttribute("data-tour-done", "");
  }
  function syncChoices() {
    var inputs = document.querySelectorAll("input[data-pref]");
    for (var i = 0; i < inputs.length; i++) {
      var input = inputs[i];
      input.checked = pref(input.getAttribute("data-pref")) === input.value;
    }
  }

  var toastTimer = null;
  function toast(key, count) {
    var region = document.getElementById("steady-toast");
    if (!region) return;
    var messages = region.querySelectorAll("[data-toast]");
    for (var i = 0; i < messages.length; i++) {
      var shown = messages[i].getAttribute("data-toast") === key;
      messages[i].hidden = !shown;
      var number = messages[i].querySelector("[data-toast-count]");
      if (shown && number) number.textContent = count ? String(count) : "";
    }
    region.classList.add("is-visible");
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () { region.classList.remove("is-visible"); }, key.indexOf("error") === 0 ? 12000 : 4000);
  }

  function fillClinic() {
    var info = null;
    try { info = JSON.parse(stored("clinic") || "null"); } catch (e) { info = null; }
    // The plain offline pages name the person's clinic, as the app does.
    var brand = document.querySelector("[data-clinic-name]");
    if (info && info.name && brand) brand.textContent = info.name;
    if (!info) return;
    // The installed app's title bar in the clinic's colour.
    var theme = document.querySelector('meta[name="theme-color"]');
    if (theme && /^#[0-9a-fA-F]{6}$/.test(info.primary_color || "")) theme.setAttribute("content", info.primary_color);
    // A first visit is in the clinic's language until the person chooses one.
    if (info.default_language && stored("clinicLang") !== info.default_language) {
      store("clinicLang", info.default_language);
      if (!stored("lang")) applyPrefs();
    }
    // The clinic's own line (its Spanish one for Spanish readers), wherever crisis help
    // shows: the dialog, /crisis, the offline pages.
    var line = (root.getAttribute("data-lang") === "es" && info.after_hours_phone_es) || info.after_hours_phone;
    if (!line) return;
    var items = document.querySelectorAll("[data-clinic-after-hours]");
    for (var i = 0; i < items.length; i++) {
      if (!items[i].hidden && items[i].getAttribute("data-clinic-line") === line) continue;
      items[i].querySelector("a").setAttribute("href", "tel:" + line.replace(/[^0-9+]/g, ""));
      items[i].querySelector("[data-clinic-after-hours-number]").textContent = line;
      items[i].setAttribute("data-clinic-line", line);
      items[i].hidden = false;
    }
  }
  // "Offline" means this device cannot reach the portal: no network, or the server is down.
  var probeTimer = null;
  function setReachable(reachable) {
    if (reachable && navigator.onLine !== false) root.removeAttribute("data-offline");
    else root.setAttribute("data-offline", "");
    clearTimeout(probeTimer);
    if (!reachable) probeTimer = setTimeout(refreshClinic, 15000);
  }
  function refreshClinic() {
    if (!window.fetch) return;
    fetch("/api/clinic", { credentials: "omit", cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (info) {
        setReachable(true);
        if (info) { store("clinic", JSON.stringify(info)); fillClinic(); }
      })
      .catch(function () { setReachable(false); });
  }

  // Trade a single-use token for the session cookie, then load the app fresh, so its
  // connection carries the new cookie.
  function startSession(kind, token) {
    return fetch("/api/auth/session", {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ kind: kind, token: token })
    }).then(function (response) {
      if (!response.ok) { toast("sign_in.failed"); return false; }
      return response.json().then(function (body) { enterPortal(body); return true; });
    }).catch(function () { toast("sign_in.failed"); return false; });
  }
  // Signed in: a language chosen on this device wins and is kept on the account; a device
  // with no choice yet takes the account's language. Then load the app fresh.
  function enterPortal(body) {
    var chosen = stored("lang");
    if (chosen) saveLanguage(chosen);
    else if (body && PREFS.lang.indexOf(body.language) >= 0) store("lang", body.language);
    newTabToken();
    window.location.replace("/");
  }
  // Reflex keeps state per tab token: a new one at every sign-in, sign-out and quick exit,
  // so the next person on this tab starts from nothing (the server checks this too).
  function newTabToken() {
    try { window.sessionStorage.clear(); } catch (e) { /* private mode */ }
  }
  function saveLanguage(language) {
    fetch("/api/account/language", {
      method: "POST", credentials: "same-origin", keepalive: true,
      headers: { "Content-Type": "application/json" }, body: JSON.stringify({ language: language })
    }).catch(function () { /* kept on the device anyway */ });
  }
  // The link page: #t= is an emailed link (the person taps "Sign in now"; mail scanners that
  // open links do not), #h= a hand-off after a password check (traded at once).
  function redeemLink(kind) {
    var match = /^#([th])=([A-Za-z0-9_-]+)$/.exec(window.location.hash);
    if (kind === "handoff" && (!match || match[1] !== "h")) return;
    // Take the token out of the address bar and history straight away.
    window.history.replaceState(null, "", window.location.pathname);
    var expired = document.querySelector("[data-link-expired]");
    var showExpired = function () { if (expired) expired.hidden = false; };
    if (!match) return showExpired();
    startSession(match[1] === "h" ? "handoff" : "email_link", match[2])
      .then(function (ok) { if (!ok) showExpired(); });
  }
  // The welcome page: the invitation rides in #i= (never sent to a server or kept in
  // history); the forms carry it in a hidden field.
  var invitation = null;
  function fillInvitation() {
    var match = /^#i=([A-Za-z0-9_-]+)$/.exec(window.location.hash);
    if (match) {
      invitation = match[1];
      window.history.replaceState(null, "", window.location.pathname);
    }
    if (!invitation) return;
    var fields = document.querySelectorAll("input[data-invitation]");
    for (var i = 0; i < fields.length; i++) fields[i].value = invitation;
  }
  function redeemHandoffIfHere() {
    if (document.querySelector("[data-redeem-link]")) redeemLink("handoff");
  }
  // Passkeys (WebAuthn). Our JSON carries bytes as base64url text; the browser wants bytes.
  function fromB64(text) {
    var plain = atob(text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4));
    var bytes = new Uint8Array(plain.length);
    for (var i = 0; i < plain.length; i++) bytes[i] = plain.charCodeAt(i);
    return bytes.buffer;
  }
  function toB64(buffer) {
    if (!buffer) return null;
    var bytes = new Uint8Array(buffer), plain = "";
    for (var i = 0; i < bytes.length; i++) plain += String.fromCharCode(bytes[i]);
    return btoa(plain).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }
  function postJSON(path, body) {
    return fetch(path, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json" }, body: JSON.stringify(body || {})
    });
  }
  function credentialJSON(credential) {
    var r = credential.response;
    var response = { clientDataJSON: toB64(r.clientDataJSON) };
    if (r.attestationObject) {
      response.attestationObject = toB64(r.attestationObject);
      if (r.getTransports) response.transports = r.getTransports();
    } else {
      response.authenticatorData = toB64(r.authenticatorData);
      response.signature = toB64(r.signature);
      response.userHandle = toB64(r.userHandle);
    }
    return { id: credential.id, rawId: toB64(credential.rawId), type: credential.type,
             response: response, clientExtensionResults: {} };
  }
  function withIds(list) {
    return (list || []).map(function (item) {
      return { type: item.type, id: fromB64(item.id), transports: item.transports };
    });
  }
  function passkeySignIn() {
    postJSON("/api/auth/passkey/sign-in/options")
      .then(function (response) { if (!response.ok) throw new Error("options"); return response.json(); })
      .then(function (options) {
        options.challenge = fromB64(options.challenge);
        options.allowCredentials = withIds(options.allowCredentials);
        return navigator.credentials.get({ publicKey: options });
      })
      .then(function (credential) { return postJSON("/api/auth/passkey/sign-in", credentialJSON(credential)); })
      .then(function (response) {
        if (!response.ok) throw new Error("refused");
        return response.json();
      })
      .then(enterPortal)
      .catch(function () { toast("error.passkey_sign_in"); });
  }
  function addPasskey() {
    postJSON("/api/auth/passkey/register/options")
      .then(function (response) { if (!response.ok) throw new Error("options"); return response.json(); })
      .then(function (options) {
        options.challenge = fromB64(options.challenge);
        options.user.id = fromB64(options.user.id);
        options.excludeCredentials = withIds(options.excludeCredentials);
        return navigator.credentials.create({ publicKey: options });
      })
      .then(function (credential) { return postJSON("/api/auth/passkey/register", credentialJSON(credential)); })
      .then(function (response) {
        if (!response.ok) throw new Error("refused");
        // The page's own (hidden) refresh control asks the server for the new list.
        var refresh = document.querySelector("[data-refresh-account]");
        if (refresh) refresh.click();
        toast("passkey.added");
      })
      .catch(function () { toast("error.passkey_add"); });
  }

  // Text for a native confirm(): the catalog renders it into a hidden element in each language.
  function localText(id) {
    var holder = document.getElementById(id);
    var span = holder && holder.querySelector('[lang="' + pref("lang") + '"]');
    return span ? span.textContent : "";
  }
  function signOut(reason) {
    // The sign-in page says why when the reason was time (it reads ?reason=idle).
    var next = reason === "idle" ? "/sign-in?reason=idle" : "/sign-in";
    var outbox = window.SteadyOutbox;
    var unsent = outbox ? outbox.flush().then(outbox.count) : Promise.resolve(0);
    unsent.then(function (waiting) {
      // Unsent check-ins: a timeout keeps them for the next sign-in; a person signing out is
      // asked first, because signing out removes everything this device keeps.
      var keep = waiting > 0 && reason === "idle";
      if (waiting > 0 && !keep && !window.confirm(localText("outbox-warning"))) return;
      (outbox && !keep ? outbox.clear() : Promise.resolve()).then(function () {
        newTabToken();
        fetch("/api/auth/sign-out", { method: "POST", credentials: "same-origin" })
          .finally(function () { emptyThisPage(); window.location.replace(next); });
      });
    });
  }

  // Idle sign-out (WCAG 2.2.1): the server says when the session would end; at 2 minutes
  // before, "Are you still there?" opens over the page (what was typed stays); at the end,
  // sign out. Activity on the page keeps the session alive, at most one ping a minute.
  var idle = { active: false, deadline: 0, warnAt: 0, interacted: false, lastPing: 0 };
  var planRefreshed = false;
  function idleDialog() { return document.getElementById("idle-dialog"); }
  function keepAlive() {
    if (!window.fetch || navigator.onLine === false) return;
    idle.lastPing = Date.now();
    idle.interacted = false;
    fetch("/api/auth/ping", { method: "POST", credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (info) {
        if (!info) return;
        idle.active = !!info.signed_in;
        if (!idle.active) return;
        if (window.SteadyOutbox) {
          window.SteadyOutbox.setTag(info.outbox_tag);
          window.SteadyOutbox.flush();
          // Once per page: the safety plan's copy on this device (patients only get one).
          if (!planRefreshed) { planRefreshed = true; window.SteadyOutbox.refreshPlan(); }
        }
        idle.deadline = Date.now() + info.idle_seconds_left * 1000;
        idle.warnAt = idle.deadline - info.warn_before_seconds * 1000;
        var dialog = idleDialog();
        if (dialog && dialog.open) dialog.close();
      })
      .catch(function () { /* offline: try again on the next activity */ });
  }
  function checkIdle() {
    if (!idle.active) return;
    var now = Date.now();
    if (now >= idle.deadline) { idle.active = false; return signOut("idle"); }
    var dialog = idleDialog();
    if (now >= idle.warnAt) {
      if (dialog && !dialog.open && typeof dialog.showModal === "function") dialog.showModal();
    } else if (idle.interacted && now - idle.lastPing > 60000) {
      keepAlive();
    }
  }
  ["keydown", "pointerdown", "input"].forEach(function (name) {
    document.addEventListener(name, function () { idle.interacted = true; }, true);
  });
  setInterval(checkIdle, 1000);


  // Quick exit: leave at once and leave nothing behind. The page is emptied first, so Back
  // (or the back-forward cache) can only show a blank page; the session ends on the server by
  // a beacon (no websocket needed); what this device kept for the person goes; replace() so
  // this page is not in the history at all.
  function quickExit(event, link) {
    event.preventDefault();
    var away = link.getAttribute("href");
    emptyThisPage();
    if (navigator.sendBeacon) navigator.sendBeacon("/api/auth/quick-exit");
    else fetch("/api/auth/quick-exit", { method: "POST", credentials: "same-origin", keepalive: true });
    forgetThisDevice().then(function () { window.location.replace(away); });
  }
  // Everything the portal keeps on this device for a person: the offline outbox and safety
  // plan (encrypted), the tab token. Waits a moment at most: leaving comes first.
  function forgetThisDevice() {
    newTabToken();
    var outbox = window.SteadyOutbox;
    var cleared = outbox ? outbox.clear() : Promise.resolve();
    var atMost = new Promise(function (resolve) { setTimeout(resolve, 400); });
    return Promise.race([cleared.catch(function () {}), atMost]);
  }
  // A page of the portal shown again by Back after a quick exit or a sign-out: load it fresh
  // (the server then asks for a sign-in) instead of showing what it showed before.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    if (root.hasAttribute("data-exited")) window.location.replace("/sign-in");
    else window.location.reload();
  });
  function emptyThisPage() {
    root.setAttribute("data-exited", "");
    document.body.textContent = "";
    document.title = "";
  }

  // Reminders by push: permission is asked only here, after the person tapped the button
  // and read what it is for. The page shows one of its [data-push-status] notes as the result.
  function showPushStatus(name) {
    var notes = document.querySelectorAll("[data-push-status]");
    for (var i = 0; i < notes.length; i++) {
      notes[i].hidden = notes[i].getAttribute("data-push-status") !== name;
    }
  }

  function keyBytes(text) {
    var raw = atob(text.replace(/-/g, "+").replace(/_/g, "/") + "==".slice(0, (4 - text.length % 4) % 4));
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  function turnOnReminders() {
    var standalone = window.matchMedia("(display-mode: standalone)").matches || navigator.standalone;
    var iphone = /iphone|ipad|ipod/i.test(navigator.userAgent);
    if (iphone && !standalone) return showPushStatus("install");
    if (!("serviceWorker" in navigator) || !("PushManager" in window) || !window.Notification) {
      return showPushStatus("unsupported");
    }
    showPushStatus("asking");
    Notification.requestPermission().then(function (answer) {
      if (answer !== "granted") return showPushStatus("denied");
      return Promise.all([
        navigator.serviceWorker.ready,
        fetch("/api/push/key", { credentials: "same-origin" }).then(function (r) { return r.json(); })
      ]).then(function (both) {
        var manager = both[0].pushManager;
        return manager.getSubscription().then(function (old) {
          return old || manager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(both[1].key) });
        });
      }).then(function (subscription) {
        return fetch("/api/push/subscribe", {
          method: "POST",
          credentials: "same-origin",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify(subscription.toJSON())
        });
      }).then(function (answer) {
        if (!answer.ok) throw new Error("not saved");
        showPushStatus("on");
        var refresh = document.querySelector("[data-refresh-devices]");
        if (refresh) refresh.click();
      });
    }).catch(function () { showPushStatus("failed"); });
  }

  // "Listen": the browser's own speech, in the language the page shows; a second tap stops.
  var VOICES = { en: "en-US", es: "es-US" };
  function readAloud(targetId) {
    var speech = window.speechSynthesis;
    var part = document.getElementById(targetId);
    if (!speech || !part) return;
    if (speech.speaking || speech.pending) { speech.cancel(); return; }
    // One utterance per paragraph: some voices stop a long one after about 15 seconds, which
    // would cut an article short.
    part.innerText.split(/\n+/).forEach(function (line) {
      if (!line.trim()) return;
      var words = new window.SpeechSynthesisUtterance(line.trim());
      words.lang = VOICES[pref("lang")] || "en-US";
      words.rate = 0.9;
      speech.speak(words);
    });
  }

  // Paced breathing: in for 4 seconds, out for 6, until stopped. The words change either way;
  // the circle only moves when motion is welcome (see steady.css).
  var breath = { timer: null };
  var BREATH = [["in", 4000], ["out", 6000]];
  function breathStep(box, index) {
    var phase = BREATH[index % BREATH.length];
    var text = box.querySelector('[data-breath-text="' + phase[0] + '"]');
    var shown = box.querySelector("[data-breath-phase]");
    shown.textContent = "";
    Array.prototype.forEach.call(text.childNodes, function (n) { shown.appendChild(n.cloneNode(true)); });
    box.setAttribute("data-breath", phase[0]);
    breath.timer = setTimeout(function () { breathStep(box, index + 1); }, phase[1]);
  }
  function breathing(target) {
    var box = target.closest("[data-breathing]");
    if (!box) return false;
    clearTimeout(breath.timer);
    if (target.closest("[data-breath-start]")) { breathStep(box, 0); return true; }
    if (target.closest("[data-breath-stop]")) { box.removeAttribute("data-breath"); return true; }
    return false;
  }
  document.addEventListener("change", function (event) {
    var words = event.target.closest && event.target.closest("[data-breath-words-only]");
    if (words) words.closest("[data-breathing]").toggleAttribute("data-words-only", words.checked);
  });

  // A form of the app (no action of its own) is sent by the app. Tapped before the app has
  // loaded, the browser would send it itself, as a web address holding what was typed (a
  // password in the history): never. The app's own handler still runs once it is there.
  // Dialogs' Close buttons (method="dialog") send nothing and keep working.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form || form.tagName !== "FORM" || form.hasAttribute("action")) return;
    if ((form.getAttribute("method") || "").toLowerCase() !== "dialog") event.preventDefault();
  }, true);

  // "Copy code" (the admin's website page): the field's words to the clipboard, then the
  // field's "Copied" note shown. Where the browser refuses, the words are selected instead,
  // ready for the person's own copy.
  function copyFrom(id) {
    var field = document.getElementById(id);
    var note = document.getElementById(id + "-copied");
    if (!field) return;
    var done = function () {
      if (!note) return;
      note.className = "message message-info";
      var words = note.querySelector("[hidden]");
      if (words) words.removeAttribute("hidden");
    };
    var selectIt = function () { field.focus(); field.select(); };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(field.value).then(done, selectIt);
    } else {
      selectIt();
    }
  }

  // A dialog the person opened ("Get help now") stays open until they close it: on a slow
  // phone the app may finish loading after the tap and put a fresh copy of the page's
  // finished HTML in place, closed (found in a loaded CI run: crisis help shut by itself).
  var wantOpen = "";
  function keepWantedDialogOpen() {
    if (!wantOpen) return;
    var dialog = document.getElementById(wantOpen);
    if (dialog && !dialog.open && typeof dialog.showModal === "function") dialog.showModal();
  }
  document.addEventListener("close", function (event) {
    var dialog = event.target;
    // Closed while still on the page: the person closed it (a removed copy says nothing).
    if (dialog.id === wantOpen && dialog.isConnected) wantOpen = "";
    // Back to the link that opened it, also when the app replaced that link while the
    // dialog was open (a keyboard user must not be left at the top of the page).
    var active = document.activeElement;
    if (dialog.id && (!active || active === document.body || dialog.contains(active))) {
      var opener = document.querySelector('[data-opens-dialog="' + dialog.id + '"]');
      if (opener) opener.focus();
    }
  }, true);

  document.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target : event.target.parentElement;
    if (!target || !target.closest) return;
    var opener = target.closest("[data-opens-dialog]");
    if (opener) {
      var dialog = document.getElementById(opener.getAttribute("data-opens-dialog"));
      if (dialog && typeof dialog.showModal === "function") {
        event.preventDefault();
        wantOpen = dialog.id;
        if (!dialog.open) dialog.showModal();
      }
      return;
    }
    var exit = target.closest("[data-quick-exit]");
    if (exit) return quickExit(event, exit);
    var copier = target.closest("[data-copy-from]");
    if (copier) return copyFrom(copier.getAttribute("data-copy-from"));
    if (target.closest("[data-prefs-done]")) {
      store("prefsChosen", "1");
      applyPrefs();
      var main = document.getElementById("main");
      if (main) main.focus();
      return;
    }
    if (target.closest("[data-redeem-link]")) return redeemLink("tap");
    if (target.closest("[data-passkey-sign-in]")) return passkeySignIn();
    if (target.closest("[data-add-passkey]")) return addPasskey();
    if (target.closest("[data-turn-on-reminders]")) return turnOnReminders();
    if (target.closest("[data-sign-out]")) return signOut("asked");
    if (target.closest("[data-stay-signed-in]")) return keepAlive();
    if (target.closest("[data-reload]")) window.location.reload();
    if (target.closest("[data-breath-start], [data-breath-stop]") && breathing(target)) return;
    if (target.closest("[data-tour-next]")) return tourStep(target);
    if (target.closest("[data-tour-finish]")) return tourFinish();
    if (target.closest("[data-tour-replay]")) {
      try { window.localStorage.removeItem(KEY + "tourDone"); } catch (e) { /* private mode */ }
      root.removeAttribute("data-tour-done");
      window.location.assign("/");
      return;
    }
    var listen = target.closest("[data-listen]");
    if (listen) return readAloud(listen.getAttribute("data-listen"));
    if (target.closest("[data-switch-lang]")) {
      var next = pref("lang") === "en" ? "es" : "en";
      store("lang", next);
      saveLanguage(next);
      applyPrefs();
      syncChoices();
    }
  });

  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input || !input.getAttribute || !input.getAttribute("data-pref")) return;
    var name = input.getAttribute("data-pref");
    if (PREFS[name].indexOf(input.value) < 0) return;
    store(name, input.value);
    if (name === "lang") saveLanguage(input.value);
    if (!input.closest(".first-run")) store("prefsChosen", "1");
    applyPrefs();
    syncChoices();
    toast("settings.saved");
  });

  window.addEventListener("online", refreshClinic);
  window.addEventListener("online", keepAlive);  // signed in? then send what is waiting
  // Periodically too, and when the service worker's Background Sync says the network is back.
  setInterval(function () { if (window.SteadyOutbox) window.SteadyOutbox.flush(); }, 60000);
  if (navigator.serviceWorker) {
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data === "steady:flush" && window.SteadyOutbox) window.SteadyOutbox.flush();
    });
  }
  window.addEventListener("offline", function () { setReachable(false); });
  window.addEventListener("storage", function () { applyPrefs(); syncChoices(); });

  applyPrefs();
  if (window.PublicKeyCredential && window.isSecureContext) root.setAttribute("data-passkeys", "");
  if (navigator.onLine === false) root.setAttribute("data-offline", "");
  if ("speechSynthesis" in window) root.setAttribute("data-speech", "");

  // The safety plan page marks a save with the new version: the copy kept on this device
  // (for offline use) follows at once.
  var planSaved = null;
  function refreshPlanAfterSave() {
    var marker = document.querySelector("[data-refresh-plan]");
    var version = marker && marker.getAttribute("data-refresh-plan");
    if (!version || version === planSaved || !window.SteadyOutbox) return;
    planSaved = version;
    window.SteadyOutbox.refreshPlan();
  }

  // An outcome (error or confirmation) that appears after a tap is brought to where the
  // person is looking: on a phone it could otherwise land above or below the screen (found:
  // "Saved" at the top of a long page after a tap near its end). A message box that now says
  // something new moves the page, unless it was there as the page opened (no jump on arrival).
  // When the tap's own button went away (the form was emptied), focus goes to the outcome, so
  // a keyboard or screen-reader user continues from there instead of the top of the page.
  var messageTexts = new WeakMap();
  var openedPath = "", openedAt = 0;
  function revealNewMessages() {
    var path = location.pathname + location.search;
    if (path !== openedPath) { openedPath = path; openedAt = Date.now(); }
    var settling = Date.now() - openedAt < 1500;
    var boxes = document.querySelectorAll(".message[role=alert], .message[role=status]");
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i], text = box.textContent.trim(), before = messageTexts.get(box);
      messageTexts.set(box, text);
      if (!text || text === before || box.offsetParent === null) continue;
      if (before === undefined && settling) continue;
      var place = box.getBoundingClientRect();
      if (place.top < 80 || place.bottom > window.innerHeight - 90) {
        box.scrollIntoView({ block: "center" });
      }
      var focused = document.activeElement;
      if (!focused || focused === document.body || !document.contains(focused)) {
        if (!box.hasAttribute("tabindex")) box.setAttribute("tabindex", "-1");
        box.focus({ preventScroll: true });
      }
    }
  }

  // The caregiver form's presets tick the boxes they name ("Help with visits only" ticks
  // "See visits"), and ticking a box by hand switches to "I will choose each part".
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input || !input.form || !input.name) return;
    if (input.name === "preset" && input.hasAttribute("data-preset-perms")) {
      var wanted = input.getAttribute("data-preset-perms").split(" ");
      var boxes = input.form.querySelectorAll("input[type=checkbox][name^='perm_']");
      for (var i = 0; i < boxes.length; i++) {
        boxes[i].checked = wanted.indexOf(boxes[i].name.slice(5)) >= 0;
      }
    } else if (input.type === "checkbox" && input.name.indexOf("perm_") === 0) {
      var custom = input.form.querySelector("input[name=preset][value=custom]");
      if (custom) custom.checked = true;
    }
  });

  function onReady() {
    revealNewMessages();
    syncChoices();
    redeemHandoffIfHere();
    fillInvitation();
    keepAlive();
    fillClinic();
    refreshClinic();
    // Pages rendered later by the app (client-side navigation) get their choices ticked too.
    if (window.MutationObserver) {
      var pending = false;
      new MutationObserver(function () {
        if (pending) return;
        pending = true;
        window.requestAnimationFrame(function () {
          pending = false;
          syncChoices();
          redeemHandoffIfHere();
          fillInvitation();
          refreshPlanAfterSave();
          revealNewMessages();
          fillClinic();
          keepWantedDialogOpen();
        });
      }).observe(document.body, { childList: true, subtree: true });
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", onReady);
  else onReady();

  if ("serviceWorker" in navigator && window.isSecureContext) {
    window.addEventListener("load", function () {
      navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () { /* not fatal */ });
    });
  }

  // Entries saved offline went out: say how many (found: nothing said they were sent).
  document.addEventListener("steady:outbox", function (event) {
    var sent = event.detail && event.detail.sent;
    if (sent > 0) toast("outbox.sent", sent);
  });

  window.steady = { toast: toast, applyPrefs: applyPrefs };
})();
