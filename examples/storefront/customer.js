// Demo customer picker (reference collector only): chooses the `encore_demo_customer` cookie that
// the collector's /api/gallery and /api/recommendations read, so one browser can see locked and
// unlocked members' content. Hidden when the server has no demo endpoints (e.g. the test server).
// Include with <script type="module" src="customer.js"></script>.
const sheet = new CSSStyleSheet();
sheet.replaceSync(`
.demo-customer { position: fixed; right: 1rem; bottom: 1rem; z-index: 10; background: #fff; border: 1px solid #ccd;
  border-radius: 6px; padding: .4rem .6rem; font: 13px system-ui, sans-serif; box-shadow: 0 2px 8px rgba(0,0,0,.12); }
.demo-customer select { margin-left: .4rem; font: inherit; }
`);

async function mount() {
  let info;
  try {
    const r = await fetch('/api/demo/customer', { credentials: 'same-origin', cache: 'no-store' });
    if (!r.ok) return;
    info = await r.json();
  } catch {
    return;
  }
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  const box = document.createElement('aside');
  box.className = 'demo-customer';
  const label = document.createElement('label');
  label.textContent = 'Demo customer';
  const select = document.createElement('select');
  for (const choice of info.choices) {
    const option = document.createElement('option');
    option.value = choice.id;
    option.textContent = choice.label;
    option.selected = choice.id === info.customer.id;
    select.append(option);
  }
  select.addEventListener('change', async () => {
    await fetch(`/api/demo/customer?set=${encodeURIComponent(select.value)}`, { credentials: 'same-origin' });
    location.reload();
  });
  label.append(select);
  box.append(label);
  document.body.append(box);
}

void mount();
