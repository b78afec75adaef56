/* Steady outbox: check-ins and answers written without a connection, kept encrypted on the
 * device until the server has them.
 *  - IndexedDB "steady-outbox": the AES-GCM key (made here, non-extractable: script can use it
 *    but never read it out) and the entries, each encrypted with its own random IV.
 *  - Each entry carries the opaque tag of the person signed in when it was written; it is only
 *    ever sent while that same person is signed in (POST /api/journal/sync, in batches).
 *  - The server answers which ids it stored; only those are deleted here.
 *  - clear() deletes the whole database: after sign-out nothing readable is left.
 */
(function () {
  "use strict";
  var DB_NAME = "steady-outbox";
  var TAG_KEY = "steady.outboxTag";
  var BATCH = 100;
  var flushing = null;

  function open() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB_NAME, 2);
      request.onupgradeneeded = function (event) {
        var db = request.result;
        if (event.oldVersion < 1) {
          db.createObjectStore("keys");
          db.createObjectStore("entries", { keyPath: "id" });
        }
        // 2: the person's own safety plan, kept to open without a connection.
        if (event.oldVersion < 2) db.createObjectStore("plan");
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }
  function run(db, store, mode, work) {
    return new Promise(function (resolve, reject) {
      var tx = db.transaction(store, mode);
      var result = work(tx.objectStore(store));
      tx.oncomplete = function () { resolve(result && "result" in result ? result.result : undefined); };
      tx.onerror = function () { reject(tx.error); };
      tx.onabort = function () { reject(tx.error); };
    });
  }
  function key(db) {
    return run(db, "keys", "readonly", function (s) { return s.get("k"); }).then(function (found) {
      if (found) return found;
      return crypto.subtle.generateKey({ name: "AES-GCM", length: 256 }, false, ["encrypt", "decrypt"])
        .then(function (made) {
          return run(db, "keys", "readwrite", function (s) { s.put(made, "k"); }).then(function () { return made; });
        });
    });
  }
  function currentTag() {
    try { return window.localStorage.getItem(TAG_KEY) || ""; } catch (e) { return ""; }
  }

  function add(entry) {
    var tag = currentTag();
    if (!tag) return Promise.reject(new Error("not signed in on this device"));
    return open().then(function (db) {
      return key(db).then(function (k) {
        var iv = crypto.getRandomValues(new Uint8Array(12));
        var plain = new TextEncoder().encode(JSON.stringify(entry));
        return crypto.subtle.encrypt({ name: "AES-GCM", iv: iv }, k, plain).then(function (sealed) {
          var row = { id: entry.id, tag: tag, iv: iv, data: sealed, at: Date.now() };
          return run(db, "entries", "readwrite", function (s) { s.put(row); }).then(askForSync);
        });
      }).finally(function () { db.close(); });
    });
  }
  // Background Sync, where the browser has it: the worker wakes this page when the network is
  // back (the person's tag lives in this page's storage, so the page does the sending).
  function askForSync() {
    if (!navigator.serviceWorker || !navigator.serviceWorker.ready) return;
    navigator.serviceWorker.ready.then(function (registration) {
      if (registration.sync) return registration.sync.register("steady-outbox");
    }).catch(function () { /* not available: online events and the timer still send */ });
  }
  function rows() {
    return open().then(function (db) {
      return run(db, "entries", "readonly", function (s) { return s.getAll(); })
        .finally(function () { db.close(); });
    });
  }
  function list() {
    // The person's own waiting entries, opened (only for the person who wrote them).
    var tag = currentTag();
    return open().then(function (db) {
      return key(db).then(function (k) {
        return run(db, "entries", "readonly", function (s) { return s.getAll(); }).then(function (all) {
          var mine = all.filter(function (row) { return row.tag === tag; });
          return Promise.all(mine.map(function (row) {
            return crypto.subtle.decrypt({ name: "AES-GCM", iv: row.iv }, k, row.data)
              .then(function (plain) { return JSON.parse(new TextDecoder().decode(plain)); });
          }));
        });
      }).finally(function () { db.close(); });
    });
  }
  function count() {
    return rows().then(function (all) { return all.length; }).catch(function () { return 0; });
  }
  function remove(ids) {
    if (!ids.length) return Promise.resolve();
    return open().then(function (db) {
      return run(db, "entries", "readwrite", function (s) { ids.forEach(function (id) { s.delete(id); }); })
        .finally(function () { db.close(); });
    });
  }
  function sendBatch(entries) {
    return fetch("/api/journal/sync", {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ entries: entries })
    }).then(function (response) {
      if (!response.ok) throw new Error("sync " + response.status);  // 401: wait for sign-in
      return response.json();
    }).then(function (answer) {
      return remove(answer.accepted || []).then(function () { return (answer.accepted || []).length; });
    });
  }
  function flush() {
    // One flush at a time; entries of another person stay untouched.
    if (flushing) return flushing;
    if (!currentTag() || navigator.onLine === false) return Promise.resolve(0);
    flushing = list().then(function (entries) {
      var sent = 0;
      var batches = [];
      for (var i = 0; i < entries.length; i += BATCH) batches.push(entries.slice(i, i + BATCH));
      return batches.reduce(function (chain, batch) {
        return chain.then(function () { return sendBatch(batch).then(function (n) { sent += n; }); });
      }, Promise.resolve()).then(function () { return sent; });
    }).catch(function () { return 0; }).then(function (sent) {
      flushing = null;
      // Pages say what happened: "Sent to your care team: 2" (journal page and the app).
      document.dispatchEvent(new CustomEvent("steady:outbox", { detail: { sent: sent } }));
      return sent;
    });
    return flushing;
  }
  // The safety plan: one encrypted copy, tagged with its person, shown only to that person.
  function savePlan(plan) {
    var tag = currentTag();
    if (!tag) return Promise.resolve();
    return open().then(function (db) {
      return key(db).then(function (k) {
        var iv = crypto.getRandomValues(new Uint8Array(12));
        var plain = new TextEncoder().encode(JSON.stringify(plan));
        return crypto.subtle.encrypt({ name: "AES-GCM", iv: iv }, k, plain).then(function (sealed) {
          return run(db, "plan", "readwrite", function (s) { s.put({ tag: tag, iv: iv, data: sealed }, "mine"); });
        });
      }).finally(function () { db.close(); });
    });
  }
  function loadPlan() {
    var tag = currentTag();
    if (!tag) return Promise.resolve(null);
    return open().then(function (db) {
      return run(db, "plan", "readonly", function (s) { return s.get("mine"); }).then(function (row) {
        if (!row || row.tag !== tag) return null;
        return key(db).then(function (k) {
          return crypto.subtle.decrypt({ name: "AES-GCM", iv: row.iv }, k, row.data)
            .then(function (plain) { return JSON.parse(new TextDecoder().decode(plain)); });
        });
      }).finally(function () { db.close(); });
    }).catch(function () { return null; });
  }
  function refreshPlan() {
    // Online and signed in as a patient: keep the device's copy up to date.
    if (!currentTag() || navigator.onLine === false) return Promise.resolve(null);
    return fetch("/api/safety-plan", { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (plan) { return plan ? savePlan(plan).then(function () { return plan; }) : null; })
      .catch(function () { return null; });
  }
  function setTag(tag) {
    try {
      if (tag) window.localStorage.setItem(TAG_KEY, tag);
      else window.localStorage.removeItem(TAG_KEY);
    } catch (e) { /* private mode */ }
  }
  function clear() {
    setTag("");
    return new Promise(function (resolve) {
      var request = indexedDB.deleteDatabase(DB_NAME);
      request.onsuccess = request.onerror = request.onblocked = function () { resolve(); };
    });
  }
  function newId() {
    if (crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  window.SteadyOutbox = {
    add: add, list: list, count: count, flush: flush, clear: clear,
    setTag: setTag, tag: currentTag, newId: newId,
    savePlan: savePlan, loadPlan: loadPlan, refreshPlan: refreshPlan
  };
})();
