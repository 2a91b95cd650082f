// Small helpers of the command board page.
window.dispatchBoard = {
  async logout() {
    try { await fetch('/api/auth/logout', { method: 'POST', credentials: 'same-origin' }); } finally { location.assign('/login'); }
  },
};
