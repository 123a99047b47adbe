import { render } from 'preact';
import { App } from './app.jsx';

async function start() {
  const response = await fetch('/app/config.json', { cache: 'no-store', credentials: 'omit' });
  if (!response.ok) {
    throw new Error(`config ${response.status}`);
  }
  render(<App config={await response.json()} />, document.getElementById('app'));
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
