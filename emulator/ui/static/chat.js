import { renderCard } from './render-card.js';

/**
 * The emulator's chat in a browser (GET /__emulator/ui?as=<open_id>&chat=<chat_id>). It drives only the
 * control API — the same calls tests and curl make — and polls the open chat, so the bot's answers, card
 * patches and callback answers appear in place without a reload. Everything from a message, a card or a
 * Base is put on the page with textContent (view nodes from render-card.js): never as HTML.
 */

const POLL_MS = 700;
const TAGS = new Set([
  'div',
  'span',
  'strong',
  'em',
  's',
  'code',
  'br',
  'hr',
  'table',
  'tr',
  'th',
  'td',
  'button',
]);
const params = new URLSearchParams(location.search);
const state = {
  as: params.get('as') ?? '',
  chat: params.get('chat') ?? '',
  // The reader's Lark client language: cards show their i18n_content for it (default en_us).
  locale: params.get('locale') ?? 'en_us',
  users: new Map(),
  bot: { name: 'Bot', app_id: '' },
  chats: [],
  shown: new Map(),
  polling: false,
};
const $ = (id) => document.getElementById(id);

async function api(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = await response.json().catch(() => ({}));
  return { status: response.status, body: json };
}

function nameOf(id) {
  if (id === state.bot.app_id || id === state.bot.open_id) return state.bot.name;
  return state.users.get(id)?.name;
}

function toDom(node, onAction) {
  const element = document.createElement(TAGS.has(node.tag) ? node.tag : 'div');
  if (node.cls) element.className = node.cls;
  if (node.title) element.setAttribute('title', node.title);
  if (node.text) element.appendChild(document.createTextNode(node.text));
  for (const child of node.children ?? []) element.appendChild(toDom(child, onAction));
  if (node.tag === 'button') {
    element.type = 'button';
    element.disabled = node.action?.disabled ?? true;
    if (node.action && !node.action.disabled) element.addEventListener('click', () => onAction(node.action));
  }
  return element;
}

function showToast(type, content) {
  const toast = $('toast');
  toast.textContent = content;
  toast.className = `toast ${['success', 'error', 'warning', 'info'].includes(type) ? type : 'info'}`;
  toast.hidden = false;
  clearTimeout(showToast.timer);
  showToast.timer = setTimeout(() => {
    toast.hidden = true;
  }, 8000);
}

function setStatus(text) {
  $('status').textContent = text;
}

function renderPicker() {
  const select = $('as');
  select.replaceChildren();
  for (const user of state.users.values()) {
    const option = document.createElement('option');
    option.value = user.open_id;
    option.textContent = `${user.name} (${user.open_id})`;
    select.appendChild(option);
  }
  if (!state.users.has(state.as)) state.as = state.users.keys().next().value ?? '';
  select.value = state.as;
}

function renderChats() {
  const list = $('chats');
  list.replaceChildren();
  for (const chat of state.chats) {
    const item = document.createElement('li');
    const link = document.createElement('a');
    link.href = `?as=${encodeURIComponent(state.as)}&chat=${encodeURIComponent(chat.chat_id)}`;
    link.dataset.chatId = chat.chat_id;
    link.textContent = chat.name;
    const kind = document.createElement('span');
    kind.className = 'kind';
    kind.textContent = chat.members.includes(state.as) ? chat.type : `${chat.type}, not a member`;
    link.appendChild(kind);
    if (chat.chat_id === state.chat) link.className = 'current';
    link.addEventListener('click', (event) => {
      event.preventDefault();
      openChat(chat.chat_id);
    });
    item.appendChild(link);
    list.appendChild(item);
  }
}

function syncUrl() {
  const url = new URL(location.href);
  url.searchParams.set('as', state.as);
  if (state.chat) url.searchParams.set('chat', state.chat);
  url.searchParams.set('locale', state.locale);
  history.replaceState(null, '', url);
}

function openChat(chatId) {
  state.chat = chatId;
  state.shown.clear();
  $('messages').replaceChildren();
  const chat = state.chats.find((candidate) => candidate.chat_id === chatId);
  $('chat-name').textContent = chat ? chat.name : chatId;
  syncUrl();
  renderChats();
  poll();
}

function renderMessage(item) {
  const li = document.createElement('li');
  li.className = `msg ${item.msg_type === 'interactive' ? 'card-msg' : 'text-msg'}${item.sender === state.as ? ' mine' : ''}`;
  li.dataset.messageId = item.message_id;
  li.dataset.updateCount = String(item.update_count);
  const who = document.createElement('div');
  who.className = 'who';
  who.textContent = nameOf(item.sender) ?? item.sender;
  const time = document.createElement('span');
  time.className = 'time';
  time.textContent = new Date(item.create_time).toLocaleTimeString();
  who.appendChild(time);
  li.appendChild(who);
  if (item.parent_id) {
    const reply = document.createElement('div');
    reply.className = 'reply-to';
    reply.textContent = '↳ in reply';
    li.appendChild(reply);
  }
  if (item.msg_type === 'interactive') {
    li.appendChild(
      toDom(renderCard(item.content, { nameOf, locale: state.locale }), (action) =>
        click(item.message_id, action),
      ),
    );
  } else {
    const bubble = document.createElement('div');
    bubble.className = 'bubble';
    bubble.textContent = item.text ?? `[${item.msg_type} message]`;
    li.appendChild(bubble);
  }
  return li;
}

async function poll() {
  if (!state.chat || state.polling) return;
  state.polling = true;
  try {
    const chatId = state.chat;
    const answer = await api('GET', `/__emulator/chats/${encodeURIComponent(chatId)}/messages`);
    if (chatId !== state.chat) return;
    if (answer.status !== 200) {
      setStatus(answer.body.error ?? `error ${answer.status}`);
      return;
    }
    const list = $('messages');
    const atBottom = list.scrollTop + list.clientHeight >= list.scrollHeight - 40;
    for (const item of answer.body.items) {
      const version = `${item.update_count}/${item.update_time}`;
      const shown = state.shown.get(item.message_id);
      if (shown?.version === version) continue;
      const element = renderMessage(item);
      if (shown) shown.element.replaceWith(element);
      else list.appendChild(element);
      state.shown.set(item.message_id, { version, element });
    }
    if (atBottom) list.scrollTop = list.scrollHeight;
    setStatus(`live · ${answer.body.items.length} messages`);
  } catch {
    setStatus('emulator unreachable, retrying');
  } finally {
    state.polling = false;
  }
}

async function click(messageId, action) {
  if (action.confirm && !window.confirm(`${action.confirm.title}\n\n${action.confirm.text}`)) return;
  const answer = await api('POST', `/__emulator/messages/${encodeURIComponent(messageId)}/actions`, {
    from: state.as,
    value: action.value,
  });
  if (answer.status !== 200) showToast('error', answer.body.error ?? `error ${answer.status}`);
  else if (answer.body.toast) showToast(answer.body.toast.type, answer.body.toast.content);
  else if (answer.body.error) showToast('error', `Lark: ${answer.body.error}`);
  await poll();
}

async function send(event) {
  event.preventDefault();
  const input = $('text');
  const text = input.value;
  if (!state.chat || text.trim() === '') return;
  const answer = await api('POST', `/__emulator/chats/${encodeURIComponent(state.chat)}/messages`, {
    from: state.as,
    text,
  });
  if (answer.status !== 200) {
    showToast('error', answer.body.error ?? `error ${answer.status}`);
    return;
  }
  input.value = '';
  await poll();
}

async function start() {
  const [people, chats] = await Promise.all([
    api('GET', '/__emulator/ui/people'),
    api('GET', '/__emulator/chats'),
  ]);
  state.bot = people.body.bot;
  for (const user of people.body.users) state.users.set(user.open_id, user);
  state.chats = chats.body.items;
  renderPicker();
  $('as').addEventListener('change', () => {
    state.as = $('as').value;
    syncUrl();
    renderChats();
    state.shown.clear();
    $('messages').replaceChildren();
    poll();
  });
  $('locale').value = state.locale;
  $('locale').addEventListener('change', () => {
    state.locale = $('locale').value;
    syncUrl();
    state.shown.clear();
    $('messages').replaceChildren();
    poll();
  });
  $('composer').addEventListener('submit', send);
  if (!state.chat) state.chat = state.chats.find((chat) => chat.members.includes(state.as))?.chat_id ?? '';
  if (state.chat) openChat(state.chat);
  else renderChats();
  setInterval(poll, POLL_MS);
  document.body.dataset.ready = 'true';
}

start().catch((error) => setStatus(`could not start: ${error.message}`));
