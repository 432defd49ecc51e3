/* Service worker of the phone pages (served as /sw.js, scope "/").
 * Phone pages (/m, /m/penalty, /m/record): network first, the last good copy when offline.
 * Static files (/static/…?v=…, versioned): cache first. Everything else (the API, other pages) goes to
 * the network untouched — drafts are sent by the page itself (mobile.js), never replayed from here. */
"use strict";

var CACHE = "zhifa-mobile-v2";  // v2: 询问笔录 ID number, drafts completed on the list (old entries dropped)
var PAGES = ["/m", "/m/penalty", "/m/record"];

function isPage(url) { return PAGES.indexOf(url.pathname) !== -1; }

function goodPage(response) {
  // a redirect to /login (session over) is not a phone page: never keep it in place of one
  return response && response.ok && !response.redirected && response.type === "basic";
}

function keepPage(cache, path) {
  return fetch(path, { credentials: "same-origin" }).then(function (response) {
    if (!goodPage(response)) return null;
    var copy = response.clone();
    return cache.put(path, copy).then(function () { return response.text(); });
  }).then(function (html) {
    if (!html) return null;
    var assets = html.match(/\/static\/[^"'\s<>]+/g) || [];
    return Promise.all(assets.map(function (asset) {
      return cache.match(asset).then(function (hit) { return hit || cache.add(asset).catch(function () {}); });
    }));
  }).catch(function () { return null; });
}

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return Promise.all(PAGES.map(function (p) { return keepPage(cache, p); }));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) { return n !== CACHE; }).map(function (n) { return caches.delete(n); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("message", function (event) {
  if (event.data === "refresh-pages") {  // after login or when online again: take fresh copies
    event.waitUntil(caches.open(CACHE).then(function (cache) {
      return Promise.all(PAGES.map(function (p) { return keepPage(cache, p); }));
    }));
  }
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (isPage(url)) {
    event.respondWith(fetch(request).then(function (response) {
      if (goodPage(response)) {
        var copy = response.clone();
        caches.open(CACHE).then(function (cache) { cache.put(url.pathname, copy); });
      }
      return response;
    }).catch(function () {
      return caches.match(url.pathname).then(function (hit) {
        return hit || new Response("<!doctype html><meta charset=utf-8><title>离线</title><p>离线状态下无法打开此页：请联网后先打开一次“现场执法”页面。</p>",
          { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
      });
    }));
    return;
  }
  if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(caches.match(request).then(function (hit) {
      return hit || fetch(request).then(function (response) {
        if (response.ok) {
          var copy = response.clone();
          caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
        }
        return response;
      });
    }));
  }
});
