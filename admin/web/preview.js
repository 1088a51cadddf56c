// Draws the platform messages of POST preview as a chat: what a citizen sees in Messenger and in
// LINE. A minimal rendering (texts, buttons, cards, quick replies), not a pixel copy.
import { h } from './dom.js';

function bubble(platform, ...children) {
  return h(`div.bubble.bubble-${platform}`, null, ...children);
}

function buttonList(platform, labels) {
  if (!labels.length) return null;
  return h(`ul.chat-buttons.chat-buttons-${platform}`, null,
    labels.map((label) => h('li', null, label)));
}

function chips(labels) {
  if (!labels.length) return null;
  return h('ul.chips', { 'aria-label': 'クイックリプライ' }, labels.map((label) => h('li', null, label)));
}

function unknownMessage(platform, message) {
  return bubble(platform, h('span.muted', null, '（プレビューできない形式のメッセージ）'),
    h('pre.raw', { tabindex: '0', 'aria-label': 'メッセージの中身' }, JSON.stringify(message, null, 1)));
}

// --- Messenger (Send API bodies: {recipient, messaging_type, message} or the message alone) ---

function messengerButtons(buttons) {
  return (buttons || []).map((b) => b.title || b.type || '');
}

function messengerMessage(body) {
  const message = body && body.message ? body.message : body;
  const out = [];
  if (!message || typeof message !== 'object') return out;
  if (typeof message.text === 'string') {
    out.push(bubble('messenger', h('p.bubble-text', null, message.text)));
  }
  const attachment = message.attachment;
  if (attachment && attachment.type === 'template') {
    const payload = attachment.payload || {};
    if (payload.template_type === 'button') {
      out.push(h('div.card.card-messenger', null,
        h('p.bubble-text', null, payload.text || ''),
        buttonList('messenger', messengerButtons(payload.buttons))));
    } else if (payload.template_type === 'generic') {
      out.push(h('div.carousel', null, (payload.elements || []).map((element) =>
        h('div.card.card-messenger.carousel-item', null,
          h('p.card-title', null, element.title || ''),
          element.subtitle ? h('p.card-subtitle', null, element.subtitle) : null,
          buttonList('messenger', messengerButtons(element.buttons))))));
    } else {
      out.push(unknownMessage('messenger', message));
    }
  } else if (attachment) {
    out.push(unknownMessage('messenger', message));
  }
  if (Array.isArray(message.quick_replies)) {
    out.push(chips(message.quick_replies.map((q) => q.title || '')));
  }
  if (!out.length) out.push(unknownMessage('messenger', message));
  return out;
}

// --- LINE (message objects) ---

function lineActions(actions) {
  return (actions || []).map((a) => a.label || a.text || a.type || '');
}

// The texts and button labels of a flex component tree, in order.
function flexParts(node, parts) {
  if (!node || typeof node !== 'object') return parts;
  if (node.type === 'text' && typeof node.text === 'string') {
    parts.push({ kind: node.weight === 'bold' ? 'title' : 'text', value: node.text });
  } else if (node.type === 'button' && node.action) {
    parts.push({ kind: 'button', value: node.action.label || '' });
  }
  for (const key of ['header', 'hero', 'body', 'footer']) if (node[key]) flexParts(node[key], parts);
  if (Array.isArray(node.contents)) node.contents.forEach((c) => flexParts(c, parts));
  return parts;
}

function flexBubble(bubbleNode) {
  const parts = flexParts(bubbleNode, []);
  const labels = parts.filter((p) => p.kind === 'button').map((p) => p.value);
  return h('div.card.card-line.carousel-item', null,
    parts.filter((p) => p.kind !== 'button').map((p) =>
      h(p.kind === 'title' ? 'p.card-title' : 'p.card-subtitle', null, p.value)),
    buttonList('line', labels));
}

function lineMessage(message) {
  const out = [];
  if (!message || typeof message !== 'object') return out;
  if (message.type === 'text') {
    out.push(bubble('line', h('p.bubble-text', null, message.text || '')));
  } else if (message.type === 'template') {
    const t = message.template || {};
    if (t.type === 'buttons' || t.type === 'confirm') {
      out.push(h('div.card.card-line', null,
        t.title ? h('p.card-title', null, t.title) : null,
        h('p.bubble-text', null, t.text || ''),
        buttonList('line', lineActions(t.actions))));
    } else if (t.type === 'carousel') {
      out.push(h('div.carousel', null, (t.columns || []).map((c) =>
        h('div.card.card-line.carousel-item', null,
          c.title ? h('p.card-title', null, c.title) : null,
          h('p.bubble-text', null, c.text || ''),
          buttonList('line', lineActions(c.actions))))));
    } else {
      out.push(unknownMessage('line', message));
    }
  } else if (message.type === 'flex') {
    const contents = message.contents || {};
    const bubbles = contents.type === 'carousel' ? contents.contents || [] : [contents];
    out.push(h('div.carousel', null, bubbles.map(flexBubble)));
  } else {
    out.push(unknownMessage('line', message));
  }
  const items = message.quickReply?.items;
  if (Array.isArray(items)) out.push(chips(items.map((i) => i.action?.label || '')));
  return out;
}

// A chat panel: the citizen's question on the right (when given), the bot's messages on the left.
export function chatView(platform, messages, question) {
  const render = platform === 'line' ? lineMessage : messengerMessage;
  const list = Array.isArray(messages) ? messages : [];
  return h(`div.chat.chat-${platform}`, null,
    question ? h(`div.bubble.bubble-user.bubble-user-${platform}`, null, h('p.bubble-text', null, question)) : null,
    list.length
      ? list.map((m) => h('div.chat-row', null, render(m)))
      : h('p.muted.chat-empty', null, '（送られるメッセージはありません）'));
}
