// The shop's own code on a strict-CSP page: calls go to the snippet stub until the library arrives.
encore.init({ endpoint: '/v1/batch', writeKey: 'csp-shop', flushIntervalMs: 100 });
encore.page();
encore.track('Csp Nonce', { ok: true });
