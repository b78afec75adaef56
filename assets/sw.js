/* Steady service worker.
 * Precaches the production build (the list below is written at build time by
 * portal_app/build_plugins.py), so the app shell and crisis help open offline.
 * Pages: network first, cached copy when offline, else /offline.html.
 * Hashed /assets/*: cache first. Never touches events, the API or anything not GET.
 */
self.STEADY_PRECACHE = {"version": "dev", "urls": []};

var VERSION = self.STEADY_PRECACHE.version;
var PRECACHE = "steady-precache-" + VERSION;
var PAGES = "steady-pages-" + VERSION;
var OFFLINE_URL = "/offline.html";
// Check-ins and questionnaires need no connection: offline, these routes open the plain page
// that keeps entries encrypted on the device until they can be sent.
var JOURNAL_URL = "/journal.html";
var JOURNAL_ROUTES = /^\/(check-in|questionnaires)\/?$/;
// The safety plan opens offline from the copy kept (encrypted) on the device.
var SAFETY_PLAN_URL = "/safety-plan.html";
var SAFETY_PLAN_ROUTE = /^\/safety-plan\/?$/;
// Offline, Home opens the offline page (what still works), never the copy of Home saved
// while signed out (found: offline Home told a signed-in patient to "Sign in").
var HOME_ROUTE = /^\/$/;
var PAGE_TIMEOUT_MS = 4000;
// The server varies on Origin, and module scripts send one while the precache did not:
// our own files are the same for every origin, so Vary is ignored when matching.
var MATCH = { ignoreSearch: true, ignoreVary: true };
var PASS_THROUGH = [/^\/_event/, /^\/api\//, /^\/_upload/, /^\/ping/, /^\/_health/,
  /^\/_all_routes/, /^\/auth-codespace/,
  // Videos stream in parts (range requests), which a cache cannot answer; offline, the article
  // still shows the words of the video.
  /^\/videos\//];

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(PRECACHE)
      .then(function (cache) { return cache.addAll(self.STEADY_PRECACHE.urls); })
      .then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (keys) {
      return Promise.all(keys.filter(function (key) {
        return key !== PRECACHE && key !== PAGES;
      }).map(function (key) { return caches.delete(key); }));
    }).then(function () { return self.clients.claim(); })
  );
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (PASS_THROUGH.some(function (pattern) { return pattern.test(url.pathname); })) return;
  if (request.mode === "navigate") {
    event.respondWith(pageNetworkFirst(event));
  } else if (url.pathname.indexOf("/assets/") === 0) {
    event.respondWith(cacheFirst(request));
  } else {
    event.respondWith(networkFirst(request));
  }
});

function isCacheable(response) {
  return response && response.ok && response.type === "basic";
}

function fromCache(request) {
  return caches.match(request, MATCH).then(function (cached) {
    if (cached || request.mode !== "navigate") return cached;
    // Pages are cached as /route/ (the server redirects /route there).
    var url = new URL(request.url);
    if (url.pathname.slice(-1) === "/") return cached;
    return caches.match(url.origin + url.pathname + "/", MATCH);
  });
}

function pageNetworkFirst(event) {
  var request = event.request;
  var network = fetch(request).then(function (response) {
    if (isCacheable(response)) {
      var copy = response.clone();
      event.waitUntil(caches.open(PAGES).then(function (cache) { return cache.put(request, copy); }));
    }
    return response;
  });
  // A slow connection gets the saved page after a few seconds rather than a blank screen.
  var timeout = new Promise(function (resolve) {
    setTimeout(function () { resolve(null); }, PAGE_TIMEOUT_MS);
  });
  return Promise.race([network.catch(function () { return null; }), timeout])
    .then(function (response) {
      if (response) return response;
      return fromCache(request).then(function (cached) {
        var path = new URL(request.url).pathname;
        if (JOURNAL_ROUTES.test(path)) return caches.match(JOURNAL_URL);
        if (SAFETY_PLAN_ROUTE.test(path)) return caches.match(SAFETY_PLAN_URL);
        if (HOME_ROUTE.test(path)) return caches.match(OFFLINE_URL);
        if (cached) return cached;
        return network.catch(function () {
          return caches.match(OFFLINE_URL);
        });
      });
    });
}

function cacheFirst(request) {
  return fromCache(request).then(function (cached) {
    if (cached) return cached;
    return fetch(request).then(function (response) {
      if (isCacheable(response)) {
        var copy = response.clone();
        caches.open(PRECACHE).then(function (cache) { cache.put(request, copy); });
      }
      return response;
    });
  });
}

function networkFirst(request) {
  return fetch(request).then(function (response) {
    if (isCacheable(response)) {
      var copy = response.clone();
      caches.open(PAGES).then(function (cache) { cache.put(request, copy); });
    }
    return response;
  }).catch(function () {
    return fromCache(request).then(function (cached) {
      return cached || new Response("", { status: 504 });
    });
  });
}

// Background Sync: the network is back, so ask the open pages to send their outbox.
self.addEventListener("sync", function (event) {
  if (event.tag !== "steady-outbox") return;
  event.waitUntil(self.clients.matchAll({ includeUncontrolled: true }).then(function (pages) {
    pages.forEach(function (page) { page.postMessage("steady:flush"); });
  }));
});

// Web Push: the payload holds only neutral words chosen by the server (never health details).
self.addEventListener("push", function (event) {
  var data = {};
  try { data = event.data ? event.data.json() : {}; } catch (e) { data = {}; }
  var title = data.title || "Reminder";
  event.waitUntil(self.registration.showNotification(title, {
    body: data.body || "",
    icon: data.icon || "/icons/bell-192.png",
    badge: "/icons/bell-192.png",
    tag: data.tag || "steady-reminder",
    lang: data.lang || "en",
    actions: (data.actions || []).slice(0, 2),
    data: { url: data.url || "/", reminder: data.reminder || "", token: data.token || "" }
  }));
});

function remindAction(data, action) {
  return fetch("/api/push/action", {
    method: "POST",
    credentials: "omit",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ reminder: data.reminder, token: data.token, action: action })
  });
}

function openPortal(url) {
  // Bring an open portal window forward on the right screen, else open a new one.
  return self.clients.matchAll({ type: "window" }).then(function (pages) {
    var page = pages[0];
    if (!page) return self.clients.openWindow(url);
    return page.focus().then(function (focused) {
      return (focused || page).navigate(url);
    }).catch(function () { return self.clients.openWindow(url); });
  });
}

// "Taken" and "Remind me in 15 min" reach the server without opening the app; a tap on the
// notification itself opens the screen it is about.
self.addEventListener("notificationclick", function (event) {
  var data = (event.notification && event.notification.data) || {};
  event.notification.close();
  if (event.action === "taken" || event.action === "snooze") {
    event.waitUntil(remindAction(data, event.action).catch(function () {
      return openPortal(data.url || "/");
    }));
    return;
  }
  event.waitUntil(openPortal(data.url || "/"));
});
