// The volunteer's phone page. Offers are state, not messages: the hub re-sends every pending offer on each
// (re)connect, and after a reconnect the page also reads /api/me/offers to drop offers that closed while it was
// offline. Offers are keyed by id, so a duplicate is harmless. The connection retries forever with back-off.
(function () {
  'use strict';
  const app = document.getElementById('app');
  if (!app) return;
  const en = app.dataset.lang === 'en';
  const T = en ? {
    title: 'Emergency volunteer', logout: 'Sign out', duty: 'Duty', onDuty: 'On duty', offDuty: 'Off duty',
    noTask: 'No offers now. Stay on duty to receive them.', history: 'Service record',
    offline: 'Offline — reconnecting… Offers are kept and will be refreshed.', reconnecting: 'Connection lost — reconnecting…',
    offer: 'Dispatch offer', skill: 'Skill', level: 'level ≥', expires: 'Answer within', meeting: 'Meeting point', window: 'Arrive between',
    risk: 'Risk statement', accept: 'Accept', decline: 'Decline', reason: 'Reason (optional)', confirmDecline: 'Send decline',
    expired: 'Expired', accepted: 'Accepted — you are committed.', declined: 'Declined.', closed: { accepted: 'Accepted', declined: 'Declined', expired: 'Expired', withdrawn: 'Withdrawn' },
    task: 'Current task', enRoute: 'En route', onScene: 'On scene', done: 'Done', doneSent: 'Reported done; the commander will release you.',
    navigate: 'Navigate (WGS84)', sharing: 'Sharing your location with the commander while committed.', noGeo: 'Location unavailable on this device.',
    states: { accepted: 'Accepted', en_route: 'En route', on_scene: 'On scene' }, hours: 'Hours', points: 'Points',
    totals: (h, p) => `Total ${h} h · ${p} points`, empty: 'No service records yet.', rate: 'Rate this incident', rated: 'Rated',
    failed: 'Could not send: ', offlineAction: 'Offline: try again when the connection is back.', drill: '【演练】',
  } : {
    title: '应急志愿者', logout: '退出', duty: '在岗状态', onDuty: '在岗', offDuty: '不在岗',
    noTask: '暂无派单邀请。保持在岗即可接收。', history: '服务记录',
    offline: '网络已断开，正在重连…… 邀请不会丢失，恢复后自动刷新。', reconnecting: '连接中断，正在重连……',
    offer: '派单邀请', skill: '技能', level: '等级 ≥', expires: '请在此时间内答复', meeting: '集合地点', window: '到达时间',
    risk: '风险告知', accept: '接单', decline: '拒单', reason: '拒单理由（可选）', confirmDecline: '确认拒单',
    expired: '已超时', accepted: '已接单，请按时到达。', declined: '已拒单。', closed: { accepted: '已接单', declined: '已拒单', expired: '已超时', withdrawn: '已撤回' },
    task: '当前任务', enRoute: '出发', onScene: '到达', done: '完成', doneSent: '已报告完成，等待指挥员释放。',
    navigate: '导航（WGS84 坐标）', sharing: '派单期间正在向指挥员共享位置。', noGeo: '此设备无法获取位置。',
    states: { accepted: '已接单', en_route: '已出发', on_scene: '已到达' }, hours: '时长', points: '积分',
    totals: (h, p) => `累计 ${h} 小时 · ${p} 积分`, empty: '暂无服务记录。', rate: '评价本次事件', rated: '已评价',
    failed: '提交失败：', offlineAction: '当前离线，请在恢复连接后重试。', drill: '【演练】',
  };
  const skillNames = { medical: ['医疗', 'Medical'], fire: ['消防', 'Fire'], rescue: ['救援', 'Rescue'], psychological: ['心理疏导', 'Psychological'] };
  const skillName = k => (skillNames[k] || [k, k])[en ? 1 : 0];
  const $ = id => document.getElementById(id);
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = T[el.dataset.i18n];
  $('lang-switch').textContent = en ? '中文' : 'English';
  $('lang-switch').href = en ? '/volunteer' : '/volunteer?lang=en';

  const offers = new Map();      // offerId → offer as received
  let serverSkewMs = 0;          // server clock − device clock, from the Date header
  let me = null;
  let active = null;             // the active assignment, if any
  let connection = null;
  let geoWatch = null;
  let lastSent = null;

  const fmt = iso => new Date(iso).toLocaleString(en ? 'en-GB' : 'zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', month: '2-digit', day: '2-digit', hour12: false });
  const now = () => Date.now() + serverSkewMs;
  const esc = s => String(s ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));

  function toast(text) {
    const t = $('toast');
    t.textContent = text;
    t.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => { t.hidden = true; }, 4000);
  }

  async function api(method, path, body) {
    const res = await fetch(path, {
      method, credentials: 'same-origin',
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const date = res.headers.get('Date');
    if (date) serverSkewMs = Date.parse(date) - Date.now();
    if (res.status === 401) { location.assign('/login?returnUrl=' + encodeURIComponent(location.pathname + location.search)); throw new Error('signed out'); }
    if (!res.ok) {
      let detail = res.status + '';
      try { const p = await res.json(); detail = p.detail || p.title || detail; } catch { /* no body */ }
      throw new Error(detail);
    }
    return res.status === 204 ? null : res.json();
  }

  // ---- connection state and the offline banner ----
  function setOnline(online, text) {
    const banner = $('offline-banner');
    banner.hidden = online;
    banner.textContent = text || T.offline;
    app.classList.toggle('is-offline', !online);
  }
  window.addEventListener('offline', () => setOnline(false, T.offline));
  window.addEventListener('online', () => { if (connection && connection.state === 'Connected') setOnline(true); });

  function connect() {
    connection = new signalR.HubConnectionBuilder()
      .withUrl('/hubs/volunteer')
      .withAutomaticReconnect({ nextRetryDelayInMilliseconds: ctx => Math.min(5000, ctx.previousRetryCount === 0 ? 0 : 500 * Math.pow(2, Math.min(ctx.previousRetryCount, 4))) })
      .build();
    connection.serverTimeoutInMilliseconds = 20000;
    connection.keepAliveIntervalInMilliseconds = 5000;
    connection.on('OfferPending', offer => addOffer(offer));
    connection.on('OfferClosed', closed => closeOffer(closed.offerId, closed.state, closed.reason));
    connection.onreconnecting(() => setOnline(false, navigator.onLine ? T.reconnecting : T.offline));
    connection.onreconnected(() => { setOnline(true); resync(); });
    // Automatic reconnect gives up only if told to; a close (server restart, failed start) starts over here.
    connection.onclose(() => { setOnline(false, T.offline); setTimeout(start, 2000); });
    start();
  }

  async function start() {
    if (connection.state !== 'Disconnected') return;
    try {
      await connection.start();
      setOnline(true);
      resync();
    } catch {
      setOnline(false, T.offline);
      setTimeout(start, 3000);
    }
  }

  // After a (re)connect: drop offers that closed while offline; keep any that arrived meanwhile.
  async function resync() {
    const known = new Set(offers.keys());
    try {
      const pending = await api('GET', '/api/me/offers');
      const ids = new Set(pending.map(o => o.offerId));
      for (const o of pending) addOffer(o);
      for (const id of known) if (!ids.has(id)) closeOffer(id, null, null);
      await loadAssignments();
    } catch { /* offline again: the next reconnect retries */ }
  }

  // ---- offers ----
  function addOffer(offer) {
    const fresh = !offers.has(offer.offerId);
    offers.set(offer.offerId, offer);
    if (fresh) {
      renderOffers();
      if (connection && connection.state === 'Connected') connection.invoke('AckOffer', offer.offerId).catch(() => { /* ack again on the next connect */ });
    }
  }

  function closeOffer(id, state, reason) {
    if (!offers.delete(id)) return;
    renderOffers();
    if (state && state !== 'accepted') toast(`${T.offer} #${id}: ${T.closed[state] || state}${reason ? ' — ' + reason : ''}`);
    if (state === 'accepted') loadAssignments();
  }

  function renderOffers() {
    const box = $('offers');
    const list = [...offers.values()].sort((a, b) => a.offerId - b.offerId);
    box.innerHTML = list.map(o => `
      <article class="vol-card offer-card ${o.isDrill ? 'drill' : ''}" data-testid="offer-card" data-offer="${o.offerId}">
        <div class="offer-head"><span class="offer-label">${T.offer} #${o.offerId}</span><span class="countdown" data-expires="${esc(o.expiresAt)}" data-testid="offer-countdown"></span></div>
        <div class="offer-title">${esc(o.incidentSummary)}</div>
        <div class="offer-line">${T.skill}: <b>${esc(skillName(o.skill))}</b> · ${T.level} ${o.minLevel}</div>
        <div class="offer-line">${T.meeting}: <b>${esc(o.meetingPoint)}</b></div>
        <div class="offer-line">${T.window}: ${fmt(o.windowFrom)} – ${fmt(o.windowTo)}</div>
        <details class="offer-risk" open><summary>${T.risk}</summary><p>${esc(o.riskStatement)}</p></details>
        <div class="offer-actions">
          <button class="btn accept" data-action="accept" data-id="${o.offerId}" data-testid="accept">${T.accept}</button>
          <button class="btn decline" data-action="decline" data-id="${o.offerId}" data-testid="decline">${T.decline}</button>
        </div>
        <div class="decline-form" id="decline-${o.offerId}" hidden>
          <textarea maxlength="500" placeholder="${T.reason}" data-testid="decline-reason"></textarea>
          <button class="btn decline" data-action="confirm-decline" data-id="${o.offerId}" data-testid="confirm-decline">${T.confirmDecline}</button>
        </div>
      </article>`).join('');
    updateEmpty();
    tick();
  }

  function tick() {
    for (const el of document.querySelectorAll('.countdown')) {
      const left = Math.max(0, Date.parse(el.dataset.expires) - now());
      const s = Math.floor(left / 1000);
      el.textContent = left <= 0 ? T.expired : `${T.expires} ${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
      el.classList.toggle('urgent', left > 0 && left < 30000);
      el.classList.toggle('expired', left <= 0);
    }
  }
  setInterval(tick, 1000);

  async function answer(id, accept, reason) {
    try {
      let result;
      if (connection && connection.state === 'Connected') {
        result = accept ? await connection.invoke('AcceptOffer', id) : await connection.invoke('DeclineOffer', id, reason || null);
      } else if (navigator.onLine) {
        result = await api('POST', `/api/offers/${id}/${accept ? 'accept' : 'decline'}`, accept ? undefined : { reason: reason || null });
      } else {
        toast(T.offlineAction);
        return;
      }
      offers.delete(id);
      renderOffers();
      if (result.state === 'accepted') { toast(T.accepted); await loadAssignments(); } else if (result.state === 'declined') { toast(T.declined); } else { toast(`${T.offer} #${id}: ${T.closed[result.state] || result.state} — ${result.reason}`); }
    } catch (e) {
      toast(T.failed + (e && e.message ? e.message.replace(/^.*HubException: /, '') : ''));
    }
  }

  $('offers').addEventListener('click', e => {
    const b = e.target.closest('button[data-action]');
    if (!b) return;
    const id = Number(b.dataset.id);
    if (b.dataset.action === 'accept') answer(id, true);
    else if (b.dataset.action === 'decline') $('decline-' + id).hidden = false;
    else if (b.dataset.action === 'confirm-decline') answer(id, false, $('decline-' + id).querySelector('textarea').value.trim());
  });

  // ---- the current task, status, location sharing, history ----
  async function loadAssignments() {
    const data = await api('GET', '/api/me/assignments');
    active = data.active[0] || null;
    renderAssignment();
    renderHistory(data);
    shareLocation(!!active);
  }

  function renderAssignment() {
    const box = $('assignment');
    if (!active) { box.innerHTML = ''; updateEmpty(); return; }
    const a = active;
    const step = a.state;
    box.innerHTML = `
      <article class="vol-card task-card ${a.isDrill ? 'drill' : ''}" data-testid="task-card" data-assignment="${a.offerId}" data-state="${a.state}">
        <div class="offer-label">${T.task} · ${T.states[a.state] || a.state}</div>
        <div class="offer-title">${esc(a.incidentSummary)}</div>
        <div class="offer-line">${T.meeting}: <b>${esc(a.meetingPoint)}</b></div>
        <a class="nav-link" href="geo:${a.latitude},${a.longitude}?q=${a.latitude},${a.longitude}" data-testid="navigate">${T.navigate} ${a.latitude.toFixed(5)}, ${a.longitude.toFixed(5)}</a>
        <div class="offer-actions three">
          <button class="btn" data-step="en-route" ${step !== 'accepted' ? 'disabled' : ''} data-testid="en-route">${T.enRoute}</button>
          <button class="btn" data-step="on-scene" ${step === 'on_scene' ? 'disabled' : ''} data-testid="on-scene">${T.onScene}</button>
          <button class="btn accept" data-step="done" ${step !== 'on_scene' || a.doneReported ? 'disabled' : ''} data-testid="done">${T.done}</button>
        </div>
        ${a.doneReported ? `<div class="muted">${T.doneSent}</div>` : ''}
        <div class="muted sharing" id="sharing"></div>
      </article>`;
    updateEmpty();
  }

  $('assignment').addEventListener('click', async e => {
    const b = e.target.closest('button[data-step]');
    if (!b || !active) return;
    const path = b.dataset.step === 'done' ? `/api/me/assignments/${active.offerId}/done` : `/api/assignments/${active.offerId}/${b.dataset.step}`;
    try {
      await api('POST', path);
      if (b.dataset.step === 'done') toast(T.doneSent);
      await loadAssignments();
    } catch (err) {
      toast(navigator.onLine ? T.failed + err.message : T.offlineAction);
    }
  });

  function renderHistory(data) {
    $('totals').textContent = T.totals(data.totalHours.toFixed(2), data.totalPoints.toFixed(2));
    $('history').innerHTML = data.history.length === 0 ? `<li class="muted">${T.empty}</li>` : data.history.map(h => `
      <li data-testid="history-item">
        <div><b>${esc(h.incidentSummary)}</b></div>
        <div class="muted">${fmt(h.releasedAt)} · ${T.hours} ${h.hours.toFixed(2)} · ${T.points} ${h.points == null ? '—' : h.points.toFixed(2)}</div>
        ${h.volunteerRated ? `<div class="muted">${T.rated}</div>` : `<div class="rate" data-id="${h.offerId}">${T.rate}: ${[1, 2, 3, 4, 5].map(n => `<button class="star" data-rating="${n}">★</button>`).join('')}</div>`}
      </li>`).join('');
  }

  $('history').addEventListener('click', async e => {
    const b = e.target.closest('button[data-rating]');
    if (!b) return;
    const id = b.closest('.rate').dataset.id;
    try { await api('POST', `/api/assignments/${id}/review`, { rating: Number(b.dataset.rating), comment: null }); await loadAssignments(); } catch (err) { toast(T.failed + err.message); }
  });

  function updateEmpty() { $('no-task').hidden = offers.size > 0 || !!active; }

  // Location is shared only while committed, at most every 15 s or after moving 50 m.
  function shareLocation(on) {
    if (!on) {
      if (geoWatch !== null) { navigator.geolocation.clearWatch(geoWatch); geoWatch = null; }
      return;
    }
    const note = $('sharing');
    if (!('geolocation' in navigator)) { if (note) note.textContent = T.noGeo; return; }
    if (note) note.textContent = T.sharing;
    if (geoWatch !== null) return;
    geoWatch = navigator.geolocation.watchPosition(pos => {
      const p = { latitude: pos.coords.latitude, longitude: pos.coords.longitude };
      const t = Date.now();
      if (lastSent && t - lastSent.t < 15000 && distance(lastSent.p, p) < 50) return;
      lastSent = { p, t };
      api('POST', '/api/me/location', p).catch(() => { lastSent = null; });
    }, () => { const n = $('sharing'); if (n) n.textContent = T.noGeo; }, { enableHighAccuracy: true, maximumAge: 10000 });
  }

  function distance(a, b) {
    const r = 6371008.8, rad = Math.PI / 180;
    const dLat = (b.latitude - a.latitude) * rad, dLon = (b.longitude - a.longitude) * rad;
    const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
    return 2 * r * Math.asin(Math.sqrt(h));
  }

  // ---- duty ----
  $('duty-toggle').addEventListener('change', async e => {
    const on = e.target.checked;
    try { await api('POST', '/api/me/duty', { onDuty: on }); renderDuty(on); } catch (err) { e.target.checked = !on; toast(T.failed + err.message); }
  });
  function renderDuty(on) { $('duty-toggle').checked = on; $('duty-text').textContent = on ? T.onDuty : T.offDuty; }

  $('logout').addEventListener('click', async () => {
    try { await fetch('/api/auth/logout', { method: 'POST', credentials: 'same-origin' }); } finally { location.assign('/login?returnUrl=/volunteer'); }
  });

  // Poll the task while committed: release and review are the commander's and are not pushed to the volunteer hub.
  setInterval(() => { if (active && connection && connection.state === 'Connected') loadAssignments().catch(() => {}); }, 15000);

  (async function init() {
    try {
      me = await api('GET', '/api/auth/me');
    } catch { return; }
    if (me.role !== 'volunteer' || me.volunteerId == null) { location.assign('/board'); return; }
    $('who').textContent = `${me.userName} · #${me.volunteerId}`;
    try {
      const v = await api('GET', `/api/volunteers/${me.volunteerId}`);
      renderDuty(v.duty === 'onDuty');
    } catch { /* shown as off until known */ }
    updateEmpty();
    connect();
    loadAssignments().catch(() => {});
  })();
})();
