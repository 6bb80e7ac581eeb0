// Records CSP violations before anything else runs (strict-CSP tests read window.__violations).
window.__violations = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__violations.push(e.violatedDirective + ' ' + e.blockedURI);
});
