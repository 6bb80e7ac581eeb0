// Loader snippet (issue 3).
(window as any).encore = (window as any).encore || [];
