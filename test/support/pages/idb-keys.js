// For test pages: window.idbKeys() lists every key of every object store of every IndexedDB database
// of this origin, as "database/store/key" strings (what a test checks Encore left or removed).
window.idbKeys = async () => {
  const out = [];
  const request = (r) =>
    new Promise((resolve, reject) => {
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
  for (const info of await indexedDB.databases()) {
    const db = await request(indexedDB.open(info.name));
    for (const name of db.objectStoreNames) {
      const keys = await request(db.transaction(name, 'readonly').objectStore(name).getAllKeys());
      for (const k of keys) out.push(`${info.name}/${name}/${String(k)}`);
    }
    db.close();
  }
  return out;
};
