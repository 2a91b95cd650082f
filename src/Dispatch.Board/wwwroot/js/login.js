// Sign-in: POST /api/auth/login (cookie session), then go to the local return path. Volunteers land on their app.
(function () {
  const form = document.getElementById('login-form');
  if (!form) return;
  const en = form.dataset.lang === 'en';
  const error = document.getElementById('login-error');
  form.addEventListener('submit', async e => {
    e.preventDefault();
    error.hidden = true;
    const body = { userName: document.getElementById('login-user').value.trim(), password: document.getElementById('login-password').value };
    try {
      const res = await fetch('/api/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body), credentials: 'same-origin' });
      if (!res.ok) {
        error.textContent = res.status === 401 ? (en ? 'Wrong user name or password.' : '用户名或密码错误。') : (en ? 'Sign-in failed (' + res.status + ').' : '登录失败（' + res.status + '）。');
        error.hidden = false;
        return;
      }
      const me = await res.json();
      let target = form.dataset.return || '/board';
      if (me.role === 'volunteer' && !target.startsWith('/volunteer')) target = '/volunteer';
      if (me.role !== 'volunteer' && target.startsWith('/volunteer')) target = '/board';
      if (en && !target.includes('lang=')) target += (target.includes('?') ? '&' : '?') + 'lang=en';
      location.assign(target);
    } catch {
      error.textContent = en ? 'No connection to the server.' : '无法连接服务器。';
      error.hidden = false;
    }
  });
})();
