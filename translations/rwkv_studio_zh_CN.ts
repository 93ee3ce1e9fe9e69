<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AlternativesView</name>
    <message>
        <source>Alternative %1</source>
        <translation>备选 %1</translation>
    </message>
    <message>
        <source>Show this alternative in the text</source>
        <translation>在正文中显示这个备选</translation>
    </message>
    <message>
        <source>Use this</source>
        <translation>用这个</translation>
    </message>
    <message>
        <source>Insert this alternative at the cursor</source>
        <translation>在光标处插入这个备选</translation>
    </message>
</context>
<context>
    <name>ApiServerBox</name>
    <message>
        <source>Local API server</source>
        <translation>本地 API 服务器</translation>
    </message>
    <message>
        <source>Serve the loaded model to other programs through the OpenAI API</source>
        <translation>通过 OpenAI API 把已加载的模型提供给其他程序</translation>
    </message>
    <message>
        <source>Editor plugins, note apps and scripts that speak the OpenAI API can use the model RWKV Studio has loaded, at the address below.</source>
        <translation>支持 OpenAI API 的编辑器插件、笔记应用和脚本可以通过下面的地址使用 RWKV Studio 已加载的模型。</translation>
    </message>
    <message>
        <source>Optional: programs must then send this key</source>
        <translation>可选：设置后程序必须发送这个密钥</translation>
    </message>
    <message>
        <source>Let other computers on the network connect</source>
        <translation>允许网络上的其他电脑连接</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Anyone who can reach this computer on port %1 can use the model, and nothing stops them. Set an API key, and only allow this on a network you trust.</source>
        <translation>任何能访问这台电脑 %1 端口的人都能使用这个模型，没有任何限制。请设置 API 密钥，并且只在可信的网络中开启。</translation>
    </message>
    <message>
        <source>Other computers that know the key can use the model on port %1. The connection is not encrypted: use this only on a network you trust.</source>
        <translation>知道密钥的其他电脑可以通过 %1 端口使用这个模型。连接没有加密：只在可信的网络中使用。</translation>
    </message>
</context>
<context>
    <name>AppServices</name>
    <message>
        <source>%1 is damaged and could not be read. A copy was kept as %2, and RWKV Studio started with a new, empty database.</source>
        <translation>%1 已损坏，无法读取。已保留一份副本 %2，RWKV Studio 已使用一个新的空数据库启动。</translation>
    </message>
    <message>
        <source>%1 Chats and documents will not be kept after you quit.</source>
        <translation>%1 退出后不会保留对话和文档。</translation>
    </message>
</context>
<context>
    <name>CatalogService</name>
    <message>
        <source>Could not get the file list of %1 from %2: %3</source>
        <translation>无法从 %2 获取 %1 的文件列表：%3</translation>
    </message>
    <message>
        <source>The file list of %1 could not be read: %2</source>
        <translation>无法读取 %1 的文件列表：%2</translation>
    </message>
    <message>
        <source>The catalog has no model called %1.</source>
        <translation>目录中没有名为 %1 的模型。</translation>
    </message>
    <message>
        <source>%1 is not in the file list of %2, so it cannot be checked after download. Refresh the catalog or choose another model.</source>
        <translation>%1 不在 %2 的文件列表中，下载后无法校验。请刷新目录或选择其他模型。</translation>
    </message>
</context>
<context>
    <name>CatalogView</name>
    <message>
        <source>Refresh the list</source>
        <translation>刷新列表</translation>
    </message>
    <message>
        <source>Ask Hugging Face (or the mirror in Settings) for the newest releases and their checksums</source>
        <translation>向 Hugging Face（或设置中的镜像）查询最新版本及其校验和</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>For</source>
        <translation>用途</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>Here with %1</source>
        <translation>本机使用 %1</translation>
    </message>
    <message>
        <source>16-bit (bf16): best quality</source>
        <translation>16 位（bf16）：质量最好</translation>
    </message>
    <message>
        <source>8-bit: half the memory, faster</source>
        <translation>8 位：内存减半，更快</translation>
    </message>
    <message>
        <source>4-bit: smallest and fastest</source>
        <translation>4 位：最小最快</translation>
    </message>
    <message>
        <source>How the weights are held in memory when the model runs. The file is the same; you can change this later in My models.</source>
        <translation>模型运行时权重在内存中的存放方式。文件本身不变；以后可以在“我的模型”中更改。</translation>
    </message>
    <message>
        <source>Run it with</source>
        <translation>运行方式</translation>
    </message>
    <message>
        <source>&lt;b&gt;Downloads&lt;/b&gt;</source>
        <translation>&lt;b&gt;下载&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Load</source>
        <translation>加载</translation>
    </message>
    <message>
        <source>Clear finished</source>
        <translation>清除已完成</translation>
    </message>
    <message>
        <source>This computer: %1 of memory</source>
        <translation>这台电脑：%1 内存</translation>
    </message>
    <message>
        <source>, GPU %1 with %2</source>
        <translation>，GPU %1，%2</translation>
    </message>
    <message>
        <source>, memory reads at %1 GB/s</source>
        <translation>，内存读取速度 %1 GB/s</translation>
    </message>
    <message>
        <source> (measuring its speed…)</source>
        <translation>（正在测速…）</translation>
    </message>
    <message>
        <source>. Speeds are estimates for writing one reply.</source>
        <translation>。速度是写一条回复的估计值。</translation>
    </message>
    <message>
        <source>%1 (recommended)</source>
        <translation>%1（推荐）</translation>
    </message>
    <message>
        <source>downloaded</source>
        <translation>已下载</translation>
    </message>
    <message>
        <source>license %1</source>
        <translation>许可证 %1</translation>
    </message>
    <message>
        <source>trained on %1 tokens of context</source>
        <translation>训练上下文长度 %1 个 token</translation>
    </message>
    <message>
        <source>Its checksum comes from the repository&apos;s file list before the download.</source>
        <translation>下载前会从仓库的文件列表获取它的校验和。</translation>
    </message>
</context>
<context>
    <name>ChatPane</name>
    <message>
        <source>New chat</source>
        <translation>新对话</translation>
    </message>
    <message>
        <source>New chat (Ctrl+N)</source>
        <translation>新对话（Ctrl+N）</translation>
    </message>
    <message>
        <source>Search chats (Ctrl+F)</source>
        <translation>搜索对话（Ctrl+F）</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <source>Import a conversation exported as JSON</source>
        <translation>导入以 JSON 导出的对话</translation>
    </message>
    <message>
        <source>Persona: the system prompt and example turns the chat starts with</source>
        <translation>角色：对话开始时的系统提示和示例对话</translation>
    </message>
    <message>
        <source>Answer directly</source>
        <translation>直接回答</translation>
    </message>
    <message>
        <source>Think first</source>
        <translation>先思考</translation>
    </message>
    <message>
        <source>Fast (no thinking)</source>
        <translation>快速（不思考）</translation>
    </message>
    <message>
        <source>Persona</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Reading the history… %p%</source>
        <translation>正在读取历史… %p%</translation>
    </message>
    <message>
        <source>Message (Ctrl+Enter to send)</source>
        <translation>消息（Ctrl+Enter 发送）</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Send (Ctrl+Enter)</source>
        <translation>发送（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop the reply (Esc)</source>
        <translation>停止回复（Esc）</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>对比</translation>
    </message>
    <message>
        <source>Write several answers at once and show them side by side (with an empty box: answer the last message again)</source>
        <translation>一次写出多个回答并并排显示（输入框为空时：重新回答上一条消息）</translation>
    </message>
    <message>
        <source>%1 answers</source>
        <translation>%1 个回答</translation>
    </message>
    <message>
        <source>Max tokens</source>
        <translation>最大 token 数</translation>
    </message>
    <message>
        <source>The persona is set when a chat starts; open a new chat to use another one.</source>
        <translation>角色在对话开始时设定；要换角色请新建对话。</translation>
    </message>
    <message>
        <source>%1 tokens/s · %2 tokens</source>
        <translation>%1 token/秒 · %2 个 token</translation>
    </message>
    <message>
        <source>Write a message first: Compare answers it several times at once.</source>
        <translation>请先写一条消息：对比会同时多次回答它。</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <source>Rename chat</source>
        <translation>重命名对话</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Unpin</source>
        <translation>取消置顶</translation>
    </message>
    <message>
        <source>Pin to top</source>
        <translation>置顶</translation>
    </message>
    <message>
        <source>Export as Markdown…</source>
        <translation>导出为 Markdown…</translation>
    </message>
    <message>
        <source>Export as JSON…</source>
        <translation>导出为 JSON…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Delete chat</source>
        <translation>删除对话</translation>
    </message>
    <message>
        <source>Delete this chat and all its branches?</source>
        <translation>删除这个对话及其所有分支？</translation>
    </message>
    <message>
        <source>Export chat</source>
        <translation>导出对话</translation>
    </message>
    <message>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>Import chat</source>
        <translation>导入对话</translation>
    </message>
    <message>
        <source>Could not read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
</context>
<context>
    <name>ChatService</name>
    <message>
        <source>A reply is still being written: stop it first (Esc).</source>
        <translation>回复仍在生成中：请先停止它（Esc）。</translation>
    </message>
    <message>
        <source>The model is still loading; try again when it is ready.</source>
        <translation>模型仍在加载；准备好后再试。</translation>
    </message>
    <message>
        <source>No model is loaded: add one in Models and press Load.</source>
        <translation>没有加载模型：请在“模型”中添加一个并点击“加载”。</translation>
    </message>
    <message numerus="yes">
        <source>This chat&apos;s saved states were made with another model, so %n earlier message(s) are read again from their text.</source>
        <translation>
            <numerusform>这个对话保存的状态来自另一个模型，因此 %n 条较早的消息会从文本重新读取。</numerusform>
        </translation>
    </message>
    <message>
        <source>New chat</source>
        <translation>新对话</translation>
    </message>
</context>
<context>
    <name>ComparisonView</name>
    <message>
        <source>Answer %1</source>
        <translation>回答 %1</translation>
    </message>
    <message>
        <source>Keep this answer</source>
        <translation>保留这个回答</translation>
    </message>
    <message>
        <source>Go on from this answer; the others stay as branches of your message</source>
        <translation>从这个回答继续；其他回答作为你这条消息的分支保留</translation>
    </message>
    <message>
        <source>*This answer could not be written.*</source>
        <translation>*这个回答未能生成。*</translation>
    </message>
    <message>
        <source>Writing %1 answers at once…</source>
        <translation>正在同时写 %1 个回答…</translation>
    </message>
    <message>
        <source>%1 answers: keep the one to go on from. The others stay as branches of your message (‹ › on the reply).</source>
        <translation>%1 个回答：保留要继续的那个。其他回答作为你这条消息的分支保留（回复上的 ‹ ›）。</translation>
    </message>
</context>
<context>
    <name>ComposePane</name>
    <message>
        <source>Untitled piece</source>
        <translation>未命名乐曲</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Import .mid…</source>
        <translation>导入 .mid…</translation>
    </message>
    <message>
        <source>Export .mid…</source>
        <translation>导出 .mid…</translation>
    </message>
    <message>
        <source>Export .wav…</source>
        <translation>导出 .wav…</translation>
    </message>
    <message>
        <source>SoundFont…</source>
        <translation>音色库…</translation>
    </message>
    <message>
        <source>Import MIDI</source>
        <translation>导入 MIDI</translation>
    </message>
    <message>
        <source>MIDI files (*.mid *.midi)</source>
        <translation>MIDI 文件 (*.mid *.midi)</translation>
    </message>
    <message>
        <source>Export MIDI</source>
        <translation>导出 MIDI</translation>
    </message>
    <message>
        <source>MIDI files (*.mid)</source>
        <translation>MIDI 文件 (*.mid)</translation>
    </message>
    <message>
        <source>Export audio</source>
        <translation>导出音频</translation>
    </message>
    <message>
        <source>WAV audio (*.wav)</source>
        <translation>WAV 音频 (*.wav)</translation>
    </message>
    <message>
        <source>Choose a SoundFont</source>
        <translation>选择音色库</translation>
    </message>
    <message>
        <source>SoundFonts (*.sf2 *.sf3)</source>
        <translation>音色库 (*.sf2 *.sf3)</translation>
    </message>
    <message>
        <source>SoundFont: %1</source>
        <translation>音色库：%1</translation>
    </message>
    <message>
        <source>Show:</source>
        <translation>显示：</translation>
    </message>
    <message>
        <source>Draw notes</source>
        <translation>绘制音符</translation>
    </message>
    <message>
        <source>Tokens of the piece</source>
        <translation>乐曲的 token</translation>
    </message>
    <message>
        <source>▶ Play</source>
        <translation>▶ 播放</translation>
    </message>
    <message>
        <source>■ Stop</source>
        <translation>■ 停止</translation>
    </message>
    <message>
        <source>Loop</source>
        <translation>循环</translation>
    </message>
    <message>
        <source>Only the generated part</source>
        <translation>只播放生成的部分</translation>
    </message>
    <message>
        <source>Tempo </source>
        <translation>速度 </translation>
    </message>
    <message>
        <source>Generate</source>
        <translation>生成</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>续写</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Max tokens </source>
        <translation>最大 token 数 </translation>
    </message>
    <message>
        <source>Piano only</source>
        <translation>仅钢琴</translation>
    </message>
    <message>
        <source>%1 model</source>
        <translation>%1 模型</translation>
    </message>
    <message>
        <source>No music model</source>
        <translation>没有音乐模型</translation>
    </message>
    <message>
        <source>%1 characters · %2 s of music</source>
        <translation>%1 个字符 · %2 秒音乐</translation>
    </message>
    <message>
        <source>%1 tokens · %2 s of music</source>
        <translation>%1 个 token · %2 秒音乐</translation>
    </message>
    <message>
        <source>Load an RWKV MIDI or ABC music model to compose.</source>
        <translation>加载 RWKV MIDI 或 ABC 音乐模型来作曲。</translation>
    </message>
    <message>
        <source>A generation is already running.</source>
        <translation>已有一个生成在运行。</translation>
    </message>
    <message>
        <source>Generating…</source>
        <translation>正在生成…</translation>
    </message>
    <message>
        <source>Generation failed: %1</source>
        <translation>生成失败：%1</translation>
    </message>
    <message>
        <source>Generated %1 tokens (%2).</source>
        <translation>已生成 %1 个 token（%2）。</translation>
    </message>
    <message>
        <source>Playing.</source>
        <translation>正在播放。</translation>
    </message>
    <message>
        <source>An ABC model is loaded: load a MIDI model to continue a .mid file.</source>
        <translation>已加载 ABC 模型：要续写 .mid 文件请加载 MIDI 模型。</translation>
    </message>
    <message>
        <source>Imported %1: %2 tokens. Press Continue to extend it.</source>
        <translation>已导入 %1：%2 个 token。点击“续写”来延伸它。</translation>
    </message>
    <message>
        <source>Cannot import: %1</source>
        <translation>无法导入：%1</translation>
    </message>
    <message>
        <source>Saved %1.</source>
        <translation>已保存 %1。</translation>
    </message>
    <message>
        <source>Rendered %1.</source>
        <translation>已渲染 %1。</translation>
    </message>
    <message>
        <source>Saved &quot;%1&quot;.</source>
        <translation>已保存“%1”。</translation>
    </message>
    <message>
        <source>Opened &quot;%1&quot;.</source>
        <translation>已打开“%1”。</translation>
    </message>
    <message>
        <source>Library…</source>
        <translation>曲库…</translation>
    </message>
</context>
<context>
    <name>DocumentService</name>
    <message>
        <source>An answer is still being written; stop it first.</source>
        <translation>回答仍在生成中；请先停止它。</translation>
    </message>
    <message>
        <source>No model is loaded: add one in Models and press Load.</source>
        <translation>没有加载模型：请在“模型”中添加一个并点击“加载”。</translation>
    </message>
    <message>
        <source>Read this document whole with the loaded model first (&quot;Read it whole&quot;).</source>
        <translation>请先用已加载的模型完整读一遍这个文档（“完整阅读”）。</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>已停止。</translation>
    </message>
    <message>
        <source>Reading was cancelled.</source>
        <translation>阅读已取消。</translation>
    </message>
    <message>
        <source>This document has not been indexed yet.</source>
        <translation>这个文档还没有建立索引。</translation>
    </message>
    <message>
        <source>Another document is being read; wait for it or cancel it.</source>
        <translation>正在读取另一个文档；请等待或取消它。</translation>
    </message>
    <message>
        <source>The search was stopped.</source>
        <translation>搜索已停止。</translation>
    </message>
</context>
<context>
    <name>DocumentsPane</name>
    <message>
        <source>New…</source>
        <translation>新建…</translation>
    </message>
    <message>
        <source>Add files…</source>
        <translation>添加文件…</translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation>添加文件夹…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Read it whole</source>
        <translation>完整阅读</translation>
    </message>
    <message>
        <source>Let the model read the selected document once, start to end; every later question about it starts from there at once.</source>
        <translation>让模型从头到尾读一遍选中的文档；之后关于它的每个问题都能立即从那里开始。</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Sources</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Ask about these documents, in any language</source>
        <translation>就这些文档提问，任何语言都可以</translation>
    </message>
    <message>
        <source>Ask</source>
        <translation>提问</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>New conversation</source>
        <translation>新对话</translation>
    </message>
    <message>
        <source>Ask the selected document (read whole)</source>
        <translation>问选中的文档（完整阅读）</translation>
    </message>
    <message>
        <source>New collection</source>
        <translation>新文档集</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Add documents</source>
        <translation>添加文档</translation>
    </message>
    <message>
        <source>Documents (*.pdf *.txt *.md *.markdown)</source>
        <translation>文档 (*.pdf *.txt *.md *.markdown)</translation>
    </message>
    <message>
        <source>Add a folder of documents</source>
        <translation>添加一个文档文件夹</translation>
    </message>
    <message>
        <source>%1 was added with the folder %2. Remove the whole folder from this collection?</source>
        <translation>%1 是随文件夹 %2 一起添加的。要从这个文档集中移除整个文件夹吗？</translation>
    </message>
    <message>
        <source>Reading the whole document…</source>
        <translation>正在完整阅读文档…</translation>
    </message>
    <message>
        <source>Read %1 files.</source>
        <translation>已读取 %1 个文件。</translation>
    </message>
    <message>
        <source>Reading %1 (%2 of %3)…</source>
        <translation>正在读取 %1（第 %2 个，共 %3 个）…</translation>
    </message>
    <message>
        <source>Embedding passages with the loaded model: %1 of %2</source>
        <translation>正在用已加载的模型嵌入段落：%1 / %2</translation>
    </message>
    <message>
        <source>Indexing was cancelled; it resumes next time.</source>
        <translation>索引已取消；下次会继续。</translation>
    </message>
    <message>
        <source>Up to date.</source>
        <translation>已是最新。</translation>
    </message>
    <message>
        <source>Read whole: questions about it now start at once.</source>
        <translation>已完整阅读：现在关于它的问题会立即开始。</translation>
    </message>
    <message>
        <source>My documents</source>
        <translation>我的文档</translation>
    </message>
    <message>
        <source>Looking for documents…</source>
        <translation>正在查找文档…</translation>
    </message>
    <message>
        <source>[%1] %2, page %3 — %4</source>
        <translation>[%1] %2，第 %3 页 — %4</translation>
    </message>
</context>
<context>
    <name>DownloadQueue</name>
    <message>
        <source>The catalog has no model called %1.</source>
        <translation>目录中没有名为 %1 的模型。</translation>
    </message>
    <message>
        <source>%1 is already in the downloads.</source>
        <translation>%1 已在下载列表中。</translation>
    </message>
    <message>
        <source>%1 is already downloaded; it is in the list of models.</source>
        <translation>%1 已下载；它在模型列表中。</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在校验…</translation>
    </message>
    <message>
        <source>Retrying</source>
        <translation>正在重试</translation>
    </message>
    <message>
        <source>Downloading</source>
        <translation>正在下载</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>Verified and saved as %1</source>
        <translation>已校验并保存为 %1</translation>
    </message>
    <message>
        <source>Getting the file&apos;s checksum from the repository…</source>
        <translation>正在从仓库获取文件的校验和…</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source> · %1/s</source>
        <translation> · %1/秒</translation>
    </message>
    <message>
        <source>Checking the %1 downloaded before</source>
        <translation>正在校验之前下载的 %1</translation>
    </message>
    <message>
        <source>Downloading %1: %2%</source>
        <translation>正在下载 %1：%2%</translation>
    </message>
    <message>
        <source>Downloading %1</source>
        <translation>正在下载 %1</translation>
    </message>
    <message numerus="yes">
        <source> (%n more waiting)</source>
        <translation>
            <numerusform>（还有 %n 个在等待）</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DownloadSettingsBox</name>
    <message>
        <source>Downloads</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Where models are downloaded from. A mirror of Hugging Face can be much faster in some countries; every file is still checked against its published sha256.</source>
        <translation>模型从哪里下载。在一些国家，Hugging Face 的镜像会快得多；每个文件仍会按其公布的 sha256 校验。</translation>
    </message>
    <message>
        <source>Use the system proxy</source>
        <translation>使用系统代理</translation>
    </message>
    <message>
        <source>Models folder</source>
        <translation>模型文件夹</translation>
    </message>
    <message>
        <source>Download from</source>
        <translation>下载来源</translation>
    </message>
    <message>
        <source>Folder for downloaded models</source>
        <translation>下载模型的文件夹</translation>
    </message>
</context>
<context>
    <name>FileDownload</name>
    <message>
        <source>Could not create the folder %1. Choose another models folder in Settings.</source>
        <translation>无法创建文件夹 %1。请在“设置”中选择其他模型文件夹。</translation>
    </message>
    <message>
        <source>The partly downloaded %1 could not be read, so it starts again.</source>
        <translation>部分下载的 %1 无法读取，因此重新开始。</translation>
    </message>
    <message>
        <source>Could not write %1: %2.</source>
        <translation>无法写入 %1：%2。</translation>
    </message>
    <message>
        <source>The server sent a different part of %1 than asked, so it starts again from the beginning.</source>
        <translation>服务器发送的 %1 片段与请求的不同，因此从头重新开始。</translation>
    </message>
    <message>
        <source>The server could not resume %1 where it stopped, so it starts again from the beginning.</source>
        <translation>服务器无法从中断处继续 %1，因此从头重新开始。</translation>
    </message>
    <message>
        <source>%1 on the server is %2, not the %3 the catalog lists: it is not the file that was asked for. Refresh the catalog and try again.</source>
        <translation>服务器上的 %1 大小为 %2，而不是目录中列出的 %3：它不是所请求的文件。请刷新目录后重试。</translation>
    </message>
    <message>
        <source>The disk is full: %1 could not be written (%2). What was downloaded is kept; free some space and press Resume.</source>
        <translation>磁盘已满：无法写入 %1（%2）。已下载的部分会保留；请腾出一些空间后点击“继续”。</translation>
    </message>
    <message>
        <source>The server no longer has the part of %1 that was missing, so it starts again.</source>
        <translation>服务器上已没有 %1 缺少的那部分，因此重新开始。</translation>
    </message>
    <message>
        <source>the connection ended early</source>
        <translation>连接提前结束</translation>
    </message>
    <message>
        <source>Could not reach %1. Check the internet connection (and the proxy in Settings → Downloads).</source>
        <translation>无法连接 %1。请检查网络连接（以及“设置 → 下载”中的代理）。</translation>
    </message>
    <message>
        <source>The proxy did not let the download through (%1). Check the proxy settings of this computer, or turn off &quot;Use the system proxy&quot; in Settings → Downloads.</source>
        <translation>代理不允许这次下载（%1）。请检查这台电脑的代理设置，或在“设置 → 下载”中关闭“使用系统代理”。</translation>
    </message>
    <message>
        <source>A secure connection to %1 could not be made (%2). The network may be intercepting it.</source>
        <translation>无法与 %1 建立安全连接（%2）。网络可能拦截了它。</translation>
    </message>
    <message>
        <source>Downloading %1 failed: %2</source>
        <translation>下载 %1 失败：%2</translation>
    </message>
    <message>
        <source>The connection kept dropping while downloading %1 (%2). The %3 downloaded so far are kept: press Resume to go on.</source>
        <translation>下载 %1 时连接反复中断（%2）。已下载的 %3 会保留：点击“继续”接着下载。</translation>
    </message>
    <message>
        <source>The connection dropped at %1 of %2 (%3); resuming in %4 s.</source>
        <translation>连接在 %1 / %2 处中断（%3）；%4 秒后继续。</translation>
    </message>
    <message>
        <source>an unknown size</source>
        <translation>未知大小</translation>
    </message>
    <message>
        <source>%1 is not the published file: its sha256 is %2, not %3. The download was damaged or the file changed on the server; it was deleted. Refresh the catalog and try again.</source>
        <translation>%1 不是发布的文件：它的 sha256 是 %2，而不是 %3。下载已损坏或服务器上的文件已改变；文件已删除。请刷新目录后重试。</translation>
    </message>
    <message>
        <source>%1 was downloaded but could not be moved into place: %2.</source>
        <translation>%1 已下载，但无法移动到目标位置：%2。</translation>
    </message>
    <message>
        <source>Not enough disk space for %1: it needs %2 more and %3 has %4 free. Free some space, or choose another models folder in Settings → Downloads.</source>
        <translation>%1 的磁盘空间不足：还需要 %2，而 %3 只剩 %4。请腾出一些空间，或在“设置 → 下载”中选择其他模型文件夹。</translation>
    </message>
</context>
<context>
    <name>FinetunePane</name>
    <message>
        <source>&lt;b&gt;Runs&lt;/b&gt;</source>
        <translation>&lt;b&gt;训练记录&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Base model&lt;/b&gt; (RWKV-7)</source>
        <translation>&lt;b&gt;基础模型&lt;/b&gt;（RWKV-7）</translation>
    </message>
    <message>
        <source>&lt;b&gt;Your text&lt;/b&gt; — drop files or folders here (.txt, .md, .jsonl)</source>
        <translation>&lt;b&gt;你的文本&lt;/b&gt; — 把文件或文件夹拖到这里（.txt、.md、.jsonl）</translation>
    </message>
    <message>
        <source>Add files…</source>
        <translation>添加文件…</translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation>添加文件夹…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>No text yet.</source>
        <translation>还没有文本。</translation>
    </message>
    <message>
        <source>Estimate time and memory</source>
        <translation>估算时间和内存</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Samples from the model appear here as it learns.</source>
        <translation>模型学习时，它写的样例会显示在这里。</translation>
    </message>
    <message>
        <source>Chat with it now</source>
        <translation>现在就和它对话</translation>
    </message>
    <message>
        <source>Export files…</source>
        <translation>导出文件…</translation>
    </message>
    <message>
        <source>&lt;b&gt;Sample&lt;/b&gt;</source>
        <translation>&lt;b&gt;样例&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Training text</source>
        <translation>训练文本</translation>
    </message>
    <message>
        <source>Text (*.txt *.md *.jsonl)</source>
        <translation>文本 (*.txt *.md *.jsonl)</translation>
    </message>
    <message>
        <source>Folder of training text</source>
        <translation>训练文本文件夹</translation>
    </message>
    <message>
        <source>Timing a few trial steps on this machine…</source>
        <translation>正在这台电脑上试运行几步来计时…</translation>
    </message>
    <message>
        <source>Export the fine-tuned files to</source>
        <translation>把微调后的文件导出到</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n file(s) to %1.</source>
        <translation>
            <numerusform>已导出 %n 个文件到 %1。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%L1 tokens in %n sample(s).</source>
        <translation>
            <numerusform>%n 个样本，共 %L1 个 token。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>About %1 for %n step(s), using about %2 of memory.</source>
        <translation>
            <numerusform>%n 步大约需要 %1，使用约 %2 内存。</numerusform>
        </translation>
    </message>
    <message>
        <source>After step %1:
%2</source>
        <translation>第 %1 步之后：
%2</translation>
    </message>
    <message>
        <source>Add a base model in Models first.</source>
        <translation>请先在“模型”中添加一个基础模型。</translation>
    </message>
    <message>
        <source>Counting tokens…</source>
        <translation>正在统计 token…</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>Finished: %1</source>
        <translation>已完成：%1</translation>
    </message>
    <message>
        <source>Paused at step %1 of %2.</source>
        <translation>已在第 %1 步（共 %2 步）暂停。</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <source>Step %1 of %2 · loss %3 · %4 tokens/s · about %5 left</source>
        <translation>第 %1 / %2 步 · 损失 %3 · %4 token/秒 · 约剩 %5</translation>
    </message>
    <message>
        <source>Training uses the processor: chat and writing are slower until it finishes or is paused. Closing the app pauses it; it resumes from its last checkpoint.</source>
        <translation>训练会占用处理器：在完成或暂停之前，对话和续写会变慢。关闭应用会暂停训练；之后从最近的检查点继续。</translation>
    </message>
</context>
<context>
    <name>FinetuneService</name>
    <message>
        <source>A fine-tuning run is already in progress: pause or cancel it first.</source>
        <translation>已有一个微调在进行：请先暂停或取消它。</translation>
    </message>
    <message>
        <source>Choose a base model and add some text to learn from first.</source>
        <translation>请先选择基础模型并添加一些要学习的文本。</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%1，基于 %2</translation>
    </message>
    <message>
        <source>A fine-tuning run is already in progress.</source>
        <translation>已有一个微调在进行。</translation>
    </message>
    <message>
        <source>Only a paused run can be resumed.</source>
        <translation>只有已暂停的训练可以继续。</translation>
    </message>
    <message>
        <source>This run has no finished result to chat with yet.</source>
        <translation>这次训练还没有可以对话的结果。</translation>
    </message>
    <message>
        <source>The result %1 is missing: it was moved or deleted.</source>
        <translation>结果 %1 不见了：它被移动或删除了。</translation>
    </message>
    <message>
        <source>%1 could not be copied to %2.</source>
        <translation>无法把 %1 复制到 %2。</translation>
    </message>
</context>
<context>
    <name>FinetuneSettingsForm</name>
    <message>
        <source>Write in this style</source>
        <translation>模仿这种文风</translation>
    </message>
    <message>
        <source>Give it a persona</source>
        <translation>给它一个角色</translation>
    </message>
    <message>
        <source>Advanced</source>
        <translation>高级</translation>
    </message>
    <message>
        <source>Learns your text&apos;s words and style with a small LoRA adapter.</source>
        <translation>用一个小的 LoRA 适配器学习你文本的用词和风格。</translation>
    </message>
    <message>
        <source>Learns who it is from your text as a starting state: tiny, fast, stackable.</source>
        <translation>从你的文本中学习它是谁，作为初始状态：很小、很快、可叠加。</translation>
    </message>
    <message>
        <source>&lt;b&gt;What to teach&lt;/b&gt;</source>
        <translation>&lt;b&gt;要教什么&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Advanced settings</source>
        <translation>高级设置</translation>
    </message>
    <message>
        <source>LoRA</source>
        <translation>LoRA</translation>
    </message>
    <message>
        <source>State tuning</source>
        <translation>状态微调</translation>
    </message>
    <message>
        <source>Full fine-tuning (small models)</source>
        <translation>全量微调（小模型）</translation>
    </message>
    <message>
        <source>float32 (exact, most memory)</source>
        <translation>float32（精确，内存最多）</translation>
    </message>
    <message>
        <source>bf16 (exact for most models, half the memory)</source>
        <translation>bf16（大多数模型精确，内存减半）</translation>
    </message>
    <message>
        <source>int8 (a quarter of the memory)</source>
        <translation>int8（四分之一内存）</translation>
    </message>
    <message>
        <source>4-bit (least memory, like QLoRA)</source>
        <translation>4 位（内存最少，类似 QLoRA）</translation>
    </message>
    <message>
        <source>How the model&apos;s own weights, which training leaves unchanged, are kept in memory.</source>
        <translation>模型自身的权重（训练不改变它们）在内存中的存放方式。</translation>
    </message>
    <message>
        <source>LoRA rank: larger learns more and needs more memory.</source>
        <translation>LoRA 秩：越大学得越多，需要的内存也越多。</translation>
    </message>
    <message>
        <source>LoRA alpha: the adapter is scaled by alpha / rank.</source>
        <translation>LoRA alpha：适配器按 alpha / 秩 缩放。</translation>
    </message>
    <message>
        <source>LoRA dropout: the share of the adapter&apos;s inputs hidden at each step, against overfitting.</source>
        <translation>LoRA dropout：每一步隐藏的适配器输入比例，用来防止过拟合。</translation>
    </message>
    <message>
        <source>Also train the layer norms</source>
        <translation>同时训练层归一化</translation>
    </message>
    <message>
        <source>Learning rate at the start (after warm-up).</source>
        <translation>开始时的学习率（预热之后）。</translation>
    </message>
    <message>
        <source>Learning rate at the end (cosine decay).</source>
        <translation>结束时的学习率（余弦衰减）。</translation>
    </message>
    <message>
        <source>Steps over which the rate ramps up.</source>
        <translation>学习率逐步升高的步数。</translation>
    </message>
    <message>
        <source>Passes over your text.</source>
        <translation>遍历你的文本的次数。</translation>
    </message>
    <message>
        <source>Optimizer steps; 0 = from the epochs.</source>
        <translation>优化步数；0 = 按轮数计算。</translation>
    </message>
    <message>
        <source>Tokens per sample.</source>
        <translation>每个样本的 token 数。</translation>
    </message>
    <message>
        <source>Samples per step.</source>
        <translation>每步的样本数。</translation>
    </message>
    <message>
        <source>Batches added up before each step.</source>
        <translation>每步之前累加的批次数。</translation>
    </message>
    <message>
        <source>Largest gradient norm; 0 = no clipping.</source>
        <translation>梯度范数上限；0 = 不裁剪。</translation>
    </message>
    <message>
        <source>Share of the samples kept aside to measure progress.</source>
        <translation>留出来衡量进展的样本比例。</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <source>Base weights</source>
        <translation>基础权重</translation>
    </message>
    <message>
        <source>LoRA rank</source>
        <translation>LoRA 秩</translation>
    </message>
    <message>
        <source>LoRA alpha</source>
        <translation>LoRA alpha</translation>
    </message>
    <message>
        <source>LoRA dropout</source>
        <translation>LoRA dropout</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Final learning rate</source>
        <translation>最终学习率</translation>
    </message>
    <message>
        <source>Warm-up steps</source>
        <translation>预热步数</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>轮数</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>Context length</source>
        <translation>上下文长度</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>Accumulation</source>
        <translation>梯度累积</translation>
    </message>
    <message>
        <source>Gradient clipping</source>
        <translation>梯度裁剪</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Validation share</source>
        <translation>验证集比例</translation>
    </message>
</context>
<context>
    <name>FinetuneWorker</name>
    <message>
        <source>Reading the training data</source>
        <translation>正在读取训练数据</translation>
    </message>
    <message>
        <source>Estimating the run</source>
        <translation>正在估算训练</translation>
    </message>
    <message>
        <source>Fine-tuning</source>
        <translation>微调</translation>
    </message>
</context>
<context>
    <name>InferenceWorker</name>
    <message>
        <source>The model was replaced while this was running.</source>
        <translation>运行期间模型被替换了。</translation>
    </message>
    <message>
        <source>%1 has a vocabulary of %2 tokens, which matches no built-in tokenizer; choose its tokenizer file (tokenizer.json or rwkv_vocab*.txt) in Models</source>
        <translation>%1 的词表有 %2 个 token，不匹配任何内置分词器；请在“模型”中选择它的分词器文件（tokenizer.json 或 rwkv_vocab*.txt）</translation>
    </message>
    <message>
        <source>the %1 tokenizer has %2 tokens but %3 only knows %4</source>
        <translation>%1 分词器有 %2 个 token，但 %3 只认识 %4 个</translation>
    </message>
    <message>
        <source>Loading %1</source>
        <translation>正在加载 %1</translation>
    </message>
    <message>
        <source>The model was unloaded while this was running.</source>
        <translation>运行期间模型被卸载了。</translation>
    </message>
    <message>
        <source>No model is loaded: add one in Models and press Load.</source>
        <translation>没有加载模型：请在“模型”中添加一个并点击“加载”。</translation>
    </message>
    <message>
        <source>Reading the documents</source>
        <translation>读取文档</translation>
    </message>
    <message>
        <source>Generating</source>
        <translation>生成</translation>
    </message>
    <message>
        <source>There is no text to continue from: the prompt is empty.</source>
        <translation>没有可续写的文本：提示为空。</translation>
    </message>
    <message>
        <source>Saving the reply</source>
        <translation>保存回复</translation>
    </message>
</context>
<context>
    <name>LocalApiService</name>
    <message>
        <source>The API server is off.</source>
        <translation>API 服务器已关闭。</translation>
    </message>
    <message numerus="yes">
        <source>Serving %1 at %2 · %n request(s) answered · %3 tokens/s</source>
        <translation>
            <numerusform>正在 %2 提供 %1 · 已回答 %n 个请求 · %3 token/秒</numerusform>
        </translation>
    </message>
    <message>
        <source>no model yet</source>
        <translation>还没有模型</translation>
    </message>
</context>
<context>
    <name>LossChart</name>
    <message>
        <source>Training loss</source>
        <translation>训练损失</translation>
    </message>
    <message>
        <source>Validation loss</source>
        <translation>验证损失</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>步</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>RWKV Studio</source>
        <translation>RWKV Studio</translation>
    </message>
    <message>
        <source>Chat</source>
        <translation>对话</translation>
    </message>
    <message>
        <source>Write</source>
        <translation>续写</translation>
    </message>
    <message>
        <source>Compose</source>
        <translation>作曲</translation>
    </message>
    <message>
        <source>Fine-tune</source>
        <translation>微调</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>文档</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>API: %1</source>
        <translation>API：%1</translation>
    </message>
    <message>
        <source>%1: coming in a later version</source>
        <translation>%1：将在以后的版本中提供</translation>
    </message>
    <message>
        <source>Loading model…</source>
        <translation>正在加载模型…</translation>
    </message>
    <message>
        <source>Model: %1 (RWKV v%2, %3)</source>
        <translation>模型：%1（RWKV v%2，%3）</translation>
    </message>
    <message>
        <source>No model loaded — get or add one in Models</source>
        <translation>没有加载模型 — 请在“模型”中获取或添加一个</translation>
    </message>
</context>
<context>
    <name>MarkdownView</name>
    <message>
        <source>code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copy this code</source>
        <translation>复制这段代码</translation>
    </message>
</context>
<context>
    <name>MessageListModel</name>
    <message>
        <source>Unfinished: RWKV Studio closed while this reply was being written</source>
        <translation>未完成：写这条回复时 RWKV Studio 关闭了</translation>
    </message>
</context>
<context>
    <name>MessageWidget</name>
    <message>
        <source>Previous branch</source>
        <translation>上一个分支</translation>
    </message>
    <message>
        <source>Next branch</source>
        <translation>下一个分支</translation>
    </message>
    <message>
        <source>Copy the message</source>
        <translation>复制这条消息</translation>
    </message>
    <message>
        <source>Edit: the chat branches from here</source>
        <translation>编辑：对话从这里分支</translation>
    </message>
    <message>
        <source>Write another reply (a new branch)</source>
        <translation>再写一个回复（新分支）</translation>
    </message>
    <message>
        <source>Delete this message and what follows</source>
        <translation>删除这条消息及其后的内容</translation>
    </message>
    <message>
        <source>Save and send</source>
        <translation>保存并发送</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>助手</translation>
    </message>
    <message>
        <source>System</source>
        <translation>系统</translation>
    </message>
    <message>
        <source>Thinking…</source>
        <translation>思考中…</translation>
    </message>
    <message>
        <source>Thought for a while — show reasoning</source>
        <translation>思考了一会儿 — 显示推理过程</translation>
    </message>
    <message>
        <source>…</source>
        <translation>…</translation>
    </message>
</context>
<context>
    <name>ModelLibrary</name>
    <message>
        <source>Loading… %1%</source>
        <translation>正在加载… %1%</translation>
    </message>
    <message>
        <source>Loaded</source>
        <translation>已加载</translation>
    </message>
    <message>
        <source>File missing</source>
        <translation>文件不见了</translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <source>Not loaded</source>
        <translation>未加载</translation>
    </message>
    <message>
        <source>%1 is not a model file: RWKV Studio opens .pth and .safetensors checkpoints.</source>
        <translation>%1 不是模型文件：RWKV Studio 打开 .pth 和 .safetensors 检查点。</translation>
    </message>
    <message>
        <source>%1 does not exist or is not a file.</source>
        <translation>%1 不存在或不是文件。</translation>
    </message>
    <message>
        <source>%1 is already in the list.</source>
        <translation>%1 已在列表中。</translation>
    </message>
</context>
<context>
    <name>ModelsPane</name>
    <message>
        <source>My models</source>
        <translation>我的模型</translation>
    </message>
    <message>
        <source>Get models</source>
        <translation>获取模型</translation>
    </message>
    <message>
        <source>Add model files…</source>
        <translation>添加模型文件…</translation>
    </message>
    <message>
        <source>Add .pth or .safetensors checkpoints (or drop them here)</source>
        <translation>添加 .pth 或 .safetensors 检查点（或拖到这里）</translation>
    </message>
    <message>
        <source>Remove from list</source>
        <translation>从列表中移除</translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>Automatic: bytes for 256 tokens, the World vocabulary for 65,536. Type a path to a tokenizer.json or rwkv_vocab*.txt otherwise.</source>
        <translation>自动：256 个 token 用字节分词，65,536 个用 World 词表。否则请输入 tokenizer.json 或 rwkv_vocab*.txt 的路径。</translation>
    </message>
    <message>
        <source>Tokenizer</source>
        <translation>分词器</translation>
    </message>
    <message>
        <source>as stored in the file</source>
        <translation>按文件中的格式</translation>
    </message>
    <message>
        <source>float32 (exact, largest)</source>
        <translation>float32（精确，最大）</translation>
    </message>
    <message>
        <source>bfloat16</source>
        <translation>bfloat16</translation>
    </message>
    <message>
        <source>float16</source>
        <translation>float16</translation>
    </message>
    <message>
        <source>8-bit (smaller, faster)</source>
        <translation>8 位（更小、更快）</translation>
    </message>
    <message>
        <source>4-bit (smallest)</source>
        <translation>4 位（最小）</translation>
    </message>
    <message>
        <source>How the weights are held in memory while the model runs. Converted weights are cached next to the model so the next load is quick.</source>
        <translation>模型运行时权重在内存中的存放方式。转换后的权重缓存在模型旁边，下次加载会很快。</translation>
    </message>
    <message>
        <source>Weights in memory</source>
        <translation>内存中的权重</translation>
    </message>
    <message>
        <source>Load</source>
        <translation>加载</translation>
    </message>
    <message>
        <source>Unload</source>
        <translation>卸载</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Get models…</source>
        <translation>获取模型…</translation>
    </message>
    <message>
        <source>Download RWKV models, with how fast each will run on this computer</source>
        <translation>下载 RWKV 模型，并显示每个模型在这台电脑上的运行速度</translation>
    </message>
    <message>
        <source>Add model files</source>
        <translation>添加模型文件</translation>
    </message>
    <message>
        <source>RWKV checkpoints (*.pth *.safetensors)</source>
        <translation>RWKV 检查点 (*.pth *.safetensors)</translation>
    </message>
    <message>
        <source>&lt;h3&gt;No models yet&lt;/h3&gt;</source>
        <translation>&lt;h3&gt;还没有模型&lt;/h3&gt;</translation>
    </message>
    <message>
        <source>Get a model from the catalog (Get models…), or add an RWKV checkpoint you already have (.pth or .safetensors, versions 4 to 7). Files stay where they are; RWKV Studio remembers them.</source>
        <translation>从目录获取一个模型（获取模型…），或添加你已有的 RWKV 检查点（.pth 或 .safetensors，版本 4 到 7）。文件留在原处；RWKV Studio 会记住它们。</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>架构</translation>
    </message>
    <message>
        <source>RWKV v%1</source>
        <translation>RWKV v%1</translation>
    </message>
    <message>
        <source>Shape</source>
        <translation>形状</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>Stored as</source>
        <translation>存储格式</translation>
    </message>
    <message>
        <source>File size</source>
        <translation>文件大小</translation>
    </message>
    <message>
        <source>Memory needed</source>
        <translation>所需内存</translation>
    </message>
    <message>
        <source>about %1 (weights as %2, plus %3 per conversation state)</source>
        <translation>约 %1（权重按 %2，另加每个对话状态 %3）</translation>
    </message>
    <message>
        <source>Runs on</source>
        <translation>运行在</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
</context>
<context>
    <name>PageViewer</name>
    <message>
        <source>%1, page %2</source>
        <translation>%1，第 %2 页</translation>
    </message>
</context>
<context>
    <name>PdfReader</name>
    <message>
        <source>Page %1 of %2 could not be read.</source>
        <translation>无法读取第 %1 页（共 %2 页）。</translation>
    </message>
    <message>
        <source>%1 could not be read: the PDF reader (%2) did not start.</source>
        <translation>无法读取 %1：PDF 读取器（%2）没有启动。</translation>
    </message>
    <message>
        <source>Reading %1 was cancelled.</source>
        <translation>读取 %1 已取消。</translation>
    </message>
    <message>
        <source>%1 is password-protected: save a copy without the password in a PDF viewer and add that.</source>
        <translation>%1 有密码保护：请在 PDF 阅读器中另存一份不带密码的副本再添加。</translation>
    </message>
    <message>
        <source>%1 could not be read: it is damaged, incomplete or not a PDF.</source>
        <translation>无法读取 %1：它已损坏、不完整或不是 PDF。</translation>
    </message>
    <message>
        <source>%1 could not be read: opening it took too long.</source>
        <translation>无法读取 %1：打开时间过长。</translation>
    </message>
    <message>
        <source>%1 could not be read: the PDF reader failed on it.</source>
        <translation>无法读取 %1：PDF 读取器处理它时出错。</translation>
    </message>
    <message>
        <source>Page %1 of %2 took too long to read.</source>
        <translation>第 %1 页（共 %2 页）读取时间过长。</translation>
    </message>
    <message>
        <source>Page %1 of %2 is a scanned image: its text was read by OCR and may have mistakes.</source>
        <translation>第 %1 页（共 %2 页）是扫描图像：文字由 OCR 识别，可能有错误。</translation>
    </message>
    <message>
        <source>Page %1 of %2 has no text: it is probably a scanned image.</source>
        <translation>第 %1 页（共 %2 页）没有文字：它可能是扫描图像。</translation>
    </message>
    <message>
        <source>Page %1 of %2 could not be shown.</source>
        <translation>无法显示第 %1 页（共 %2 页）。</translation>
    </message>
</context>
<context>
    <name>Presets</name>
    <message>
        <source>Writer</source>
        <translation>作家</translation>
    </message>
    <message>
        <source>Focused</source>
        <translation>专注</translation>
    </message>
    <message>
        <source>Adventurous</source>
        <translation>大胆</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>%1 tokens/s · %2 tokens</source>
        <translation>%1 token/秒 · %2 个 token</translation>
    </message>
    <message>
        <source>%1 has a vocabulary of %2 tokens, which matches no built-in tokenizer; choose its tokenizer file in Models</source>
        <translation>%1 的词表有 %2 个 token，不匹配任何内置分词器；请在“模型”中选择它的分词器文件</translation>
    </message>
    <message>
        <source>Automatic (a GPU when there is one, else the CPU)</source>
        <translation>自动（有 GPU 时用 GPU，否则用 CPU）</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>GPU %1: %2 (%3)</source>
        <translation>GPU %1：%2（%3）</translation>
    </message>
    <message>
        <source>, emulated on the CPU: slower than the CPU engine</source>
        <translation>，在 CPU 上模拟：比 CPU 引擎还慢</translation>
    </message>
    <message>
        <source>No Vulkan GPU was found.</source>
        <translation>没有找到 Vulkan GPU。</translation>
    </message>
    <message>
        <source>GPU: %1</source>
        <translation>GPU：%1</translation>
    </message>
    <message>
        <source>%1 was cancelled.</source>
        <translation>%1 已取消。</translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 失败：%2</translation>
    </message>
    <message>
        <source>%1 failed: there is not enough memory. Close other programs or choose a smaller model.</source>
        <translation>%1 失败：内存不足。请关闭其他程序或选择更小的模型。</translation>
    </message>
    <message>
        <source>%1 failed for an unknown reason.</source>
        <translation>%1 因未知原因失败。</translation>
    </message>
    <message>
        <source>1 head × %1</source>
        <translation>1 个头 × %1</translation>
    </message>
    <message>
        <source>%1 heads × %2</source>
        <translation>%1 个头 × %2</translation>
    </message>
    <message>
        <source>no heads (v4)</source>
        <translation>无头（v4）</translation>
    </message>
    <message>
        <source>%1 layers · D%2 · %3 · vocabulary %4</source>
        <translation>%1 层 · D%2 · %3 · 词表 %4</translation>
    </message>
    <message>
        <source>%1 s left</source>
        <translation>剩余 %1 秒</translation>
    </message>
    <message>
        <source>%1 min left</source>
        <translation>剩余 %1 分钟</translation>
    </message>
    <message>
        <source>%1 h %2 min left</source>
        <translation>剩余 %1 小时 %2 分钟</translation>
    </message>
    <message>
        <source>%1 is not on %2 (404). The catalog may be out of date: refresh it, or check the address.</source>
        <translation>%2 上没有 %1（404）。目录可能已过时：请刷新它，或检查地址。</translation>
    </message>
    <message>
        <source>%1 refused to send %2 (%3). The file may need a login, or the mirror does not allow it.</source>
        <translation>%1 拒绝发送 %2（%3）。这个文件可能需要登录，或者镜像不允许下载。</translation>
    </message>
    <message>
        <source>%1 is limiting downloads right now (429). Try again in a few minutes.</source>
        <translation>%1 目前正在限制下载（429）。请过几分钟再试。</translation>
    </message>
    <message>
        <source>%1 had a problem sending %2 (error %3). Try again later, or choose a mirror in Settings.</source>
        <translation>%1 发送 %2 时出错（错误 %3）。请稍后再试，或在“设置”中选择镜像。</translation>
    </message>
    <message>
        <source>%1 answered %2 for %3.</source>
        <translation>%1 对 %3 的应答是 %2。</translation>
    </message>
    <message>
        <source>the GPU has</source>
        <translation>GPU 有</translation>
    </message>
    <message>
        <source>this computer has</source>
        <translation>这台电脑有</translation>
    </message>
    <message>
        <source>too big here with %1: needs %2, %3 %4</source>
        <translation>用 %1 在这里太大：需要 %2，%3 %4</translation>
    </message>
    <message>
        <source>about %1 tokens/s here with %2</source>
        <translation>用 %2 在这里约 %1 token/秒</translation>
    </message>
    <message>
        <source>fits here with %1</source>
        <translation>用 %1 在这里放得下</translation>
    </message>
    <message>
        <source> (needs %1)</source>
        <translation>（需要 %1）</translation>
    </message>
    <message>
        <source>, leaving little memory for other programs</source>
        <translation>，给其他程序留下的内存很少</translation>
    </message>
    <message>
        <source>The model catalog is not valid JSON with an &quot;entries&quot; list (%1).</source>
        <translation>模型目录不是带 &quot;entries&quot; 列表的有效 JSON（%1）。</translation>
    </message>
    <message>
        <source>no entries</source>
        <translation>没有条目</translation>
    </message>
    <message>
        <source>Entry %1 of the model catalog is incomplete (it needs an id, a name, where to download it and, for a model, its shape).</source>
        <translation>模型目录的第 %1 个条目不完整（需要 id、名称、下载位置，如果是模型还需要它的形状）。</translation>
    </message>
    <message>
        <source>The repository listing is not the list of files it should be.</source>
        <translation>仓库的列表不是应有的文件列表。</translation>
    </message>
    <message>
        <source>Reading %1</source>
        <translation>正在读取 %1</translation>
    </message>
    <message numerus="yes">
        <source>%n character(s)</source>
        <translation>
            <numerusform>%n 个字符</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 — waiting to be read</source>
        <translation>%1 — 等待读取</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>%1 — 1 page</source>
        <translation>%1 — 1 页</translation>
    </message>
    <message>
        <source>%1 — %2 pages</source>
        <translation>%1 — %2 页</translation>
    </message>
    <message>
        <source>, 1 passage</source>
        <translation>，1 个段落</translation>
    </message>
    <message>
        <source>, %1 passages</source>
        <translation>，%1 个段落</translation>
    </message>
    <message>
        <source>; page %1 read by OCR</source>
        <translation>；第 %1 页由 OCR 识别</translation>
    </message>
    <message>
        <source>; no text on page %1 (scanned?)</source>
        <translation>；第 %1 页没有文字（扫描件？）</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分钟</translation>
    </message>
    <message>
        <source>Chat, writing, thinking</source>
        <translation>对话、写作、思考</translation>
    </message>
    <message>
        <source>Continuing text, fine-tuning</source>
        <translation>续写文本、微调</translation>
    </message>
    <message>
        <source>Music (MIDI)</source>
        <translation>音乐（MIDI）</translation>
    </message>
    <message>
        <source>Music (ABC)</source>
        <translation>音乐（ABC）</translation>
    </message>
    <message>
        <source>Tokenizer</source>
        <translation>分词器</translation>
    </message>
    <message>
        <source>too big</source>
        <translation>太大</translation>
    </message>
    <message>
        <source>%1 tok/s · %2</source>
        <translation>%1 token/秒 · %2</translation>
    </message>
    <message>
        <source> (tight)</source>
        <translation>（较紧张）</translation>
    </message>
</context>
<context>
    <name>SamplingPanel</name>
    <message>
        <source>Higher is more random; 0 always picks the likeliest token.</source>
        <translation>越高越随机；0 总是选最可能的 token。</translation>
    </message>
    <message>
        <source>Only the likeliest tokens whose probabilities add up to this are drawn.</source>
        <translation>只从概率加起来达到这个值的最可能的 token 中抽取。</translation>
    </message>
    <message>
        <source>Penalty for any token already used: encourages new topics.</source>
        <translation>对任何已用过的 token 的惩罚：鼓励新话题。</translation>
    </message>
    <message>
        <source>Penalty growing with each use of a token: discourages repetition.</source>
        <translation>随每次使用而增加的惩罚：减少重复。</translation>
    </message>
    <message>
        <source>Penalties fade by this factor every token.</source>
        <translation>惩罚每个 token 按这个系数衰减。</translation>
    </message>
    <message>
        <source>random</source>
        <translation>随机</translation>
    </message>
    <message>
        <source>A fixed seed repeats the same text for the same prompt; empty draws a new one.</source>
        <translation>固定种子会让同一提示得到同样的文本；留空则每次重新抽取。</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <source>Top-p</source>
        <translation>Top-p</translation>
    </message>
    <message>
        <source>Presence penalty</source>
        <translation>存在惩罚</translation>
    </message>
    <message>
        <source>Frequency penalty</source>
        <translation>频率惩罚</translation>
    </message>
    <message>
        <source>Penalty decay</source>
        <translation>惩罚衰减</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Defaults</source>
        <translation>默认值</translation>
    </message>
    <message>
        <source>Keep writing</source>
        <translation>一直写</translation>
    </message>
    <message>
        <source>Never end the text by itself: it goes on until the length above or until you stop it.</source>
        <translation>文本不会自行结束：一直写到上面的长度，或直到你停止它。</translation>
    </message>
</context>
<context>
    <name>SettingsPane</name>
    <message>
        <source>General</source>
        <translation>常规</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>Load the last used model when RWKV Studio starts</source>
        <translation>RWKV Studio 启动时加载上次使用的模型</translation>
    </message>
    <message>
        <source>Automatic (a GPU when there is one, else the CPU)</source>
        <translation>自动（有 GPU 时用 GPU，否则用 CPU）</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Looking for GPUs…</source>
        <translation>正在查找 GPU…</translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation>外观</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Run models on</source>
        <translation>运行模型的设备</translation>
    </message>
    <message>
        <source>Chats and documents</source>
        <translation>对话和文档</translation>
    </message>
    <message>
        <source>Personas for new chats</source>
        <translation>新对话的角色</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Fed as &quot;System: …&quot; before the conversation. May be empty.</source>
        <translation>在对话之前作为“System: …”输入。可以为空。</translation>
    </message>
    <message>
        <source>Example turns, one per line:
User: …
Assistant: …</source>
        <translation>示例对话，每行一条：
User: …
Assistant: …</translation>
    </message>
    <message>
        <source>Save persona</source>
        <translation>保存角色</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>System text</source>
        <translation>系统文本</translation>
    </message>
    <message>
        <source>Example turns</source>
        <translation>示例对话</translation>
    </message>
    <message>
        <source>New persona %1</source>
        <translation>新角色 %1</translation>
    </message>
    <message>
        <source>A change applies when the next model loads.</source>
        <translation>更改将在下次加载模型时生效。</translation>
    </message>
</context>
<context>
    <name>StateStorageBox</name>
    <message>
        <source>Saved model states</source>
        <translation>保存的模型状态</translation>
    </message>
    <message>
        <source>Chats keep the model&apos;s memory after their messages, so they reopen and branch without reading everything again. Older messages keep fewer of them; when the budget is reached, the chats used least recently give theirs up first (they are then read again from their text).</source>
        <translation>对话会保存模型在每条消息之后的记忆，因此重新打开和分支时不用把所有内容再读一遍。较早的消息保存得少一些；达到上限时，最久未使用的对话先放弃它们的状态（之后会从文本重新读取）。</translation>
    </message>
    <message>
        <source> GB</source>
        <translation> GB</translation>
    </message>
    <message>
        <source>At most</source>
        <translation>最多</translation>
    </message>
    <message>
        <source>In use</source>
        <translation>已用</translation>
    </message>
</context>
<context>
    <name>TextFileReader</name>
    <message>
        <source>%1 could not be opened: %2</source>
        <translation>无法打开 %1：%2</translation>
    </message>
    <message>
        <source>%1 is too large to be a text document.</source>
        <translation>%1 太大，不像是文本文档。</translation>
    </message>
    <message>
        <source>%1 is not a text file.</source>
        <translation>%1 不是文本文件。</translation>
    </message>
</context>
<context>
    <name>WelcomeView</name>
    <message>
        <source>&lt;h2&gt;Welcome to RWKV Studio&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;欢迎使用 RWKV Studio&lt;/h2&gt;</translation>
    </message>
    <message>
        <source>RWKV Studio runs language models on this computer. Nothing you type leaves it. To begin, it needs a model.</source>
        <translation>RWKV Studio 在这台电脑上运行语言模型。你输入的内容不会离开这台电脑。开始之前，需要一个模型。</translation>
    </message>
    <message>
        <source>Add a model file…</source>
        <translation>添加模型文件…</translation>
    </message>
    <message>
        <source>Already have an RWKV checkpoint (.pth or .safetensors)? Use it where it is; nothing is downloaded.</source>
        <translation>已经有 RWKV 检查点（.pth 或 .safetensors）？直接在原处使用；不会下载任何东西。</translation>
    </message>
    <message>
        <source>See all models…</source>
        <translation>查看所有模型…</translation>
    </message>
    <message>
        <source>Every model with its size and how fast it will run here: larger ones for better answers, music models for Compose.</source>
        <translation>每个模型的大小以及它在这里的运行速度：大模型回答更好，音乐模型用于作曲。</translation>
    </message>
    <message>
        <source>Downloaded and checked. Loading…</source>
        <translation>已下载并校验。正在加载…</translation>
    </message>
    <message>
        <source>No model in the catalog fits this computer comfortably; see all models to choose one.</source>
        <translation>目录中没有能在这台电脑上舒适运行的模型；请查看所有模型自行选择。</translation>
    </message>
    <message>
        <source>Download %1 (%2)</source>
        <translation>下载 %1（%2）</translation>
    </message>
    <message>
        <source>Download %1</source>
        <translation>下载 %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;Recommended for this computer: %1.&lt;/b&gt; %2</source>
        <translation>&lt;b&gt;推荐这台电脑使用：%1。&lt;/b&gt;%2</translation>
    </message>
    <message>
        <source>Measuring how fast it will run here…</source>
        <translation>正在测量它在这里的运行速度…</translation>
    </message>
    <message>
        <source>It is downloaded from Hugging Face (or the mirror in Settings) with its vocabulary, checked against its published checksum, and loaded.</source>
        <translation>它会连同词表从 Hugging Face（或设置中的镜像）下载，按公布的校验和校验，然后加载。</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Add a model file</source>
        <translation>添加模型文件</translation>
    </message>
    <message>
        <source>RWKV checkpoints (*.pth *.safetensors)</source>
        <translation>RWKV 检查点 (*.pth *.safetensors)</translation>
    </message>
</context>
<context>
    <name>WritePane</name>
    <message>
        <source>New document</source>
        <translation>新建文档</translation>
    </message>
    <message>
        <source>New chapter</source>
        <translation>新建章节</translation>
    </message>
    <message>
        <source>&lt;b&gt;Manuscripts&lt;/b&gt;</source>
        <translation>&lt;b&gt;稿件&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Chapters&lt;/b&gt;</source>
        <translation>&lt;b&gt;章节&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Start your story here, then press Continue (Ctrl+Enter).</source>
        <translation>在这里开始你的故事，然后点击“续写”（Ctrl+Enter）。</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>续写</translation>
    </message>
    <message>
        <source>Continue the text at the cursor (Ctrl+Enter)</source>
        <translation>在光标处续写文本（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>Accept</source>
        <translation>接受</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Write several continuations at once (one pass over the model for all) and choose</source>
        <translation>一次写出多个续写（模型一遍算出全部）供你选择</translation>
    </message>
    <message>
        <source>One continuation</source>
        <translation>一个续写</translation>
    </message>
    <message>
        <source>%1 alternatives</source>
        <translation>%1 个备选</translation>
    </message>
    <message>
        <source>Length (tokens)</source>
        <translation>长度（token）</translation>
    </message>
    <message>
        <source>&lt;b&gt;Writing preset&lt;/b&gt;</source>
        <translation>&lt;b&gt;写作预设&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Untitled novel</source>
        <translation>未命名小说</translation>
    </message>
    <message>
        <source>Chapter %1</source>
        <translation>第 %1 章</translation>
    </message>
    <message>
        <source>%1 tokens/s · %2 tokens</source>
        <translation>%1 token/秒 · %2 个 token</translation>
    </message>
    <message>
        <source>Reading the chapter… %1 of %2 tokens</source>
        <translation>正在读取章节… %1 / %2 个 token</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <source>Rename manuscript</source>
        <translation>重命名稿件</translation>
    </message>
    <message>
        <source>Rename chapter</source>
        <translation>重命名章节</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Delete &quot;%1&quot; with all its chapters?</source>
        <translation>删除“%1”及其所有章节？</translation>
    </message>
    <message>
        <source>Delete the chapter &quot;%1&quot;?</source>
        <translation>删除章节“%1”？</translation>
    </message>
</context>
<context>
    <name>WriteService</name>
    <message>
        <source>Chapter 1</source>
        <translation>第 1 章</translation>
    </message>
    <message>
        <source>The chapters after this one will read this change the next time you continue them.</source>
        <translation>下次续写后面的章节时，它们会读到这处修改。</translation>
    </message>
    <message>
        <source>This chapter&apos;s saved state was made with another model, so its text is read again.</source>
        <translation>这一章保存的状态来自另一个模型，因此会重新读取它的文本。</translation>
    </message>
    <message>
        <source>A continuation is still being written: stop it first (Esc).</source>
        <translation>续写仍在生成中：请先停止它（Esc）。</translation>
    </message>
    <message>
        <source>No model is loaded: add one in Models and press Load.</source>
        <translation>没有加载模型：请在“模型”中添加一个并点击“加载”。</translation>
    </message>
    <message>
        <source>Create or open a chapter first.</source>
        <translation>请先新建或打开一个章节。</translation>
    </message>
    <message>
        <source>Write a few words first: the model continues your text.</source>
        <translation>请先写几个字：模型会接着你的文字写下去。</translation>
    </message>
</context>
</TS>
