import { render } from 'preact';
import { App } from './app.jsx';

async function start() {
  const response = await fetch('/app/config.json', { cache: 'no-store', credentials: 'omit' });
  if (!response.ok) {
    throw new Error(`config ${response.status}`);
  }
  const config = await response.json();
  const root = document.getElementById('app');
  root.textContent = ''; // the "loading" line: Preact adds to a container, it does not replace what is there
  render(<App config={config} />, root);
}

start().catch(() => {
  const app = document.getElementById('app');
  app.innerHTML = '';
  const p = document.createElement('p');
  p.setAttribute('role', 'alert');
  p.className = 'alert alert-error';
  p.textContent = 'Không tải được cấu hình của ứng dụng. Hãy kiểm tra kết nối và tải lại trang.';
  app.appendChild(p);
});
