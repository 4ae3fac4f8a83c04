// The simulator's chat page: self-contained HTML (no external assets) served at GET /sim.
export const SIM_PAGE_HTML = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>检网 · 微信模拟器</title>
<style>
  * { box-sizing: border-box; }
  body { margin: 0; font-family: system-ui, -apple-system, "PingFang SC", "Microsoft YaHei", sans-serif; background: #ededed; color: #111; }
  header { background: #2e7d32; color: #fff; padding: 10px 16px; font-size: 17px; }
  header small { opacity: .8; margin-left: 8px; font-size: 13px; }
  main { max-width: 760px; margin: 0 auto; padding: 12px; }
  fieldset { border: 1px solid #ccc; border-radius: 6px; background: #fff; margin: 0 0 10px; padding: 8px 12px; }
  legend { font-size: 13px; color: #555; }
  label { display: inline-block; margin: 4px 12px 4px 0; font-size: 14px; }
  select { padding: 4px 6px; border: 1px solid #bbb; border-radius: 4px; max-width: 420px; }
  input[type=text] { padding: 4px 6px; border: 1px solid #bbb; border-radius: 4px; width: 150px; }
  #log { background: #f5f5f5; border: 1px solid #ccc; border-radius: 6px; height: 55vh; overflow-y: auto; padding: 10px; }
  .msg { display: flex; margin: 8px 0; }
  .msg.me { justify-content: flex-end; }
  .bubble { max-width: 78%; padding: 8px 10px; border-radius: 6px; white-space: pre-wrap; word-break: break-word; font-size: 15px; background: #fff; }
  .me .bubble { background: #95ec69; }
  .push .bubble { background: #fff8e1; border: 1px dashed #f0b400; }
  .meta { font-size: 11px; color: #888; margin-bottom: 2px; }
  .sys { text-align: center; color: #999; font-size: 12px; margin: 6px 0; }
  form#send { display: flex; gap: 8px; margin-top: 10px; }
  textarea { flex: 1; resize: vertical; min-height: 44px; padding: 8px; border: 1px solid #bbb; border-radius: 6px; font: inherit; }
  button { background: #2e7d32; color: #fff; border: 0; border-radius: 6px; padding: 0 18px; font-size: 15px; cursor: pointer; }
  button:disabled { background: #9e9e9e; }
  .hint { font-size: 12px; color: #666; margin-top: 6px; }
</style>
</head>
<body>
<header>检网 · 本地微信模拟器<small>消息经模拟微信进入机器人，与真实微信消息相同</small></header>
<main>
  <fieldset>
    <legend>身份</legend>
    <label><input type="radio" name="mode" value="private" checked> 居民（私聊）</label>
    <label><input type="radio" name="mode" value="room"> 网格员（群聊）</label>
    <label><input type="radio" name="mode" value="prosecutor"> 检察官（私聊）</label>
    <span id="prosecutorFields" hidden>
      <br>
      <label>检察官 <select id="prosecutor"><option value="">（未找到已登记的检察官）</option></select></label>
    </span>
    <br>
    <label>我的ID <input type="text" id="fromId" value="resident-001"></label>
    <label>昵称 <input type="text" id="fromName" value="张先生"></label>
    <span id="roomFields" hidden>
      <br>
      <label>群ID <input type="text" id="roomId" value="grid-room-001"></label>
      <label>群名称 <input type="text" id="roomTopic" value="城东社区网格群"></label>
      <label><input type="checkbox" id="mention" checked> @检网</label>
    </span>
  </fieldset>
  <div id="log" aria-live="polite"></div>
  <form id="send">
    <textarea id="text" placeholder="输入消息，例如：楼上邻居天天半夜吵，能不能调解一下"></textarea>
    <button type="submit" id="sendBtn">发送</button>
  </form>
  <div class="hint"><label>附件（图片、文件、语音、视频，最大 20 MB）<input type="file" id="file" accept="image/*,audio/*,video/*,.pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.wps,.txt,.sil,.silk,.amr"></label></div>
  <div class="hint" id="charCount"></div>
  <div class="hint">检察官可发送：我的待办、受理 案件编号、反馈 案件编号 内容、办结 案件编号 结果。群聊中只有 @检网 或以“线索/反映/举报/求助/咨询/绑定网格”开头的消息会被处理。黄色虚线气泡为机器人稍后主动推送的消息。</div>
</main>
<script>
(function () {
  var $ = function (id) { return document.getElementById(id); };
  var log = $('log');
  var seen = {};
  var lastSeq = 0;
  var pollTimer = null;

  function mode() { return document.querySelector('input[name=mode]:checked').value; }
  function roomId() { return $('roomId').value.trim(); }
  function conversation() { return mode() === 'room' ? roomId() : $('fromId').value.trim(); }

  function add(kind, text, meta) {
    var row = document.createElement('div');
    row.className = 'msg ' + kind;
    var bubble = document.createElement('div');
    bubble.className = 'bubble';
    if (meta) {
      var m = document.createElement('div');
      m.className = 'meta';
      m.textContent = meta;
      bubble.appendChild(m);
    }
    bubble.appendChild(document.createTextNode(text));
    row.appendChild(bubble);
    log.appendChild(row);
    log.scrollTop = log.scrollHeight;
  }
  function sys(text) {
    var d = document.createElement('div');
    d.className = 'sys';
    d.textContent = text;
    log.appendChild(d);
    log.scrollTop = log.scrollHeight;
  }

  // After a reload or a change of identity, the chat so far is shown again from /sim/inbox.
  function restartPolling() {
    if (pollTimer) clearInterval(pollTimer);
    lastSeq = 0;
    seen = {};
    log.textContent = '';
    pollTimer = setInterval(poll, 2000);
    poll(true);
  }
  // Texts this page sent and already shows, until /sim/say answers with their sequence number.
  var pending = [];
  var pendingFiles = [];
  function showEntry(item, initial) {
    var mine = item.direction === 'in' && !initial ? pending.indexOf(item.text) : -1;
    if (mine >= 0) { pending.splice(mine, 1); return; }
    var file = item.direction === 'in' && !initial ? pendingFiles.findIndex(function (n) { return item.text.indexOf(' ' + n) > 0; }) : -1;
    if (file >= 0) { pendingFiles.splice(file, 1); return; }
    if (item.direction === 'in') add('me', item.text, (item.from ? item.from.name : '') + (item.room ? ' · ' + item.room : ''));
    else if (initial) add('bot', item.text, '检网');
    else add('push', item.text, '检网 · 主动推送');
  }
  function poll(initial) {
    var id = conversation();
    if (!id) return;
    fetch('/sim/inbox?contactId=' + encodeURIComponent(id) + '&since=' + lastSeq)
      .then(function (r) { return r.ok ? r.json() : { items: [] }; })
      .then(function (data) {
        if (id !== conversation()) return;
        var items = data.items || [];
        if (initial === true && items.length) sys('以下为此前的对话');
        items.forEach(function (item) {
          lastSeq = Math.max(lastSeq, item.seq);
          if (seen[item.seq]) return;
          seen[item.seq] = true;
          showEntry(item, initial === true);
        });
      })
      .catch(function () {});
  }

  // The prosecutor picker and the longest text come from the server (GET /sim/setup).
  var maxTextChars = 5000;
  function loadSetup() {
    fetch('/sim/setup')
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (setup) {
        if (!setup) return;
        maxTextChars = setup.maxTextChars;
        $('text').maxLength = maxTextChars;
        showCount();
        var select = $('prosecutor');
        if (!setup.prosecutors.length) return;
        select.textContent = '';
        setup.prosecutors.forEach(function (p) {
          var option = document.createElement('option');
          option.value = p.wechatId;
          option.dataset.name = p.name;
          option.textContent = p.name + '（' + p.wechatId + '）' + (p.groups.length ? ' · ' + p.groups.join('、') : '');
          select.appendChild(option);
        });
        if (mode() === 'prosecutor') pickProsecutor();
      })
      .catch(function () {});
  }
  function pickProsecutor() {
    var option = $('prosecutor').selectedOptions[0];
    if (!option || !option.value) return;
    $('fromId').value = option.value;
    $('fromName').value = option.dataset.name || option.value;
  }
  function showCount() {
    $('charCount').textContent = $('text').value.length + ' / ' + maxTextChars + ' 字';
  }

  document.querySelectorAll('input[name=mode]').forEach(function (el) {
    el.addEventListener('change', function () {
      $('roomFields').hidden = mode() !== 'room';
      $('prosecutorFields').hidden = mode() !== 'prosecutor';
      if (mode() === 'prosecutor') pickProsecutor();
      restartPolling();
      sys(mode() === 'room' ? '切换为群聊：' + $('roomTopic').value : mode() === 'prosecutor' ? '以检察官身份私聊：' + $('fromName').value : '切换为私聊');
    });
  });
  ['fromId', 'roomId'].forEach(function (id) { $(id).addEventListener('change', restartPolling); });
  $('prosecutor').addEventListener('change', function () { pickProsecutor(); restartPolling(); });
  $('text').addEventListener('input', showCount);

  $('text').addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); $('send').requestSubmit(); }
  });

  // A picked file goes as base64 in the same request; in WeChat it is its own message, after the text.
  function readFile(file) {
    return new Promise(function (resolve, reject) {
      var reader = new FileReader();
      reader.onload = function () { resolve(String(reader.result).replace(/^data:[^,]*,/, '')); };
      reader.onerror = function () { reject(reader.error); };
      reader.readAsDataURL(file);
    });
  }

  $('send').addEventListener('submit', function (e) {
    e.preventDefault();
    var text = $('text').value;
    var file = $('file').files[0];
    if (!text.trim() && !file) return;
    if (file) {
      readFile(file).then(function (base64) {
        send(text, { name: file.name, mimeType: file.type || 'application/octet-stream', base64: base64 });
        $('file').value = '';
      }, function () { sys('无法读取所选文件'); });
      return;
    }
    send(text, null);
  });

  function send(text, attachment) {
    var body = { from: { id: $('fromId').value.trim(), name: $('fromName').value.trim() } };
    if (text.trim()) body.text = text; else text = '';
    if (attachment) body.attachment = attachment;
    if (text.length > maxTextChars) { sys('消息过长：最多 ' + maxTextChars + ' 字'); return; }
    if (mode() === 'room') {
      body.room = { id: $('roomId').value.trim(), topic: $('roomTopic').value.trim() };
      body.mention = $('mention').checked;
    }
    var meta = body.from.name + (body.room ? ' · ' + body.room.topic : '');
    if (text) { add('me', text, meta); pending.push(text); }
    if (attachment) { add('me', '[附件] ' + attachment.name, meta); pendingFiles.push(attachment.name); }
    $('text').value = '';
    showCount();
    $('sendBtn').disabled = true;
    fetch('/sim/say', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
      .then(function (r) { return r.json().then(function (data) { return { ok: r.ok, data: data }; }); })
      .then(function (res) {
        if (!res.ok) { sys('出错：' + ((res.data.error && res.data.error.message) || '未知错误')); return; }
        if (text && pending.indexOf(text) >= 0 && !seen[res.data.seqs[0]]) pending.splice(pending.indexOf(text), 1);
        if (attachment && pendingFiles.indexOf(attachment.name) >= 0 && !seen[res.data.seq]) pendingFiles.splice(pendingFiles.indexOf(attachment.name), 1);
        res.data.seqs.forEach(function (seq) { seen[seq] = true; });
        if (!res.data.replies.length) sys(res.data.outcome === 'ignored' ? '（机器人未处理此消息）' : res.data.outcome === 'queued' ? '（消息已保存，服务恢复后回复）' : '（无回复）');
        res.data.replies.forEach(function (reply) {
          if (seen[reply.seq]) return;
          seen[reply.seq] = true;
          lastSeq = Math.max(lastSeq, reply.seq);
          add('bot', reply.text, '检网');
        });
      })
      .catch(function () { sys('网络错误，请重试'); })
      .finally(function () { $('sendBtn').disabled = false; $('text').focus(); });
  }

  loadSetup();
  restartPolling();
})();
</script>
</body>
</html>
`;
