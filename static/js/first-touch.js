/* First touch without a cookie: on the page where a visit enters the site,
   the links to the Request for Interest form get the referring site's domain
   (as "referrer") and this page's utm_* parameters, which the form records.
   Pages are cached alike for every visitor, so only the browser knows these.
   Without JavaScript the form reads the utm_* of the page that linked to it
   (its Referer). Nothing is stored. */
(function () {
  "use strict";

  var script = document.currentScript;
  var formPath = script && script.dataset.formPath;
  if (!formPath || typeof URL === "undefined") {
    return;
  }
  var referrer = null;
  try {
    referrer = document.referrer ? new URL(document.referrer) : null;
  } catch (error) {
    referrer = null;
  }
  if (referrer && referrer.origin === window.location.origin) {
    return; // not where the visit entered: the form reads its Referer
  }
  var carried = [];
  if (referrer && /^https?:$/.test(referrer.protocol) && referrer.hostname) {
    carried.push(["referrer", referrer.hostname]);
  }
  new URLSearchParams(window.location.search).forEach(function (value, name) {
    if (/^utm_(source|medium|campaign|term|content)$/.test(name)) {
      carried.push([name, value]);
    }
  });
  if (!carried.length) {
    return;
  }
  document.querySelectorAll("a[href]").forEach(function (link) {
    var target = new URL(link.href, window.location.href);
    if (target.origin !== window.location.origin || target.pathname !== formPath) {
      return;
    }
    carried.forEach(function (pair) {
      target.searchParams.set(pair[0], pair[1]);
    });
    link.href = target.href;
  });
})();
