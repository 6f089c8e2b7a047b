"""The chat page's look and behaviour in the browser: the stylesheet and the one script in the page's head.

Colours are chosen for WCAG AA (4.5:1 for text, 3:1 for focus rings and control borders) on the theme's white
and light-grey backgrounds; every focusable control gets a visible ring. The script (no network, no libraries)
opens the transcript viewer from a citation, highlights the quoted sentences, copies and downloads Markdown,
counts characters in the question box, and keeps the script radios one arrow-key group.
"""

from __future__ import annotations

from index.settings import MAX_QUESTION_CHARS

INK, MUTED, ACCENT, ACCENT_DARK, MARK = "#111827", "#4b5563", "#1d4ed8", "#1e3a8a", "#fde68a"

CSS = f"""
.gradio-container {{ --color-accent: {ACCENT}; --color-accent-soft: #dbeafe;
  --button-primary-background-fill: {ACCENT}; --button-primary-background-fill-hover: {ACCENT_DARK};
  --button-primary-text-color: #ffffff; --button-primary-border-color: {ACCENT};
  --input-placeholder-color: {MUTED}; --body-text-color-subdued: {MUTED}; --block-info-text-color: {MUTED};
  --block-label-text-color: {INK}; --block-title-text-color: {INK}; --link-text-color: {ACCENT};
  --slider-color: {ACCENT}; --checkbox-background-color-selected: {ACCENT}; --checkbox-border-color-selected: {ACCENT};
  --checkbox-border-color: #6b7280; --input-border-color: #6b7280; }}
.gradio-container textarea::placeholder, .gradio-container input::placeholder {{ color: {MUTED}; opacity: 1; }}
footer, footer a, footer button, footer span {{ color: {INK} !important; opacity: 1 !important; }}
.gradio-container :is(a, button, input, textarea, select, summary, [tabindex]):focus-visible {{
  outline: 3px solid {ACCENT} !important; outline-offset: 2px !important; box-shadow: 0 0 0 1px #ffffff; }}
.gradio-container input[type=radio]:focus-visible, .gradio-container input[type=checkbox]:focus-visible,
.gradio-container input[type=range]:focus-visible {{ outline: 3px solid {ACCENT} !important; outline-offset: 3px !important; }}
.gradio-container label:focus-within {{ outline: 2px solid {ACCENT}; outline-offset: 2px; }}
.cr-header h1 {{ font-size: 1.35rem; margin: 0 0 0.2em; color: {INK}; }}
.cr-callline {{ margin: 0; color: {INK}; font-size: 0.95rem; }}
#chat {{ height: auto !important; max-height: none !important; min-height: 0 !important; }}
#chat > div, #chat .bubble-wrap, #chat [role=log], #chat .message-wrap {{ height: auto !important;
  max-height: none !important; overflow: visible !important; }}
#chat .placeholder-content, #chat .placeholder {{ min-height: 0 !important; padding: 0.5em !important; }}
#chat .md, #chat .prose, #chat .message-content {{ opacity: 1 !important; }}
#chat .cr-question, #chat .cr-reply, #chat .cr-error {{ scroll-margin-top: 0.5em; }}
#question textarea {{ font-size: 16px; }}
#cr-count {{ margin: 0.1em 0 0; font-size: 0.85rem; color: {MUTED}; }}
#cr-count.cr-full {{ color: #991b1b; font-weight: 600; }}
.cr-examples {{ gap: 0.4em !important; flex-wrap: wrap !important; }}
.cr-examples button {{ flex: 0 1 auto !important; min-width: 0 !important; white-space: normal; text-align: left; }}
.cr-reply {{ line-height: 1.5; color: {INK}; }}
.cr-query {{ font-size: 0.85em; color: {MUTED}; margin-bottom: 0.4em; }}
.cr-mode {{ font-size: 0.85em; color: {MUTED}; margin: 0.3em 0; }}
.cr-answer {{ margin-bottom: 0.6em; }}
a.cr-ref {{ font-weight: 700; text-decoration: underline; color: {ACCENT} !important; }}
.cr-sources {{ border-top: 1px solid #d1d5db; padding-top: 0.4em; }}
.cr-cite {{ margin: 0.5em 0; padding: 0.4em 0.6em; border-left: 3px solid {ACCENT}; scroll-margin-top: 1em; }}
.cr-cite:target, .cr-cite.cr-back-here {{ background: #dbeafe; }}
.cr-head {{ font-size: 0.9em; }}
.cr-n {{ font-weight: 700; }}
.cr-meta {{ color: {MUTED}; }}
.cr-note {{ color: {MUTED}; font-style: italic; margin-top: 0.3em; }}
.cr-en {{ color: #374151; font-style: italic; }}
.cr-actions {{ display: flex; gap: 1em; flex-wrap: wrap; align-items: baseline; font-size: 0.9em; }}
.cr-actions a, .cr-export a {{ color: {ACCENT} !important; text-decoration: underline; }}
.cr-export {{ font-size: 0.9em; margin-top: 0.3em; }}
.cr-error {{ color: #991b1b; }}
details.cr-asked summary, details.cr-more summary, details.cr-details summary {{ cursor: pointer; font-size: 0.9em; }}
#cr-viewer:not(.cr-open) {{ display: none; }}
#cr-viewer {{ border: 1px solid #d1d5db; border-radius: 8px; padding: 0.6em; background: #ffffff; color: {INK}; }}
.cr-viewer-bar {{ display: flex; gap: 0.8em; align-items: center; flex-wrap: wrap; margin-bottom: 0.5em;
  position: sticky; top: 0; background: #ffffff; padding: 0.3em 0; z-index: 1; }}
.cr-viewer-bar a {{ color: {ACCENT}; font-weight: 600; }}
.cr-viewer-bar button {{ border: 1px solid #6b7280; border-radius: 6px; padding: 0.1em 0.5em; background: #f9fafb;
  color: {INK}; font-size: 0.85rem; font-weight: 400; }}
.cr-viewer-bar a {{ font-size: 0.9rem; }}
#cr-viewer.cr-focus .cr-turn:not(.cr-near) {{ display: none; }}
.cr-turn {{ margin: 0.6em 0; }}
.cr-turn-head {{ font-weight: 600; font-size: 0.9em; margin-bottom: 0.2em; }}
.cr-role-analyst .cr-turn-head {{ color: {MUTED}; }}
.cr-par {{ scroll-margin-top: 3.2em; display: grid; grid-template-columns: 1fr 1fr; gap: 0.8em; padding: 0.3em; border-radius: 4px; }}
.cr-par.cr-at {{ outline: 2px solid {ACCENT}; }}
.cr-tr {{ color: #374151; }}
.cr-s.cr-hl {{ background: {MARK}; color: #000000; }}
.cr-tn {{ color: {MUTED}; }}
.cr-about h2 {{ margin: 0.2em 0; font-size: 1.05rem; }} .cr-about h3 {{ margin: 0.6em 0 0.2em; font-size: 0.95em; }}
.cr-call-title {{ font-size: 1rem; margin: 0.2em 0; }}
.cr-about ul {{ margin: 0; padding-left: 1.2em; }}
.cr-side {{ position: sticky; top: 0; align-self: flex-start; }}
#cr-exports, .cr-hidden {{ display: none !important; }}
@media (min-width: 1024px) {{
  #cr-viewer {{ max-height: calc(100vh - 2em); overflow: auto; }}
}}
@media (max-width: 640px) {{
  .gradio-container {{ padding: 0 6px !important; }}
  .cr-header h1 {{ font-size: 1.1rem; }}
  .cr-callline {{ font-size: 0.85rem; }}
  #ask-row {{ flex-wrap: nowrap !important; gap: 6px !important; }}
  #ask-row > * {{ min-width: 0 !important; }}
  #ask {{ min-width: 64px !important; max-width: 80px; flex: 0 0 auto !important; }}
  .cr-par {{ grid-template-columns: 1fr; gap: 0.2em; scroll-margin-top: 0.5em; }}
  #cr-viewer.cr-open {{ padding-bottom: 3.5em; }}
  #cr-viewer .cr-viewer-bar {{ position: fixed; top: auto; bottom: 0; left: 0; right: 0; z-index: 10; margin: 0;
    padding: 0.5em 0.8em; border-top: 1px solid #9ca3af; box-shadow: 0 -2px 6px rgba(0, 0, 0, 0.12); }}
  .cr-side {{ position: static; }}
}}
"""

# The page's script: installed once, listens on the document, so it works for replies drawn at any time.
HEAD = r"""<script>
(() => {
  if (window.crInstalled) return;
  window.crInstalled = true;
  const LIMIT = %(limit)d;
  const q = (sel, root) => (root || document).querySelector(sel);
  const qa = (sel, root) => Array.from((root || document).querySelectorAll(sel));
  function markdownOf(id) {
    const pre = document.querySelector('#cr-exports pre[data-turn="' + CSS.escape(id) + '"]');
    return pre ? pre.textContent : '';
  }
  function say(text) { const s = q('#cr-status'); if (s) { s.textContent = ''; setTimeout(() => s.textContent = text, 50); } }
  function download(name, text) {
    const url = URL.createObjectURL(new Blob([text], {type: 'text/markdown;charset=utf-8'}));
    const a = document.createElement('a');
    a.href = url; a.download = name; document.body.appendChild(a); a.click(); a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
  function openViewer(link, loaded) {
    // href: #<paragraph anchor>~<quoted sentence indexes, dot-separated>~<id of the citation to come back to>
    const [anchor, quoted, back] = link.getAttribute('href').slice(1).split('~');
    const viewer = q('#cr-viewer'), par = viewer && viewer.querySelector('#' + CSS.escape(anchor));
    if (!viewer) return false;
    if (!par) {  // the call is not loaded yet: ask the server for it, then open (once)
      const m = /^v-(.+)-t\d+-p\d+$/.exec(anchor);
      if (loaded || !m || !q('#cr-load')) return false;
      window.crWanted = m[1];
      window.crPending = link;
      q('#cr-load').click();
      return true;
    }
    const call = par.closest('.cr-call');
    qa('.cr-call', viewer).forEach(c => { c.hidden = c !== call; });
    qa('.cr-hl, .cr-at, .cr-near', viewer).forEach(e => e.classList.remove('cr-hl', 'cr-at', 'cr-near'));
    (quoted || '').split('.').filter(Boolean).forEach(i =>
      qa('[data-s="' + CSS.escape(i) + '"]', par).forEach(e => e.classList.add('cr-hl')));
    par.classList.add('cr-at');
    const turn = par.closest('.cr-turn');
    [turn.previousElementSibling, turn, turn.nextElementSibling].forEach(t => {
      if (t && t.classList.contains('cr-turn')) t.classList.add('cr-near'); });
    viewer.classList.add('cr-open', 'cr-focus');
    q('#cr-whole').setAttribute('aria-pressed', 'false');
    q('#cr-whole').textContent = 'Show the whole call';
    q('#cr-back').setAttribute('href', '#' + (back || 'chat'));
    par.setAttribute('tabindex', '-1');
    par.scrollIntoView({block: 'start'});
    par.focus({preventScroll: true});
    return true;
  }
  // After the server sent the call (into the hidden #cr-call-src): move it into the viewer, then open it.
  window.crLoaded = () => {
    let tries = 0;
    const wait = () => {
      const src = q('#cr-call-src section.cr-call');
      if (!src || src.id !== 'call-' + window.crWanted) { if (++tries < 60) setTimeout(wait, 50); return; }
      q('#cr-calls').replaceChildren(src);  // moved, not copied: ids stay unique
      if (window.crPending) openViewer(window.crPending, true);
      window.crPending = null;
    };
    wait();
  };
  document.addEventListener('click', ev => {
    const el = ev.target.closest && ev.target.closest(
      'a.cr-open, a.cr-copy, a.cr-dl, #cr-back, #cr-whole, #cr-close, #cr-export-all');
    if (!el) return;
    if (el.matches('a.cr-open')) { if (openViewer(el)) ev.preventDefault(); return; }
    if (el.matches('a.cr-copy, a.cr-dl')) {
      ev.preventDefault();
      const id = el.getAttribute('href').slice(4), text = markdownOf(id);
      if (el.matches('a.cr-dl')) { download('callrag-answer-' + id + '.md', text); say('Answer downloaded as Markdown'); }
      else if (navigator.clipboard) navigator.clipboard.writeText(text).then(
        () => say('Answer copied as Markdown'), () => say('Copying was refused by the browser; use Download'));
      return;
    }
    if (el.matches('#cr-export-all')) {
      download('callrag-conversation.md', markdownOf('all')); say('Conversation downloaded as Markdown'); return;
    }
    if (el.matches('#cr-whole')) {
      const v = q('#cr-viewer'), focus = v.classList.toggle('cr-focus');
      el.setAttribute('aria-pressed', String(!focus));
      el.textContent = focus ? 'Show the whole call' : 'Show only the turns around the citation';
      const at = q('.cr-at', v); if (at) at.scrollIntoView({block: 'center'});
      return;
    }
    if (el.matches('#cr-close')) { q('#cr-viewer').classList.remove('cr-open'); q('#question textarea')?.focus(); return; }
    if (el.matches('#cr-back')) {
      const target = document.getElementById(el.getAttribute('href').slice(1));
      if (target) { ev.preventDefault(); target.scrollIntoView({block: 'center'}); target.focus({preventScroll: true});
        qa('.cr-back-here').forEach(e => e.classList.remove('cr-back-here')); target.classList.add('cr-back-here'); }
    }
  }, true);
  function count(box) {
    const c = q('#cr-count'); if (!c) return;
    const n = box.value.length;
    c.classList.toggle('cr-full', n >= LIMIT);
    c.textContent = n >= LIMIT ? `${n.toLocaleString('en')} / ${LIMIT.toLocaleString('en')} characters: the limit; the rest was not taken`
                               : `${n.toLocaleString('en')} / ${LIMIT.toLocaleString('en')} characters`;
  }
  document.addEventListener('input', ev => { if (ev.target.matches && ev.target.matches('#question textarea')) count(ev.target); }, true);
  // Keep the page's own attributes on Gradio's controls, which it may re-render at any time.
  function fix() {
    const box = q('#question textarea');
    if (box) { box.setAttribute('maxlength', String(LIMIT)); box.setAttribute('aria-describedby', 'cr-count');
      if (!box.getAttribute('aria-label')) box.setAttribute('aria-label', 'Your question about the call'); }
    qa('.cr-radio').forEach((group, i) => {
      const inputs = qa('input[type=radio]', group);
      inputs.forEach(r => { if (r.name !== 'cr-radio-' + i) r.name = 'cr-radio-' + i; });
    });
  }
  new MutationObserver(fix).observe(document.documentElement, {subtree: true, childList: true});
  document.addEventListener('DOMContentLoaded', fix);
})();
</script>""" % {"limit": MAX_QUESTION_CHARS}

# After an answer: show the newest exchange from its question, and give the keyboard back to the question box.
AFTER_ANSWER = """() => {
  const q = document.querySelectorAll('#chat .cr-question');
  if (q.length) q[q.length - 1].scrollIntoView({block: 'start'});
  const box = document.querySelector('#question textarea');
  if (box) box.focus({preventScroll: true});
  const c = document.querySelector('#cr-count'); if (c && box) c.textContent = `0 / %(limit)s characters`;
}""" % {"limit": f"{MAX_QUESTION_CHARS:,}"}
