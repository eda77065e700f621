/* SellerDesk web chat widget: <script src="https://DESK/chat/widget.js" data-chat="ID" async></script>
   No framework, no cookie: the visitor's id and signed token stay in this site's localStorage.
   Lines arrive by server-sent events; the same code polls when the server asks it to. */
(function () {
  "use strict";
  var me = document.currentScript;
  if (!me || window.__sdChat) return;
  window.__sdChat = 1;
  var chat = me.getAttribute("data-chat");
  var base = new URL(me.src).origin;
  var api = base + "/chat/" + chat + "/";
  var T = {
    en: ["Chat with us", "Write a message…", "Send", "Attach a photo", "Email or order number", "Save", "Thanks, noted.",
      "The photo is too large (at most %s MB).", "Only photos: JPEG, PNG, GIF or WebP.", "You are writing too fast: please wait a minute.",
      "The chat is not available right now.", "You", "Online", "Offline", "Close", "Not sent: try again."],
    zh: ["在线咨询", "输入消息…", "发送", "添加图片", "邮箱或订单号", "保存", "已记下，谢谢。",
      "图片太大（最大 %s MB）。", "只能发送图片：JPEG、PNG、GIF 或 WebP。", "发送太快了，请稍等一分钟。",
      "聊天暂时不可用。", "我", "在线", "离线", "关闭", "未发送，请重试。"],
    de: ["Chatten Sie mit uns", "Nachricht schreiben…", "Senden", "Foto anhängen", "E-Mail oder Bestellnummer", "Speichern", "Danke, notiert.",
      "Das Foto ist zu groß (höchstens %s MB).", "Nur Fotos: JPEG, PNG, GIF oder WebP.", "Sie schreiben zu schnell: bitte warten Sie eine Minute.",
      "Der Chat ist gerade nicht verfügbar.", "Sie", "Online", "Offline", "Schließen", "Nicht gesendet: bitte erneut versuchen."],
    fr: ["Discutez avec nous", "Écrivez un message…", "Envoyer", "Joindre une photo", "E-mail ou numéro de commande", "Enregistrer", "Merci, c'est noté.",
      "La photo est trop lourde (%s Mo au plus).", "Photos uniquement : JPEG, PNG, GIF ou WebP.", "Vous écrivez trop vite : patientez une minute.",
      "Le chat n'est pas disponible pour le moment.", "Vous", "En ligne", "Hors ligne", "Fermer", "Non envoyé : réessayez."],
    es: ["Chatea con nosotros", "Escribe un mensaje…", "Enviar", "Adjuntar una foto", "Correo o número de pedido", "Guardar", "Gracias, anotado.",
      "La foto es demasiado grande (máximo %s MB).", "Solo fotos: JPEG, PNG, GIF o WebP.", "Escribes demasiado rápido: espera un minuto.",
      "El chat no está disponible ahora.", "Tú", "En línea", "Desconectado", "Cerrar", "No enviado: inténtalo de nuevo."],
    it: ["Chatta con noi", "Scrivi un messaggio…", "Invia", "Allega una foto", "Email o numero d'ordine", "Salva", "Grazie, annotato.",
      "La foto è troppo grande (al massimo %s MB).", "Solo foto: JPEG, PNG, GIF o WebP.", "Stai scrivendo troppo in fretta: attendi un minuto.",
      "La chat non è disponibile al momento.", "Tu", "In linea", "Non in linea", "Chiudi", "Non inviato: riprova."],
    ja: ["チャットでお問い合わせ", "メッセージを入力…", "送信", "写真を添付", "メールアドレスまたは注文番号", "保存", "ありがとうございます。承りました。",
      "写真が大きすぎます（最大 %s MB）。", "写真のみ送信できます：JPEG、PNG、GIF、WebP。", "送信が速すぎます。1分ほどお待ちください。",
      "ただいまチャットをご利用いただけません。", "あなた", "オンライン", "オフライン", "閉じる", "送信できませんでした。もう一度お試しください。"]
  };
  var langs = (navigator.languages || [navigator.language || "en"]).map(function (l) { return String(l).toLowerCase().split("-")[0]; });
  var lang = langs.filter(function (l) { return T[l]; })[0] || "en";
  var t = T[lang];
  var store = "sdchat:" + base + ":" + chat;
  var state = {};
  try { state = JSON.parse(localStorage.getItem(store) || "{}") || {}; } catch (e) { state = {}; }
  var conf = null, ready = null, seen = {}, last = 0, source = null, pollTimer = null;

  function save() { try { localStorage.setItem(store, JSON.stringify(state)); } catch (e) { /* private mode: one page only */ } }
  function el(tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls; if (text != null) e.textContent = text; return e; }
  function form(fields) { var f = new FormData(); for (var k in fields) f.append(k, fields[k]); return f; }
  function call(path, body) {
    return fetch(api + path, { method: body ? "POST" : "GET", body: body, credentials: "omit", mode: "cors" })
      .then(function (r) { return r.json().catch(function () { return {}; }).then(function (j) { j.status = r.status; return j; }); });
  }

  var host = el("div"); host.id = "sellerdesk-chat";
  var root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
  var css = el("style", null, ":host{all:initial}[hidden]{display:none!important}*{box-sizing:border-box;font:14px/1.4 system-ui,sans-serif}" +
    ".b{position:fixed;right:20px;bottom:20px;z-index:2147483000;border:0;border-radius:24px;padding:12px 18px;background:#1f6feb;color:#fff;cursor:pointer;box-shadow:0 2px 8px #0004}" +
    ".p{position:fixed;right:20px;bottom:20px;z-index:2147483001;width:340px;max-width:calc(100vw - 24px);height:480px;max-height:calc(100vh - 40px);display:flex;flex-direction:column;background:#fff;color:#222;border-radius:10px;box-shadow:0 4px 24px #0005;overflow:hidden}" +
    ".h{display:flex;align-items:center;gap:8px;padding:10px 12px;background:#1f6feb;color:#fff}.h b{flex:1}.h button{background:none;border:0;color:#fff;cursor:pointer;font-size:18px}" +
    ".s{font-size:12px;opacity:.85}.l{flex:1;overflow-y:auto;padding:10px;display:flex;flex-direction:column;gap:6px;background:#f6f8fa}" +
    ".m{max-width:85%;padding:7px 10px;border-radius:10px;background:#fff;border:1px solid #d0d7de;white-space:pre-wrap;word-wrap:break-word}" +
    ".m.visitor{align-self:flex-end;background:#ddf4ff;border-color:#b6e3ff}.m.system{align-self:center;background:none;border:0;color:#57606a;font-size:12px;text-align:center}" +
    ".m .n{display:block;font-size:11px;color:#57606a}.m a{color:#0969da;display:block}.m.fail{border-color:#cf222e}" +
    ".i,.w{display:flex;gap:6px;padding:8px;border-top:1px solid #d0d7de}.i input,.w textarea{flex:1;border:1px solid #d0d7de;border-radius:6px;padding:6px}" +
    ".w textarea{resize:none;height:40px}.i button,.w button{border:0;border-radius:6px;padding:6px 10px;background:#1f6feb;color:#fff;cursor:pointer}" +
    ".w .f{background:#eaeef2;color:#222}.e{color:#cf222e;font-size:12px;padding:0 10px}");
  root.appendChild(css);
  var button = el("button", "b", t[0]); button.type = "button";
  var panel = el("div", "p"); panel.hidden = true;
  var head = el("div", "h"), title = el("b", null, t[0]), status = el("span", "s"), close = el("button", null, "×");
  close.type = "button"; close.setAttribute("aria-label", t[14]);
  head.appendChild(title); head.appendChild(status); head.appendChild(close);
  var list = el("div", "l"); list.setAttribute("role", "log"); list.setAttribute("aria-live", "polite");
  var ident = el("form", "i"), who = el("input"), whoSave = el("button", null, t[5]);
  who.placeholder = t[4]; who.name = "who"; who.setAttribute("aria-label", t[4]); whoSave.type = "submit";
  ident.appendChild(who); ident.appendChild(whoSave);
  var error = el("div", "e"); error.setAttribute("role", "alert");
  var write = el("form", "w"), text = el("textarea"), photo = el("input"), photoBtn = el("button", "f", "📷"), send = el("button", null, t[2]);
  text.placeholder = t[1]; text.setAttribute("aria-label", t[1]); text.maxLength = 5000;
  photo.type = "file"; photo.accept = "image/jpeg,image/png,image/gif,image/webp"; photo.hidden = true;
  photoBtn.type = "button"; photoBtn.title = t[3]; photoBtn.setAttribute("aria-label", t[3]); send.type = "submit";
  write.appendChild(photo); write.appendChild(photoBtn); write.appendChild(text); write.appendChild(send);
  [head, list, ident, error, write].forEach(function (e) { panel.appendChild(e); });
  root.appendChild(button); root.appendChild(panel);

  function fail(msg) { error.textContent = msg || ""; }
  function line(l) {
    if (l.id && seen[l.id]) return;
    if (l.id) { seen[l.id] = 1; if (l.id > last) last = l.id; }
    var mine = l.client_id && root.querySelector('[data-client="' + l.client_id + '"]');
    var m = mine || el("div", "m " + l.kind);
    m.className = "m " + l.kind;
    if (l.id) m.setAttribute("data-id", l.id);
    if (!mine) {
      if (l.kind === "agent" || l.kind === "bot") m.appendChild(el("span", "n", l.name || ""));
      m.appendChild(el("span", "x", l.text || ""));
      (l.files || []).forEach(function (f) {
        if (f.id) { var a = el("a", null, f.name); a.href = api + "files/" + f.id + "?t=" + encodeURIComponent(state.token) + "&s=" + f.s; a.target = "_blank"; a.rel = "noopener"; m.appendChild(a); }
        else m.appendChild(el("span", "n", "📷 " + f.name));
      });
      list.appendChild(m);
    }
    list.scrollTop = list.scrollHeight;
  }
  function greet() {
    if (list.childNodes.length) return;
    line({ kind: "system", text: conf.online ? conf.greeting : conf.offline_message });
  }
  function listen() {
    if (source) source.close();
    clearTimeout(pollTimer);
    var url = api + "stream?t=" + encodeURIComponent(state.token) + "&after=" + last;
    if (!window.EventSource) return poll();
    source = new EventSource(url);
    source.onmessage = function (ev) { line(JSON.parse(ev.data)); };
    source.onerror = function () {
      if (source.readyState === 2) { source = null; restart(); }  /* refused (token no longer valid) */
    };
  }
  function poll() {  /* no EventSource: read the same stream as one answer every few seconds */
    fetch(api + "stream?t=" + encodeURIComponent(state.token) + "&after=" + last, { credentials: "omit" }).then(function (r) {
      if (r.status === 401) return restart();
      return r.text().then(function (body) {
        body.split("\n\n").forEach(function (chunk) { var d = /^data: (.*)$/m.exec(chunk); if (d) line(JSON.parse(d[1])); });
      });
    }).catch(function () {}).then(function () { pollTimer = setTimeout(poll, 3000); });
  }
  function start() {
    if (state.token) return Promise.resolve();
    return call("visitor", form({ lang: lang })).then(function (j) {
      if (!j.token) throw new Error(j.error || "visitor");
      state = { token: j.token }; save();
    });
  }
  function restart() { state = {}; save(); seen = {}; last = 0; start().then(listen).catch(function () { fail(t[10]); }); }
  function open() {
    button.hidden = true; panel.hidden = false;
    text.focus();
    if (ready) return;
    ready = call("config?lang=" + lang).then(function (c) {
      if (c.status !== 200) throw new Error(c.error);
      conf = c; title.textContent = c.title || t[0]; status.textContent = c.online ? t[12] : t[13];
      greet();
      return start().then(listen);
    });
    ready.catch(function () { ready = null; fail(t[10]); });
  }
  function sendNow(body, file) {
    var id = Math.random().toString(36).slice(2) + Date.now().toString(36);
    var m = el("div", "m visitor"); m.setAttribute("data-client", id);
    if (body) m.appendChild(el("span", "x", body));
    if (file) m.appendChild(el("span", "n", "📷 " + file.name));
    list.appendChild(m); list.scrollTop = list.scrollHeight;
    var fields = { t: state.token, id: id, text: body, lang: lang, page: location.href };
    var f = form(fields); if (file) f.append("photo", file, file.name);
    call("messages", f).then(function (j) {
      if (j.status === 202 || j.status === 200) { fail(""); return line(j.line); }
      m.className = "m visitor fail";
      fail(j.status === 429 ? t[9] : j.status === 413 ? t[7].replace("%s", Math.floor(conf.photo_max_bytes / 1048576)) : j.status === 415 ? t[8] : t[15]);
      if (j.status === 401) restart();
    }).catch(function () { m.className = "m visitor fail"; fail(t[15]); });
  }

  button.onclick = open;
  close.onclick = function () { panel.hidden = true; button.hidden = false; };
  photoBtn.onclick = function () { photo.click(); };
  photo.onchange = function () {
    var file = photo.files[0]; photo.value = "";
    if (!file) return;
    if (!/^image\/(jpeg|png|gif|webp)$/.test(file.type)) return fail(t[8]);
    if (conf && file.size > conf.photo_max_bytes) return fail(t[7].replace("%s", Math.floor(conf.photo_max_bytes / 1048576)));
    var body = text.value.trim(); text.value = "";
    if (ready) ready.then(function () { sendNow(body, file); });
  };
  write.onsubmit = function (ev) {
    ev.preventDefault();
    var body = text.value.trim();
    if (!body || !ready) return;
    text.value = ""; ready.then(function () { sendNow(body, null); });
  };
  text.onkeydown = function (ev) { if (ev.key === "Enter" && !ev.shiftKey) { ev.preventDefault(); write.onsubmit(ev); } };
  ident.onsubmit = function (ev) {
    ev.preventDefault();
    var v = who.value.trim();
    if (!v || !ready) return;
    ready.then(function () { return call("identify", form(v.indexOf("@") > 0 ? { t: state.token, email: v } : { t: state.token, order: v })).then(function (j) {
      if (j.status !== 200) return fail(j.error || t[15]);
      who.value = ""; fail(""); line({ kind: "system", text: t[6] });
    }); }).catch(function () { fail(t[15]); });
  };
  (document.body || document.documentElement).appendChild(host);
})();
