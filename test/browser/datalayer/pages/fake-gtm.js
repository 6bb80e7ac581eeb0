// TEST DOUBLE of Google Tag Manager's dataLayer handling (not GTM itself, which cannot load offline).
// It does what gtm.js does to the page's dataLayer when it loads: processes the entries already
// there, then replaces dataLayer.push with a function that calls the push it found (keeping its
// return value), then processes the new entries. Processed entries are recorded in window.gtmSeen
// so tests can check that GTM's own processing is unchanged by Encore.
(function () {
  var layer = (window.dataLayer = window.dataLayer || []);
  var seen = (window.gtmSeen = []);
  var describe = function (e) {
    if (Object.prototype.toString.call(e) === '[object Arguments]') return 'gtag:' + e[0] + ':' + e[1];
    return e && typeof e === 'object' ? 'obj:' + (e.event || Object.keys(e).join(',')) : 'raw:' + String(e);
  };
  for (var i = 0; i < layer.length; i++) seen.push(describe(layer[i]));
  var originalPush = layer.push;
  layer.push = function () {
    var result = originalPush.apply(layer, arguments);
    for (var j = 0; j < arguments.length; j++) seen.push(describe(arguments[j]));
    return result;
  };
  window.gtmLoaded = true;
})();
