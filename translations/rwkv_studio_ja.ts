<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja" sourcelanguage="en">
<context>
    <name>AlternativesView</name>
    <message>
        <source>Alternative %1</source>
        <translation>候補 %1</translation>
    </message>
    <message>
        <source>Show this alternative in the text</source>
        <translation>この候補を本文に表示</translation>
    </message>
    <message>
        <source>Use this</source>
        <translation>これを使う</translation>
    </message>
    <message>
        <source>Insert this alternative at the cursor</source>
        <translation>この候補をカーソル位置に挿入</translation>
    </message>
</context>
<context>
    <name>ApiServerBox</name>
    <message>
        <source>Local API server</source>
        <translation>ローカル API サーバー</translation>
    </message>
    <message>
        <source>Serve the loaded model to other programs through the OpenAI API</source>
        <translation>読み込んだモデルを OpenAI API で他のプログラムに提供</translation>
    </message>
    <message>
        <source>Editor plugins, note apps and scripts that speak the OpenAI API can use the model RWKV Studio has loaded, at the address below.</source>
        <translation>OpenAI API に対応したエディタのプラグイン、ノートアプリ、スクリプトが、下のアドレスで RWKV Studio の読み込んだモデルを使えます。</translation>
    </message>
    <message>
        <source>Optional: programs must then send this key</source>
        <translation>任意：設定するとプログラムはこのキーを送る必要があります</translation>
    </message>
    <message>
        <source>Let other computers on the network connect</source>
        <translation>ネットワーク上の他のコンピューターからの接続を許可</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>ポート</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API キー</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Anyone who can reach this computer on port %1 can use the model, and nothing stops them. Set an API key, and only allow this on a network you trust.</source>
        <translation>このコンピューターのポート %1 に届く人は誰でも、制限なくモデルを使えます。API キーを設定し、信頼できるネットワークでだけ許可してください。</translation>
    </message>
    <message>
        <source>Other computers that know the key can use the model on port %1. The connection is not encrypted: use this only on a network you trust.</source>
        <translation>キーを知っている他のコンピューターがポート %1 でモデルを使えます。接続は暗号化されていません。信頼できるネットワークでだけ使ってください。</translation>
    </message>
</context>
<context>
    <name>AppServices</name>
    <message>
        <source>%1 is damaged and could not be read. A copy was kept as %2, and RWKV Studio started with a new, empty database.</source>
        <translation>%1 は破損していて読み込めませんでした。コピーを %2 として残し、RWKV Studio は新しい空のデータベースで起動しました。</translation>
    </message>
    <message>
        <source>%1 Chats and documents will not be kept after you quit.</source>
        <translation>%1 終了後、チャットと文書は保存されません。</translation>
    </message>
</context>
<context>
    <name>CatalogService</name>
    <message>
        <source>Could not get the file list of %1 from %2: %3</source>
        <translation>%2 から %1 のファイル一覧を取得できませんでした：%3</translation>
    </message>
    <message>
        <source>The file list of %1 could not be read: %2</source>
        <translation>%1 のファイル一覧を読み込めませんでした：%2</translation>
    </message>
    <message>
        <source>The catalog has no model called %1.</source>
        <translation>カタログに %1 というモデルはありません。</translation>
    </message>
    <message>
        <source>%1 is not in the file list of %2, so it cannot be checked after download. Refresh the catalog or choose another model.</source>
        <translation>%1 は %2 のファイル一覧にないため、ダウンロード後に検証できません。カタログを更新するか、別のモデルを選んでください。</translation>
    </message>
</context>
<context>
    <name>CatalogView</name>
    <message>
        <source>Refresh the list</source>
        <translation>一覧を更新</translation>
    </message>
    <message>
        <source>Ask Hugging Face (or the mirror in Settings) for the newest releases and their checksums</source>
        <translation>Hugging Face（または設定のミラー）に最新のリリースとチェックサムを問い合わせる</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <source>For</source>
        <translation>用途</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>ダウンロード</translation>
    </message>
    <message>
        <source>Here with %1</source>
        <translation>このマシンで %1</translation>
    </message>
    <message>
        <source>16-bit (bf16): best quality</source>
        <translation>16 ビット（bf16）：最高品質</translation>
    </message>
    <message>
        <source>8-bit: half the memory, faster</source>
        <translation>8 ビット：メモリ半分、より高速</translation>
    </message>
    <message>
        <source>4-bit: smallest and fastest</source>
        <translation>4 ビット：最小・最速</translation>
    </message>
    <message>
        <source>How the weights are held in memory when the model runs. The file is the same; you can change this later in My models.</source>
        <translation>モデル実行時に重みをメモリにどう保持するか。ファイルは同じで、後で「マイモデル」で変更できます。</translation>
    </message>
    <message>
        <source>Run it with</source>
        <translation>実行形式</translation>
    </message>
    <message>
        <source>&lt;b&gt;Downloads&lt;/b&gt;</source>
        <translation>&lt;b&gt;ダウンロード&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>一時停止</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>再開</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>Load</source>
        <translation>読み込む</translation>
    </message>
    <message>
        <source>Clear finished</source>
        <translation>完了分を消去</translation>
    </message>
    <message>
        <source>This computer: %1 of memory</source>
        <translation>このコンピューター：メモリ %1</translation>
    </message>
    <message>
        <source>, GPU %1 with %2</source>
        <translation>、GPU %1（%2）</translation>
    </message>
    <message>
        <source>, memory reads at %1 GB/s</source>
        <translation>、メモリ読み出し %1 GB/s</translation>
    </message>
    <message>
        <source> (measuring its speed…)</source>
        <translation>（速度を測定中…）</translation>
    </message>
    <message>
        <source>. Speeds are estimates for writing one reply.</source>
        <translation>。速度は返信 1 件を書くときの見積もりです。</translation>
    </message>
    <message>
        <source>%1 (recommended)</source>
        <translation>%1（おすすめ）</translation>
    </message>
    <message>
        <source>downloaded</source>
        <translation>ダウンロード済み</translation>
    </message>
    <message>
        <source>license %1</source>
        <translation>ライセンス %1</translation>
    </message>
    <message>
        <source>trained on %1 tokens of context</source>
        <translation>%1 トークンの文脈で学習</translation>
    </message>
    <message>
        <source>Its checksum comes from the repository&apos;s file list before the download.</source>
        <translation>チェックサムはダウンロード前にリポジトリのファイル一覧から取得します。</translation>
    </message>
</context>
<context>
    <name>ChatPane</name>
    <message>
        <source>New chat</source>
        <translation>新しいチャット</translation>
    </message>
    <message>
        <source>New chat (Ctrl+N)</source>
        <translation>新しいチャット（Ctrl+N）</translation>
    </message>
    <message>
        <source>Search chats (Ctrl+F)</source>
        <translation>チャットを検索（Ctrl+F）</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>インポート…</translation>
    </message>
    <message>
        <source>Import a conversation exported as JSON</source>
        <translation>JSON で書き出したチャットをインポート</translation>
    </message>
    <message>
        <source>Persona: the system prompt and example turns the chat starts with</source>
        <translation>ペルソナ：チャットの最初に与えるシステムプロンプトと会話例</translation>
    </message>
    <message>
        <source>Answer directly</source>
        <translation>すぐに答える</translation>
    </message>
    <message>
        <source>Think first</source>
        <translation>まず考える</translation>
    </message>
    <message>
        <source>Fast (no thinking)</source>
        <translation>高速（思考なし）</translation>
    </message>
    <message>
        <source>Persona</source>
        <translation>ペルソナ</translation>
    </message>
    <message>
        <source>Reading the history… %p%</source>
        <translation>履歴を読み込み中… %p%</translation>
    </message>
    <message>
        <source>Message (Ctrl+Enter to send)</source>
        <translation>メッセージ（Ctrl+Enter で送信）</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>送信</translation>
    </message>
    <message>
        <source>Send (Ctrl+Enter)</source>
        <translation>送信（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop the reply (Esc)</source>
        <translation>返信を停止（Esc）</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>比較</translation>
    </message>
    <message>
        <source>Write several answers at once and show them side by side (with an empty box: answer the last message again)</source>
        <translation>複数の回答を同時に書いて並べて表示（入力欄が空なら直前のメッセージにもう一度答える）</translation>
    </message>
    <message>
        <source>%1 answers</source>
        <translation>回答 %1 件</translation>
    </message>
    <message>
        <source>Max tokens</source>
        <translation>最大トークン数</translation>
    </message>
    <message>
        <source>The persona is set when a chat starts; open a new chat to use another one.</source>
        <translation>ペルソナはチャット開始時に決まります。別のペルソナを使うには新しいチャットを開いてください。</translation>
    </message>
    <message>
        <source>%1 tokens/s · %2 tokens</source>
        <translation>%1 トークン/秒 · %2 トークン</translation>
    </message>
    <message>
        <source>Write a message first: Compare answers it several times at once.</source>
        <translation>まずメッセージを書いてください。比較はそれに同時に何度か答えます。</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>名前を変更…</translation>
    </message>
    <message>
        <source>Rename chat</source>
        <translation>チャットの名前を変更</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>タイトル</translation>
    </message>
    <message>
        <source>Unpin</source>
        <translation>固定を解除</translation>
    </message>
    <message>
        <source>Pin to top</source>
        <translation>先頭に固定</translation>
    </message>
    <message>
        <source>Export as Markdown…</source>
        <translation>Markdown として書き出す…</translation>
    </message>
    <message>
        <source>Export as JSON…</source>
        <translation>JSON として書き出す…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>削除</translation>
    </message>
    <message>
        <source>Delete chat</source>
        <translation>チャットを削除</translation>
    </message>
    <message>
        <source>Delete this chat and all its branches?</source>
        <translation>このチャットとすべての分岐を削除しますか？</translation>
    </message>
    <message>
        <source>Export chat</source>
        <translation>チャットを書き出す</translation>
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
        <translation>%1 に書き込めませんでした：%2</translation>
    </message>
    <message>
        <source>Import chat</source>
        <translation>チャットをインポート</translation>
    </message>
    <message>
        <source>Could not read %1: %2</source>
        <translation>%1 を読み込めませんでした：%2</translation>
    </message>
</context>
<context>
    <name>ChatService</name>
    <message>
        <source>A reply is still being written: stop it first (Esc).</source>
        <translation>返信をまだ書いています。先に停止してください（Esc）。</translation>
    </message>
    <message>
        <source>The model is still loading; try again when it is ready.</source>
        <translation>モデルを読み込み中です。準備ができたらもう一度お試しください。</translation>
    </message>
    <message>
        <source>No model is loaded: add one in Models and press Load.</source>
        <translation>モデルが読み込まれていません。「モデル」で追加して「読み込む」を押してください。</translation>
    </message>
    <message numerus="yes">
        <source>This chat&apos;s saved states were made with another model, so %n earlier message(s) are read again from their text.</source>
        <translation>
            <numerusform>このチャットの保存された状態は別のモデルのものなので、以前のメッセージ %n 件をテキストから読み直します。</numerusform>
        </translation>
    </message>
    <message>
        <source>New chat</source>
        <translation>新しいチャット</translation>
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
        <translation>この回答を残す</translation>
    </message>
    <message>
        <source>Go on from this answer; the others stay as branches of your message</source>
        <translation>この回答から続けます。他の回答はあなたのメッセージの分岐として残ります</translation>
    </message>
    <message>
        <source>*This answer could not be written.*</source>
        <translation>*この回答は書けませんでした。*</translation>
    </message>
    <message>
        <source>Writing %1 answers at once…</source>
        <translation>%1 件の回答を同時に書いています…</translation>
    </message>
    <message>
        <source>%1 answers: keep the one to go on from. The others stay as branches of your message (‹ › on the reply).</source>
        <translation>回答 %1 件：続ける回答を残してください。他はあなたのメッセージの分岐として残ります（返信の ‹ ›）。</translation>
    </message>
</context>
<context>
    <name>ComposePane</name>
    <message>
        <source>Untitled piece</source>
        <translation>無題の曲</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Import .mid…</source>
        <translation>.mid をインポート…</translation>
    </message>
    <message>
        <source>Export .mid…</source>
        <translation>.mid を書き出す…</translation>
    </message>
    <message>
        <source>Export .wav…</source>
        <translation>.wav を書き出す…</translation>
    </message>
    <message>
        <source>SoundFont…</source>
        <translation>SoundFont…</translation>
    </message>
    <message>
        <source>Import MIDI</source>
        <translation>MIDI をインポート</translation>
    </message>
    <message>
        <source>MIDI files (*.mid *.midi)</source>
        <translation>MIDI ファイル (*.mid *.midi)</translation>
    </message>
    <message>
        <source>Export MIDI</source>
        <translation>MIDI を書き出す</translation>
    </message>
    <message>
        <source>MIDI files (*.mid)</source>
        <translation>MIDI ファイル (*.mid)</translation>
    </message>
    <message>
        <source>Export audio</source>
        <translation>音声を書き出す</translation>
    </message>
    <message>
        <source>WAV audio (*.wav)</source>
        <translation>WAV 音声 (*.wav)</translation>
    </message>
    <message>
        <source>Choose a SoundFont</source>
        <translation>SoundFont を選ぶ</translation>
    </message>
    <message>
        <source>SoundFonts (*.sf2 *.sf3)</source>
        <translation>SoundFont (*.sf2 *.sf3)</translation>
    </message>
    <message>
        <source>SoundFont: %1</source>
        <translation>SoundFont：%1</translation>
    </message>
    <message>
        <source>Show:</source>
        <translation>表示：</translation>
    </message>
    <message>
        <source>Draw notes</source>
        <translation>音符を描く</translation>
    </message>
    <message>
        <source>Tokens of the piece</source>
        <translation>曲のトークン</translation>
    </message>
    <message>
        <source>▶ Play</source>
        <translation>▶ 再生</translation>
    </message>
    <message>
        <source>■ Stop</source>
        <translation>■ 停止</translation>
    </message>
    <message>
        <source>Loop</source>
        <translation>ループ</translation>
    </message>
    <message>
        <source>Only the generated part</source>
        <translation>生成した部分だけ</translation>
    </message>
    <message>
        <source>Tempo </source>
        <translation>テンポ </translation>
    </message>
    <message>
        <source>Generate</source>
        <translation>生成</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>続ける</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Max tokens </source>
        <translation>最大トークン数 </translation>
    </message>
    <message>
        <source>Piano only</source>
        <translation>ピアノのみ</translation>
    </message>
    <message>
        <source>%1 model</source>
        <translation>%1 モデル</translation>
    </message>
    <message>
        <source>No music model</source>
        <translation>音楽モデルなし</translation>
    </message>
    <message>
        <source>%1 characters · %2 s of music</source>
        <translation>%1 文字 · 音楽 %2 秒</translation>
    </message>
    <message>
        <source>%1 tokens · %2 s of music</source>
        <translation>%1 トークン · 音楽 %2 秒</translation>
    </message>
    <message>
        <source>Load an RWKV MIDI or ABC music model to compose.</source>
        <translation>作曲するには RWKV の MIDI または ABC 音楽モデルを読み込んでください。</translation>
    </message>
    <message>
        <source>A generation is already running.</source>
        <translation>すでに生成を実行中です。</translation>
    </message>
    <message>
        <source>Generating…</source>
        <translation>生成中…</translation>
    </message>
    <message>
        <source>Generation failed: %1</source>
        <translation>生成に失敗しました：%1</translation>
    </message>
    <message>
        <source>Generated %1 tokens (%2).</source>
        <translation>%1 トークンを生成しました（%2）。</translation>
    </message>
    <message>
        <source>Playing.</source>
        <translation>再生中。</translation>
    </message>
    <message>
        <source>An ABC model is loaded: load a MIDI model to continue a .mid file.</source>
        <translation>ABC モデルが読み込まれています。.mid ファイルを続けるには MIDI モデルを読み込んでください。</translation>
    </message>
    <message>
        <source>Imported %1: %2 tokens. Press Continue to extend it.</source>
        <translation>%1 をインポートしました：%2 トークン。「続ける」で延ばせます。</translation>
    </message>
    <message>
        <source>Cannot import: %1</source>
        <translation>インポートできません：%1</translation>
    </message>
    <message>
        <source>Saved %1.</source>
        <translation>%1 を保存しました。</translation>
    </message>
    <message>
        <source>Rendered %1.</source>
        <translation>%1 を書き出しました。</translation>
    </message>
    <message>
        <source>Saved &quot;%1&quot;.</source>
        <translation>「%1」を保存しました。</translation>
    </message>
    <message>
        <source>Opened &quot;%1&quot;.</source>
        <translation>「%1」を開きました。</translation>
    </message>
    <message>
        <source>Library…</source>
        <translation>ライブラリ…</translation>
    </message>
</context>
<context>
    <name>DocumentService</name>
    <message>
        <source>An answer is still being written; stop it first.</source>
        <translation>回答をまだ書いています。先に停止してください。</translation>
    </message>
    <message>
        <source>No model is loaded: add one in Models and press Load.</source>
        <translation>モデルが読み込まれていません。「モデル」で追加して「読み込む」を押してください。</translation>
    </message>
    <message>
        <source>Read this document whole with the loaded model first (&quot;Read it whole&quot;).</source>
        <translation>まず読み込んだモデルでこの文書を通して読んでください（「全体を読む」）。</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>停止しました。</translation>
    </message>
    <message>
        <source>Reading was cancelled.</source>
        <translation>読み込みを取り消しました。</translation>
    </message>
    <message>
        <source>This document has not been indexed yet.</source>
        <translation>この文書はまだ索引が作られていません。</translation>
    </message>
    <message>
        <source>Another document is being read; wait for it or cancel it.</source>
        <translation>別の文書を読み込み中です。待つか取り消してください。</translation>
    </message>
    <message>
        <source>The search was stopped.</source>
        <translation>検索を停止しました。</translation>
    </message>
</context>
<context>
    <name>DocumentsPane</name>
    <message>
        <source>New…</source>
        <translation>新規…</translation>
    </message>
    <message>
        <source>Add files…</source>
        <translation>ファイルを追加…</translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation>フォルダーを追加…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>削除</translation>
    </message>
    <message>
        <source>Read it whole</source>
        <translation>全体を読む</translation>
    </message>
    <message>
        <source>Let the model read the selected document once, start to end; every later question about it starts from there at once.</source>
        <translation>選んだ文書をモデルに一度最初から最後まで読ませます。以後その文書への質問はすぐにそこから始まります。</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>Sources</source>
        <translation>出典</translation>
    </message>
    <message>
        <source>Ask about these documents, in any language</source>
        <translation>これらの文書について質問（どの言語でも）</translation>
    </message>
    <message>
        <source>Ask</source>
        <translation>質問</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>New conversation</source>
        <translation>新しい会話</translation>
    </message>
    <message>
        <source>Ask the selected document (read whole)</source>
        <translation>選んだ文書に質問（全体を読んだもの）</translation>
    </message>
    <message>
        <source>New collection</source>
        <translation>新しいコレクション</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名前</translation>
    </message>
    <message>
        <source>Add documents</source>
        <translation>文書を追加</translation>
    </message>
    <message>
        <source>Documents (*.pdf *.txt *.md *.markdown)</source>
        <translation>文書 (*.pdf *.txt *.md *.markdown)</translation>
    </message>
    <message>
        <source>Add a folder of documents</source>
        <translation>文書のフォルダーを追加</translation>
    </message>
    <message>
        <source>%1 was added with the folder %2. Remove the whole folder from this collection?</source>
        <translation>%1 はフォルダー %2 と一緒に追加されました。このコレクションからフォルダーごと削除しますか？</translation>
    </message>
    <message>
        <source>Reading the whole document…</source>
        <translation>文書全体を読み込み中…</translation>
    </message>
    <message>
        <source>Read %1 files.</source>
        <translation>%1 個のファイルを読み込みました。</translation>
    </message>
    <message>
        <source>Reading %1 (%2 of %3)…</source>
        <translation>%1 を読み込み中（%3 件中 %2 件目）…</translation>
    </message>
    <message>
        <source>Embedding passages with the loaded model: %1 of %2</source>
        <translation>読み込んだモデルで段落を埋め込み中：%1 / %2</translation>
    </message>
    <message>
        <source>Indexing was cancelled; it resumes next time.</source>
        <translation>索引作成を取り消しました。次回続きから再開します。</translation>
    </message>
    <message>
        <source>Up to date.</source>
        <translation>最新です。</translation>
    </message>
    <message>
        <source>Read whole: questions about it now start at once.</source>
        <translation>全体を読みました。この文書への質問はすぐに始まります。</translation>
    </message>
    <message>
        <source>My documents</source>
        <translation>マイドキュメント</translation>
    </message>
    <message>
        <source>Looking for documents…</source>
        <translation>文書を探しています…</translation>
    </message>
    <message>
        <source>[%1] %2, page %3 — %4</source>
        <translation>[%1] %2、%3 ページ — %4</translation>
    </message>
</context>
<context>
    <name>DownloadQueue</name>
    <message>
        <source>The catalog has no model called %1.</source>
        <translation>カタログに %1 というモデルはありません。</translation>
    </message>
    <message>
        <source>%1 is already in the downloads.</source>
        <translation>%1 はすでにダウンロード一覧にあります。</translation>
    </message>
    <message>
        <source>%1 is already downloaded; it is in the list of models.</source>
        <translation>%1 はダウンロード済みで、モデル一覧にあります。</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完了</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失敗</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>一時停止中</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>確認中…</translation>
    </message>
    <message>
        <source>Retrying</source>
        <translation>再試行中</translation>
    </message>
    <message>
        <source>Downloading</source>
        <translation>ダウンロード中</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>待機中</translation>
    </message>
    <message>
        <source>Verified and saved as %1</source>
        <translation>検証して %1 として保存しました</translation>
    </message>
    <message>
        <source>Getting the file&apos;s checksum from the repository…</source>
        <translation>リポジトリからファイルのチェックサムを取得中…</translation>
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
        <translation>以前にダウンロードした %1 を確認中</translation>
    </message>
    <message>
        <source>Downloading %1: %2%</source>
        <translation>%1 をダウンロード中：%2%</translation>
    </message>
    <message>
        <source>Downloading %1</source>
        <translation>%1 をダウンロード中</translation>
    </message>
    <message numerus="yes">
        <source> (%n more waiting)</source>
        <translation>
            <numerusform>（ほかに %n 件待機中）</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DownloadSettingsBox</name>
    <message>
        <source>Downloads</source>
        <translation>ダウンロード</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>選択…</translation>
    </message>
    <message>
        <source>Where models are downloaded from. A mirror of Hugging Face can be much faster in some countries; every file is still checked against its published sha256.</source>
        <translation>モデルのダウンロード元。国によっては Hugging Face のミラーの方がずっと速いことがあります。どのファイルも公開された sha256 で検証します。</translation>
    </message>
    <message>
        <source>Use the system proxy</source>
        <translation>システムのプロキシを使う</translation>
    </message>
    <message>
        <source>Models folder</source>
        <translation>モデルフォルダー</translation>
    </message>
    <message>
        <source>Download from</source>
        <translation>ダウンロード元</translation>
    </message>
    <message>
        <source>Folder for downloaded models</source>
        <translation>ダウンロードしたモデルのフォルダー</translation>
    </message>
</context>
<context>
    <name>FileDownload</name>
    <message>
        <source>Could not create the folder %1. Choose another models folder in Settings.</source>
        <translation>フォルダー %1 を作成できませんでした。「設定」で別のモデルフォルダーを選んでください。</translation>
    </message>
    <message>
        <source>The partly downloaded %1 could not be read, so it starts again.</source>
        <translation>途中までダウンロードした %1 を読み込めないため、最初からやり直します。</translation>
    </message>
    <message>
        <source>Could not write %1: %2.</source>
        <translation>%1 に書き込めませんでした：%2。</translation>
    </message>
    <message>
        <source>The server sent a different part of %1 than asked, so it starts again from the beginning.</source>
        <translation>サーバーが要求と違う %1 の部分を送ってきたため、最初からやり直します。</translation>
    </message>
    <message>
        <source>The server could not resume %1 where it stopped, so it starts again from the beginning.</source>
        <translation>サーバーが %1 を中断したところから再開できないため、最初からやり直します。</translation>
    </message>
    <message>
        <source>%1 on the server is %2, not the %3 the catalog lists: it is not the file that was asked for. Refresh the catalog and try again.</source>
        <translation>サーバー上の %1 は %2 で、カタログにある %3 ではありません。要求したファイルではありません。カタログを更新してもう一度お試しください。</translation>
    </message>
    <message>
        <source>The disk is full: %1 could not be written (%2). What was downloaded is kept; free some space and press Resume.</source>
        <translation>ディスクがいっぱいです：%1 を書き込めませんでした（%2）。ダウンロード済みの部分は残してあります。空きを作って「再開」を押してください。</translation>
    </message>
    <message>
        <source>The server no longer has the part of %1 that was missing, so it starts again.</source>
        <translation>サーバーに %1 の足りない部分がもうないため、やり直します。</translation>
    </message>
    <message>
        <source>the connection ended early</source>
        <translation>接続が途中で切れました</translation>
    </message>
    <message>
        <source>Could not reach %1. Check the internet connection (and the proxy in Settings → Downloads).</source>
        <translation>%1 に接続できませんでした。インターネット接続（と「設定 → ダウンロード」のプロキシ）を確認してください。</translation>
    </message>
    <message>
        <source>The proxy did not let the download through (%1). Check the proxy settings of this computer, or turn off &quot;Use the system proxy&quot; in Settings → Downloads.</source>
        <translation>プロキシがダウンロードを通しませんでした（%1）。このコンピューターのプロキシ設定を確認するか、「設定 → ダウンロード」で「システムのプロキシを使う」をオフにしてください。</translation>
    </message>
    <message>
        <source>A secure connection to %1 could not be made (%2). The network may be intercepting it.</source>
        <translation>%1 と安全な接続を確立できませんでした（%2）。ネットワークが通信を傍受している可能性があります。</translation>
    </message>
    <message>
        <source>Downloading %1 failed: %2</source>
        <translation>%1 のダウンロードに失敗しました：%2</translation>
    </message>
    <message>
        <source>The connection kept dropping while downloading %1 (%2). The %3 downloaded so far are kept: press Resume to go on.</source>
        <translation>%1 のダウンロード中に接続が何度も切れました（%2）。ダウンロード済みの %3 は残してあります。「再開」で続けられます。</translation>
    </message>
    <message>
        <source>The connection dropped at %1 of %2 (%3); resuming in %4 s.</source>
        <translation>%1 / %2 で接続が切れました（%3）。%4 秒後に再開します。</translation>
    </message>
    <message>
        <source>an unknown size</source>
        <translation>不明なサイズ</translation>
    </message>
    <message>
        <source>%1 is not the published file: its sha256 is %2, not %3. The download was damaged or the file changed on the server; it was deleted. Refresh the catalog and try again.</source>
        <translation>%1 は公開されたファイルではありません：sha256 が %3 ではなく %2 です。ダウンロードが壊れたか、サーバー上のファイルが変わりました。ファイルは削除しました。カタログを更新してもう一度お試しください。</translation>
    </message>
    <message>
        <source>%1 was downloaded but could not be moved into place: %2.</source>
        <translation>%1 はダウンロードしましたが、所定の場所に移動できませんでした：%2。</translation>
    </message>
    <message>
        <source>Not enough disk space for %1: it needs %2 more and %3 has %4 free. Free some space, or choose another models folder in Settings → Downloads.</source>
        <translation>%1 のためのディスク容量が足りません：あと %2 必要ですが、%3 の空きは %4 です。空きを作るか、「設定 → ダウンロード」で別のモデルフォルダーを選んでください。</translation>
    </message>
</context>
<context>
    <name>FinetunePane</name>
    <message>
        <source>&lt;b&gt;Runs&lt;/b&gt;</source>
        <translation>&lt;b&gt;実行履歴&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Base model&lt;/b&gt; (RWKV-7)</source>
        <translation>&lt;b&gt;ベースモデル&lt;/b&gt;（RWKV-7）</translation>
    </message>
    <message>
        <source>&lt;b&gt;Your text&lt;/b&gt; — drop files or folders here (.txt, .md, .jsonl)</source>
        <translation>&lt;b&gt;あなたのテキスト&lt;/b&gt; — ファイルやフォルダーをここにドロップ（.txt、.md、.jsonl）</translation>
    </message>
    <message>
        <source>Add files…</source>
        <translation>ファイルを追加…</translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation>フォルダーを追加…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>削除</translation>
    </message>
    <message>
        <source>No text yet.</source>
        <translation>テキストがまだありません。</translation>
    </message>
    <message>
        <source>Estimate time and memory</source>
        <translation>時間とメモリを見積もる</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>開始</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>一時停止</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>再開</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>Samples from the model appear here as it learns.</source>
        <translation>モデルが学習するにつれて、ここにサンプルが表示されます。</translation>
    </message>
    <message>
        <source>Chat with it now</source>
        <translation>今すぐチャットする</translation>
    </message>
    <message>
        <source>Export files…</source>
        <translation>ファイルを書き出す…</translation>
    </message>
    <message>
        <source>&lt;b&gt;Sample&lt;/b&gt;</source>
        <translation>&lt;b&gt;サンプル&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Training text</source>
        <translation>学習テキスト</translation>
    </message>
    <message>
        <source>Text (*.txt *.md *.jsonl)</source>
        <translation>テキスト (*.txt *.md *.jsonl)</translation>
    </message>
    <message>
        <source>Folder of training text</source>
        <translation>学習テキストのフォルダー</translation>
    </message>
    <message>
        <source>Timing a few trial steps on this machine…</source>
        <translation>このマシンで試しに数ステップ実行して時間を測っています…</translation>
    </message>
    <message>
        <source>Export the fine-tuned files to</source>
        <translation>微調整したファイルの書き出し先</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n file(s) to %1.</source>
        <translation>
            <numerusform>%n 個のファイルを %1 に書き出しました。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%L1 tokens in %n sample(s).</source>
        <translation>
            <numerusform>%n 個のサンプルに %L1 トークン。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>About %1 for %n step(s), using about %2 of memory.</source>
        <translation>
            <numerusform>%n ステップで約 %1、メモリ約 %2 を使います。</numerusform>
        </translation>
    </message>
    <message>
        <source>After step %1:
%2</source>
        <translation>ステップ %1 の後：
%2</translation>
    </message>
    <message>
        <source>Add a base model in Models first.</source>
        <translation>まず「モデル」でベースモデルを追加してください。</translation>
    </message>
    <message>
        <source>Counting tokens…</source>
        <translation>トークンを数えています…</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>Finished: %1</source>
        <translation>完了：%1</translation>
    </message>
    <message>
        <source>Paused at step %1 of %2.</source>
        <translation>ステップ %1 / %2 で一時停止しました。</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>キャンセルしました。</translation>
    </message>
    <message>
        <source>Step %1 of %2 · loss %3 · %4 tokens/s · about %5 left</source>
        <translation>ステップ %1 / %2 · 損失 %3 · %4 トークン/秒 · 残り約 %5</translation>
    </message>
    <message>
        <source>Training uses the processor: chat and writing are slower until it finishes or is paused. Closing the app pauses it; it resumes from its last checkpoint.</source>
        <translation>学習はプロセッサーを使います。終わるか一時停止するまで、チャットや執筆は遅くなります。アプリを閉じると一時停止し、最後のチェックポイントから再開します。</translation>
    </message>
</context>
<context>
    <name>FinetuneService</name>
    <message>
        <source>A fine-tuning run is already in progress: pause or cancel it first.</source>
        <translation>微調整をすでに実行中です。先に一時停止するかキャンセルしてください。</translation>
    </message>
    <message>
        <source>Choose a base model and add some text to learn from first.</source>
        <translation>まずベースモデルを選び、学習させるテキストを追加してください。</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%2 を元にした %1</translation>
    </message>
    <message>
        <source>A fine-tuning run is already in progress.</source>
        <translation>微調整をすでに実行中です。</translation>
    </message>
    <message>
        <source>Only a paused run can be resumed.</source>
        <translation>再開できるのは一時停止中の実行だけです。</translation>
    </message>
    <message>
        <source>This run has no finished result to chat with yet.</source>
        <translation>この実行にはまだチャットできる結果がありません。</translation>
    </message>
    <message>
        <source>The result %1 is missing: it was moved or deleted.</source>
        <translation>結果 %1 が見つかりません。移動または削除されました。</translation>
    </message>
    <message>
        <source>%1 could not be copied to %2.</source>
        <translation>%1 を %2 にコピーできませんでした。</translation>
    </message>
</context>
<context>
    <name>FinetuneSettingsForm</name>
    <message>
        <source>Write in this style</source>
        <translation>この文体で書く</translation>
    </message>
    <message>
        <source>Give it a persona</source>
        <translation>ペルソナを与える</translation>
    </message>
    <message>
        <source>Advanced</source>
        <translation>詳細</translation>
    </message>
    <message>
        <source>Learns your text&apos;s words and style with a small LoRA adapter.</source>
        <translation>小さな LoRA アダプターで、あなたのテキストの言葉づかいと文体を学びます。</translation>
    </message>
    <message>
        <source>Learns who it is from your text as a starting state: tiny, fast, stackable.</source>
        <translation>あなたのテキストから自分が誰かを初期状態として学びます：小さく、速く、重ねられます。</translation>
    </message>
    <message>
        <source>&lt;b&gt;What to teach&lt;/b&gt;</source>
        <translation>&lt;b&gt;教える内容&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Advanced settings</source>
        <translation>詳細設定</translation>
    </message>
    <message>
        <source>LoRA</source>
        <translation>LoRA</translation>
    </message>
    <message>
        <source>State tuning</source>
        <translation>状態チューニング</translation>
    </message>
    <message>
        <source>Full fine-tuning (small models)</source>
        <translation>フル微調整（小さなモデル）</translation>
    </message>
    <message>
        <source>float32 (exact, most memory)</source>
        <translation>float32（正確、メモリ最大）</translation>
    </message>
    <message>
        <source>bf16 (exact for most models, half the memory)</source>
        <translation>bf16（ほとんどのモデルで正確、メモリ半分）</translation>
    </message>
    <message>
        <source>int8 (a quarter of the memory)</source>
        <translation>int8（メモリ 4 分の 1）</translation>
    </message>
    <message>
        <source>4-bit (least memory, like QLoRA)</source>
        <translation>4 ビット（メモリ最小、QLoRA 相当）</translation>
    </message>
    <message>
        <source>How the model&apos;s own weights, which training leaves unchanged, are kept in memory.</source>
        <translation>学習で変わらないモデル自身の重みを、メモリにどう保持するか。</translation>
    </message>
    <message>
        <source>LoRA rank: larger learns more and needs more memory.</source>
        <translation>LoRA ランク：大きいほど多く学び、メモリも多く使います。</translation>
    </message>
    <message>
        <source>LoRA alpha: the adapter is scaled by alpha / rank.</source>
        <translation>LoRA アルファ：アダプターは alpha / ランク 倍されます。</translation>
    </message>
    <message>
        <source>LoRA dropout: the share of the adapter&apos;s inputs hidden at each step, against overfitting.</source>
        <translation>LoRA ドロップアウト：各ステップで隠すアダプター入力の割合（過学習対策）。</translation>
    </message>
    <message>
        <source>Also train the layer norms</source>
        <translation>レイヤー正規化も学習する</translation>
    </message>
    <message>
        <source>Learning rate at the start (after warm-up).</source>
        <translation>開始時の学習率（ウォームアップ後）。</translation>
    </message>
    <message>
        <source>Learning rate at the end (cosine decay).</source>
        <translation>終了時の学習率（コサイン減衰）。</translation>
    </message>
    <message>
        <source>Steps over which the rate ramps up.</source>
        <translation>学習率を徐々に上げるステップ数。</translation>
    </message>
    <message>
        <source>Passes over your text.</source>
        <translation>テキストを何周するか。</translation>
    </message>
    <message>
        <source>Optimizer steps; 0 = from the epochs.</source>
        <translation>最適化ステップ数。0 = エポックから決める。</translation>
    </message>
    <message>
        <source>Tokens per sample.</source>
        <translation>サンプルあたりのトークン数。</translation>
    </message>
    <message>
        <source>Samples per step.</source>
        <translation>ステップあたりのサンプル数。</translation>
    </message>
    <message>
        <source>Batches added up before each step.</source>
        <translation>各ステップの前に合算するバッチ数。</translation>
    </message>
    <message>
        <source>Largest gradient norm; 0 = no clipping.</source>
        <translation>勾配ノルムの上限。0 = クリップしない。</translation>
    </message>
    <message>
        <source>Share of the samples kept aside to measure progress.</source>
        <translation>進み具合の測定用に取り分けるサンプルの割合。</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <source>Base weights</source>
        <translation>ベースの重み</translation>
    </message>
    <message>
        <source>LoRA rank</source>
        <translation>LoRA ランク</translation>
    </message>
    <message>
        <source>LoRA alpha</source>
        <translation>LoRA アルファ</translation>
    </message>
    <message>
        <source>LoRA dropout</source>
        <translation>LoRA ドロップアウト</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学習率</translation>
    </message>
    <message>
        <source>Final learning rate</source>
        <translation>最終学習率</translation>
    </message>
    <message>
        <source>Warm-up steps</source>
        <translation>ウォームアップステップ</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>エポック</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>ステップ</translation>
    </message>
    <message>
        <source>Context length</source>
        <translation>文脈長</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>バッチ</translation>
    </message>
    <message>
        <source>Accumulation</source>
        <translation>勾配累積</translation>
    </message>
    <message>
        <source>Gradient clipping</source>
        <translation>勾配クリッピング</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>シード</translation>
    </message>
    <message>
        <source>Validation share</source>
        <translation>検証用の割合</translation>
    </message>
</context>
<context>
    <name>FinetuneWorker</name>
    <message>
        <source>Reading the training data</source>
        <translation>学習データを読み込み中</translation>
    </message>
    <message>
        <source>Estimating the run</source>
        <translation>実行を見積もり中</translation>
    </message>
    <message>
        <source>Fine-tuning</source>
        <translation>微調整</translation>
    </message>
</context>
<context>
    <name>InferenceWorker</name>
    <message>
        <source>The model was replaced while this was running.</source>
        <translation>実行中にモデルが置き換えられました。</translation>
    </message>
    <message>
        <source>%1 has a vocabulary of %2 tokens, which matches no built-in tokenizer; choose its tokenizer file (tokenizer.json or rwkv_vocab*.txt) in Models</source>
        <translation>%1 の語彙は %2 トークンで、内蔵のトークナイザーに合いません。「モデル」でトークナイザーファイル（tokenizer.json または rwkv_vocab*.txt）を選んでください</translation>
    </message>
    <message>
        <source>the %1 tokenizer has %2 tokens but %3 only knows %4</source>
        <translation>トークナイザー %1 は %2 トークンですが、%3 が知っているのは %4 です</translation>
    </message>
    <message>
        <source>Loading %1</source>
        <translation>%1 を読み込み中</translation>
    </message>
    <message>
        <source>The model was unloaded while this was running.</source>
        <translation>実行中にモデルが解放されました。</translation>
    </message>
    <message>
        <source>No model is loaded: add one in Models and press Load.</source>
        <translation>モデルが読み込まれていません。「モデル」で追加して「読み込む」を押してください。</translation>
    </message>
    <message>
        <source>Reading the documents</source>
        <translation>文書の読み込み</translation>
    </message>
    <message>
        <source>Generating</source>
        <translation>生成</translation>
    </message>
    <message>
        <source>There is no text to continue from: the prompt is empty.</source>
        <translation>続ける元のテキストがありません：プロンプトが空です。</translation>
    </message>
    <message>
        <source>Saving the reply</source>
        <translation>返信の保存</translation>
    </message>
</context>
<context>
    <name>LocalApiService</name>
    <message>
        <source>The API server is off.</source>
        <translation>API サーバーはオフです。</translation>
    </message>
    <message numerus="yes">
        <source>Serving %1 at %2 · %n request(s) answered · %3 tokens/s</source>
        <translation>
            <numerusform>%2 で %1 を提供中 · %n 件のリクエストに応答 · %3 トークン/秒</numerusform>
        </translation>
    </message>
    <message>
        <source>no model yet</source>
        <translation>モデルなし</translation>
    </message>
</context>
<context>
    <name>LossChart</name>
    <message>
        <source>Training loss</source>
        <translation>学習損失</translation>
    </message>
    <message>
        <source>Validation loss</source>
        <translation>検証損失</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>ステップ</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>損失</translation>
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
        <translation>チャット</translation>
    </message>
    <message>
        <source>Write</source>
        <translation>執筆</translation>
    </message>
    <message>
        <source>Compose</source>
        <translation>作曲</translation>
    </message>
    <message>
        <source>Fine-tune</source>
        <translation>微調整</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>文書</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>モデル</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <source>API: %1</source>
        <translation>API：%1</translation>
    </message>
    <message>
        <source>%1: coming in a later version</source>
        <translation>%1：今後のバージョンで提供予定</translation>
    </message>
    <message>
        <source>Loading model…</source>
        <translation>モデルを読み込み中…</translation>
    </message>
    <message>
        <source>Model: %1 (RWKV v%2, %3)</source>
        <translation>モデル：%1（RWKV v%2、%3）</translation>
    </message>
    <message>
        <source>No model loaded — get or add one in Models</source>
        <translation>モデル未読み込み — 「モデル」で入手または追加してください</translation>
    </message>
</context>
<context>
    <name>MarkdownView</name>
    <message>
        <source>code</source>
        <translation>コード</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>コピー</translation>
    </message>
    <message>
        <source>Copy this code</source>
        <translation>このコードをコピー</translation>
    </message>
</context>
<context>
    <name>MessageListModel</name>
    <message>
        <source>Unfinished: RWKV Studio closed while this reply was being written</source>
        <translation>未完了：この返信を書いている間に RWKV Studio が終了しました</translation>
    </message>
</context>
<context>
    <name>MessageWidget</name>
    <message>
        <source>Previous branch</source>
        <translation>前の分岐</translation>
    </message>
    <message>
        <source>Next branch</source>
        <translation>次の分岐</translation>
    </message>
    <message>
        <source>Copy the message</source>
        <translation>メッセージをコピー</translation>
    </message>
    <message>
        <source>Edit: the chat branches from here</source>
        <translation>編集：チャットはここから分岐します</translation>
    </message>
    <message>
        <source>Write another reply (a new branch)</source>
        <translation>別の返信を書く（新しい分岐）</translation>
    </message>
    <message>
        <source>Delete this message and what follows</source>
        <translation>このメッセージと以降を削除</translation>
    </message>
    <message>
        <source>Save and send</source>
        <translation>保存して送信</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>You</source>
        <translation>あなた</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>アシスタント</translation>
    </message>
    <message>
        <source>System</source>
        <translation>システム</translation>
    </message>
    <message>
        <source>Thinking…</source>
        <translation>考え中…</translation>
    </message>
    <message>
        <source>Thought for a while — show reasoning</source>
        <translation>しばらく考えました — 推論を表示</translation>
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
        <translation>読み込み中… %1%</translation>
    </message>
    <message>
        <source>Loaded</source>
        <translation>読み込み済み</translation>
    </message>
    <message>
        <source>File missing</source>
        <translation>ファイルがありません</translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation>読み込み中…</translation>
    </message>
    <message>
        <source>Not loaded</source>
        <translation>未読み込み</translation>
    </message>
    <message>
        <source>%1 is not a model file: RWKV Studio opens .pth and .safetensors checkpoints.</source>
        <translation>%1 はモデルファイルではありません。RWKV Studio が開けるのは .pth と .safetensors のチェックポイントです。</translation>
    </message>
    <message>
        <source>%1 does not exist or is not a file.</source>
        <translation>%1 は存在しないか、ファイルではありません。</translation>
    </message>
    <message>
        <source>%1 is already in the list.</source>
        <translation>%1 はすでに一覧にあります。</translation>
    </message>
</context>
<context>
    <name>ModelsPane</name>
    <message>
        <source>My models</source>
        <translation>マイモデル</translation>
    </message>
    <message>
        <source>Get models</source>
        <translation>モデルを入手</translation>
    </message>
    <message>
        <source>Add model files…</source>
        <translation>モデルファイルを追加…</translation>
    </message>
    <message>
        <source>Add .pth or .safetensors checkpoints (or drop them here)</source>
        <translation>.pth または .safetensors のチェックポイントを追加（ここにドロップも可）</translation>
    </message>
    <message>
        <source>Remove from list</source>
        <translation>一覧から削除</translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>自動</translation>
    </message>
    <message>
        <source>Automatic: bytes for 256 tokens, the World vocabulary for 65,536. Type a path to a tokenizer.json or rwkv_vocab*.txt otherwise.</source>
        <translation>自動：256 トークンならバイト、65,536 なら World 語彙。それ以外は tokenizer.json または rwkv_vocab*.txt のパスを入力してください。</translation>
    </message>
    <message>
        <source>Tokenizer</source>
        <translation>トークナイザー</translation>
    </message>
    <message>
        <source>as stored in the file</source>
        <translation>ファイルのまま</translation>
    </message>
    <message>
        <source>float32 (exact, largest)</source>
        <translation>float32（正確、最大）</translation>
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
        <translation>8 ビット（小さく速い）</translation>
    </message>
    <message>
        <source>4-bit (smallest)</source>
        <translation>4 ビット（最小）</translation>
    </message>
    <message>
        <source>How the weights are held in memory while the model runs. Converted weights are cached next to the model so the next load is quick.</source>
        <translation>モデル実行中に重みをメモリにどう保持するか。変換した重みはモデルの隣にキャッシュされ、次回の読み込みが速くなります。</translation>
    </message>
    <message>
        <source>Weights in memory</source>
        <translation>メモリ上の重み</translation>
    </message>
    <message>
        <source>Load</source>
        <translation>読み込む</translation>
    </message>
    <message>
        <source>Unload</source>
        <translation>解放</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>Get models…</source>
        <translation>モデルを入手…</translation>
    </message>
    <message>
        <source>Download RWKV models, with how fast each will run on this computer</source>
        <translation>RWKV モデルをダウンロード（このコンピューターでの速度つき）</translation>
    </message>
    <message>
        <source>Add model files</source>
        <translation>モデルファイルを追加</translation>
    </message>
    <message>
        <source>RWKV checkpoints (*.pth *.safetensors)</source>
        <translation>RWKV チェックポイント (*.pth *.safetensors)</translation>
    </message>
    <message>
        <source>&lt;h3&gt;No models yet&lt;/h3&gt;</source>
        <translation>&lt;h3&gt;モデルがまだありません&lt;/h3&gt;</translation>
    </message>
    <message>
        <source>Get a model from the catalog (Get models…), or add an RWKV checkpoint you already have (.pth or .safetensors, versions 4 to 7). Files stay where they are; RWKV Studio remembers them.</source>
        <translation>カタログからモデルを入手する（モデルを入手…）か、手元の RWKV チェックポイント（.pth または .safetensors、バージョン 4 から 7）を追加してください。ファイルはその場所のままで、RWKV Studio が覚えておきます。</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>File</source>
        <translation>ファイル</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>アーキテクチャ</translation>
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
        <translation>パラメーター</translation>
    </message>
    <message>
        <source>Stored as</source>
        <translation>保存形式</translation>
    </message>
    <message>
        <source>File size</source>
        <translation>ファイルサイズ</translation>
    </message>
    <message>
        <source>Memory needed</source>
        <translation>必要なメモリ</translation>
    </message>
    <message>
        <source>about %1 (weights as %2, plus %3 per conversation state)</source>
        <translation>約 %1（重みは %2、さらに会話の状態ごとに %3）</translation>
    </message>
    <message>
        <source>Runs on</source>
        <translation>実行先</translation>
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
        <translation>%1、%2 ページ</translation>
    </message>
</context>
<context>
    <name>PdfReader</name>
    <message>
        <source>Page %1 of %2 could not be read.</source>
        <translation>%2 ページ中 %1 ページ目を読み込めませんでした。</translation>
    </message>
    <message>
        <source>%1 could not be read: the PDF reader (%2) did not start.</source>
        <translation>%1 を読み込めませんでした：PDF リーダー（%2）が起動しませんでした。</translation>
    </message>
    <message>
        <source>Reading %1 was cancelled.</source>
        <translation>%1 の読み込みを取り消しました。</translation>
    </message>
    <message>
        <source>%1 is password-protected: save a copy without the password in a PDF viewer and add that.</source>
        <translation>%1 はパスワードで保護されています。PDF ビューアーでパスワードなしのコピーを保存して、それを追加してください。</translation>
    </message>
    <message>
        <source>%1 could not be read: it is damaged, incomplete or not a PDF.</source>
        <translation>%1 を読み込めませんでした：破損している、不完全、または PDF ではありません。</translation>
    </message>
    <message>
        <source>%1 could not be read: opening it took too long.</source>
        <translation>%1 を読み込めませんでした：開くのに時間がかかりすぎました。</translation>
    </message>
    <message>
        <source>%1 could not be read: the PDF reader failed on it.</source>
        <translation>%1 を読み込めませんでした：PDF リーダーが処理に失敗しました。</translation>
    </message>
    <message>
        <source>Page %1 of %2 took too long to read.</source>
        <translation>%2 ページ中 %1 ページ目の読み込みに時間がかかりすぎました。</translation>
    </message>
    <message>
        <source>Page %1 of %2 is a scanned image: its text was read by OCR and may have mistakes.</source>
        <translation>%2 ページ中 %1 ページ目はスキャン画像です。文字は OCR で読み取ったため誤りがあるかもしれません。</translation>
    </message>
    <message>
        <source>Page %1 of %2 has no text: it is probably a scanned image.</source>
        <translation>%2 ページ中 %1 ページ目には文字がありません。スキャン画像かもしれません。</translation>
    </message>
    <message>
        <source>Page %1 of %2 could not be shown.</source>
        <translation>%2 ページ中 %1 ページ目を表示できませんでした。</translation>
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
        <translation>堅実</translation>
    </message>
    <message>
        <source>Adventurous</source>
        <translation>冒険的</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>%1 tokens/s · %2 tokens</source>
        <translation>%1 トークン/秒 · %2 トークン</translation>
    </message>
    <message>
        <source>%1 has a vocabulary of %2 tokens, which matches no built-in tokenizer; choose its tokenizer file in Models</source>
        <translation>%1 の語彙は %2 トークンで、内蔵のトークナイザーに合いません。「モデル」でトークナイザーファイルを選んでください</translation>
    </message>
    <message>
        <source>Automatic (a GPU when there is one, else the CPU)</source>
        <translation>自動（GPU があれば GPU、なければ CPU）</translation>
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
        <translation>、CPU でエミュレーション：CPU エンジンより遅い</translation>
    </message>
    <message>
        <source>No Vulkan GPU was found.</source>
        <translation>Vulkan GPU が見つかりませんでした。</translation>
    </message>
    <message>
        <source>GPU: %1</source>
        <translation>GPU：%1</translation>
    </message>
    <message>
        <source>%1 was cancelled.</source>
        <translation>%1 は取り消されました。</translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 に失敗しました：%2</translation>
    </message>
    <message>
        <source>%1 failed: there is not enough memory. Close other programs or choose a smaller model.</source>
        <translation>%1 に失敗しました：メモリが足りません。他のプログラムを閉じるか、小さいモデルを選んでください。</translation>
    </message>
    <message>
        <source>%1 failed for an unknown reason.</source>
        <translation>%1 は不明な理由で失敗しました。</translation>
    </message>
    <message>
        <source>1 head × %1</source>
        <translation>ヘッド 1 × %1</translation>
    </message>
    <message>
        <source>%1 heads × %2</source>
        <translation>ヘッド %1 × %2</translation>
    </message>
    <message>
        <source>no heads (v4)</source>
        <translation>ヘッドなし（v4）</translation>
    </message>
    <message>
        <source>%1 layers · D%2 · %3 · vocabulary %4</source>
        <translation>%1 層 · D%2 · %3 · 語彙 %4</translation>
    </message>
    <message>
        <source>%1 s left</source>
        <translation>残り %1 秒</translation>
    </message>
    <message>
        <source>%1 min left</source>
        <translation>残り %1 分</translation>
    </message>
    <message>
        <source>%1 h %2 min left</source>
        <translation>残り %1 時間 %2 分</translation>
    </message>
    <message>
        <source>%1 is not on %2 (404). The catalog may be out of date: refresh it, or check the address.</source>
        <translation>%1 は %2 にありません（404）。カタログが古い可能性があります。更新するか、アドレスを確認してください。</translation>
    </message>
    <message>
        <source>%1 refused to send %2 (%3). The file may need a login, or the mirror does not allow it.</source>
        <translation>%1 が %2 の送信を拒否しました（%3）。ログインが必要なファイルか、ミラーが許可していません。</translation>
    </message>
    <message>
        <source>%1 is limiting downloads right now (429). Try again in a few minutes.</source>
        <translation>%1 は現在ダウンロードを制限しています（429）。数分後にもう一度お試しください。</translation>
    </message>
    <message>
        <source>%1 had a problem sending %2 (error %3). Try again later, or choose a mirror in Settings.</source>
        <translation>%1 が %2 の送信で問題を起こしました（エラー %3）。後でもう一度試すか、「設定」でミラーを選んでください。</translation>
    </message>
    <message>
        <source>%1 answered %2 for %3.</source>
        <translation>%1 は %3 に %2 と応答しました。</translation>
    </message>
    <message>
        <source>the GPU has</source>
        <translation>GPU には</translation>
    </message>
    <message>
        <source>this computer has</source>
        <translation>このコンピューターには</translation>
    </message>
    <message>
        <source>too big here with %1: needs %2, %3 %4</source>
        <translation>%1 ではここには大きすぎます：%2 必要で、%3 %4</translation>
    </message>
    <message>
        <source>about %1 tokens/s here with %2</source>
        <translation>%2 でここでは約 %1 トークン/秒</translation>
    </message>
    <message>
        <source>fits here with %1</source>
        <translation>%1 ならここに収まります</translation>
    </message>
    <message>
        <source> (needs %1)</source>
        <translation>（%1 必要）</translation>
    </message>
    <message>
        <source>, leaving little memory for other programs</source>
        <translation>、他のプログラムに残るメモリはわずかです</translation>
    </message>
    <message>
        <source>The model catalog is not valid JSON with an &quot;entries&quot; list (%1).</source>
        <translation>モデルカタログが &quot;entries&quot; の一覧を持つ正しい JSON ではありません（%1）。</translation>
    </message>
    <message>
        <source>no entries</source>
        <translation>項目なし</translation>
    </message>
    <message>
        <source>Entry %1 of the model catalog is incomplete (it needs an id, a name, where to download it and, for a model, its shape).</source>
        <translation>モデルカタログの項目 %1 が不完全です（id、名前、ダウンロード先、モデルならその形状が必要です）。</translation>
    </message>
    <message>
        <source>The repository listing is not the list of files it should be.</source>
        <translation>リポジトリの一覧が本来のファイル一覧になっていません。</translation>
    </message>
    <message>
        <source>Reading %1</source>
        <translation>%1 を読み込み中</translation>
    </message>
    <message numerus="yes">
        <source>%n character(s)</source>
        <translation>
            <numerusform>%n 文字</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 — waiting to be read</source>
        <translation>%1 — 読み込み待ち</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>%1 — 1 page</source>
        <translation>%1 — 1 ページ</translation>
    </message>
    <message>
        <source>%1 — %2 pages</source>
        <translation>%1 — %2 ページ</translation>
    </message>
    <message>
        <source>, 1 passage</source>
        <translation>、1 段落</translation>
    </message>
    <message>
        <source>, %1 passages</source>
        <translation>、%1 段落</translation>
    </message>
    <message>
        <source>; page %1 read by OCR</source>
        <translation>；%1 ページ目は OCR で読み取り</translation>
    </message>
    <message>
        <source>; no text on page %1 (scanned?)</source>
        <translation>；%1 ページ目に文字なし（スキャン？）</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 分</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 時間 %2 分</translation>
    </message>
    <message>
        <source>Chat, writing, thinking</source>
        <translation>チャット、執筆、思考</translation>
    </message>
    <message>
        <source>Continuing text, fine-tuning</source>
        <translation>文章の続き、微調整</translation>
    </message>
    <message>
        <source>Music (MIDI)</source>
        <translation>音楽（MIDI）</translation>
    </message>
    <message>
        <source>Music (ABC)</source>
        <translation>音楽（ABC）</translation>
    </message>
    <message>
        <source>Tokenizer</source>
        <translation>トークナイザー</translation>
    </message>
    <message>
        <source>too big</source>
        <translation>大きすぎ</translation>
    </message>
    <message>
        <source>%1 tok/s · %2</source>
        <translation>%1 トークン/秒 · %2</translation>
    </message>
    <message>
        <source> (tight)</source>
        <translation>（ぎりぎり）</translation>
    </message>
</context>
<context>
    <name>SamplingPanel</name>
    <message>
        <source>Higher is more random; 0 always picks the likeliest token.</source>
        <translation>高いほどランダムに。0 は常に最も確からしいトークンを選びます。</translation>
    </message>
    <message>
        <source>Only the likeliest tokens whose probabilities add up to this are drawn.</source>
        <translation>確率の合計がこの値になるまでの、最も確からしいトークンだけから選びます。</translation>
    </message>
    <message>
        <source>Penalty for any token already used: encourages new topics.</source>
        <translation>一度使ったトークンへのペナルティ：新しい話題を促します。</translation>
    </message>
    <message>
        <source>Penalty growing with each use of a token: discourages repetition.</source>
        <translation>使うたびに増えるペナルティ：繰り返しを抑えます。</translation>
    </message>
    <message>
        <source>Penalties fade by this factor every token.</source>
        <translation>ペナルティはトークンごとにこの係数で弱まります。</translation>
    </message>
    <message>
        <source>random</source>
        <translation>ランダム</translation>
    </message>
    <message>
        <source>A fixed seed repeats the same text for the same prompt; empty draws a new one.</source>
        <translation>シードを固定すると、同じプロンプトで同じ文章になります。空欄なら毎回新しく選びます。</translation>
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
        <translation>存在ペナルティ</translation>
    </message>
    <message>
        <source>Frequency penalty</source>
        <translation>頻度ペナルティ</translation>
    </message>
    <message>
        <source>Penalty decay</source>
        <translation>ペナルティ減衰</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>シード</translation>
    </message>
    <message>
        <source>Defaults</source>
        <translation>既定値</translation>
    </message>
    <message>
        <source>Keep writing</source>
        <translation>書き続ける</translation>
    </message>
    <message>
        <source>Never end the text by itself: it goes on until the length above or until you stop it.</source>
        <translation>文章が勝手に終わりません。上の長さに達するか、停止するまで続きます。</translation>
    </message>
</context>
<context>
    <name>SettingsPane</name>
    <message>
        <source>General</source>
        <translation>一般</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>システムに従う</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>ライト</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>ダーク</translation>
    </message>
    <message>
        <source>Load the last used model when RWKV Studio starts</source>
        <translation>RWKV Studio の起動時に前回のモデルを読み込む</translation>
    </message>
    <message>
        <source>Automatic (a GPU when there is one, else the CPU)</source>
        <translation>自動（GPU があれば GPU、なければ CPU）</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Looking for GPUs…</source>
        <translation>GPU を探しています…</translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation>外観</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>言語</translation>
    </message>
    <message>
        <source>Run models on</source>
        <translation>モデルの実行先</translation>
    </message>
    <message>
        <source>Chats and documents</source>
        <translation>チャットと文書</translation>
    </message>
    <message>
        <source>Personas for new chats</source>
        <translation>新しいチャットのペルソナ</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>追加</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>削除</translation>
    </message>
    <message>
        <source>Fed as &quot;System: …&quot; before the conversation. May be empty.</source>
        <translation>会話の前に「System: …」として与えます。空でもかまいません。</translation>
    </message>
    <message>
        <source>Example turns, one per line:
User: …
Assistant: …</source>
        <translation>会話例（1 行に 1 つ）：
User: …
Assistant: …</translation>
    </message>
    <message>
        <source>Save persona</source>
        <translation>ペルソナを保存</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名前</translation>
    </message>
    <message>
        <source>System text</source>
        <translation>システムテキスト</translation>
    </message>
    <message>
        <source>Example turns</source>
        <translation>会話例</translation>
    </message>
    <message>
        <source>New persona %1</source>
        <translation>新しいペルソナ %1</translation>
    </message>
    <message>
        <source>A change applies when the next model loads.</source>
        <translation>変更は次にモデルを読み込んだときに反映されます。</translation>
    </message>
</context>
<context>
    <name>StateStorageBox</name>
    <message>
        <source>Saved model states</source>
        <translation>保存したモデルの状態</translation>
    </message>
    <message>
        <source>Chats keep the model&apos;s memory after their messages, so they reopen and branch without reading everything again. Older messages keep fewer of them; when the budget is reached, the chats used least recently give theirs up first (they are then read again from their text).</source>
        <translation>チャットはメッセージごとにモデルの記憶を保存するので、すべてを読み直さずに再開や分岐ができます。古いメッセージほど保存は少なくなります。上限に達すると、最近使っていないチャットから状態を手放します（そのあとはテキストから読み直します）。</translation>
    </message>
    <message>
        <source> GB</source>
        <translation> GB</translation>
    </message>
    <message>
        <source>At most</source>
        <translation>上限</translation>
    </message>
    <message>
        <source>In use</source>
        <translation>使用中</translation>
    </message>
</context>
<context>
    <name>TextFileReader</name>
    <message>
        <source>%1 could not be opened: %2</source>
        <translation>%1 を開けませんでした：%2</translation>
    </message>
    <message>
        <source>%1 is too large to be a text document.</source>
        <translation>%1 はテキスト文書にしては大きすぎます。</translation>
    </message>
    <message>
        <source>%1 is not a text file.</source>
        <translation>%1 はテキストファイルではありません。</translation>
    </message>
</context>
<context>
    <name>WelcomeView</name>
    <message>
        <source>&lt;h2&gt;Welcome to RWKV Studio&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;RWKV Studio へようこそ&lt;/h2&gt;</translation>
    </message>
    <message>
        <source>RWKV Studio runs language models on this computer. Nothing you type leaves it. To begin, it needs a model.</source>
        <translation>RWKV Studio はこのコンピューターで言語モデルを動かします。入力した内容が外に出ることはありません。始めるにはモデルが必要です。</translation>
    </message>
    <message>
        <source>Add a model file…</source>
        <translation>モデルファイルを追加…</translation>
    </message>
    <message>
        <source>Already have an RWKV checkpoint (.pth or .safetensors)? Use it where it is; nothing is downloaded.</source>
        <translation>RWKV のチェックポイント（.pth または .safetensors）をお持ちですか？その場所のまま使えます。何もダウンロードしません。</translation>
    </message>
    <message>
        <source>See all models…</source>
        <translation>すべてのモデルを見る…</translation>
    </message>
    <message>
        <source>Every model with its size and how fast it will run here: larger ones for better answers, music models for Compose.</source>
        <translation>各モデルの大きさと、ここでの速さ：大きいモデルほど良い答え、音楽モデルは作曲用です。</translation>
    </message>
    <message>
        <source>Downloaded and checked. Loading…</source>
        <translation>ダウンロードして検証しました。読み込み中…</translation>
    </message>
    <message>
        <source>No model in the catalog fits this computer comfortably; see all models to choose one.</source>
        <translation>このコンピューターで快適に動くモデルがカタログにありません。すべてのモデルを見て選んでください。</translation>
    </message>
    <message>
        <source>Download %1 (%2)</source>
        <translation>%1 をダウンロード（%2）</translation>
    </message>
    <message>
        <source>Download %1</source>
        <translation>%1 をダウンロード</translation>
    </message>
    <message>
        <source>&lt;b&gt;Recommended for this computer: %1.&lt;/b&gt; %2</source>
        <translation>&lt;b&gt;このコンピューターへのおすすめ：%1。&lt;/b&gt;%2</translation>
    </message>
    <message>
        <source>Measuring how fast it will run here…</source>
        <translation>ここでの速さを測定しています…</translation>
    </message>
    <message>
        <source>It is downloaded from Hugging Face (or the mirror in Settings) with its vocabulary, checked against its published checksum, and loaded.</source>
        <translation>語彙と一緒に Hugging Face（または設定のミラー）からダウンロードし、公開されたチェックサムで検証してから読み込みます。</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Add a model file</source>
        <translation>モデルファイルを追加</translation>
    </message>
    <message>
        <source>RWKV checkpoints (*.pth *.safetensors)</source>
        <translation>RWKV チェックポイント (*.pth *.safetensors)</translation>
    </message>
</context>
<context>
    <name>WritePane</name>
    <message>
        <source>New document</source>
        <translation>新しい原稿</translation>
    </message>
    <message>
        <source>New chapter</source>
        <translation>新しい章</translation>
    </message>
    <message>
        <source>&lt;b&gt;Manuscripts&lt;/b&gt;</source>
        <translation>&lt;b&gt;原稿&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Chapters&lt;/b&gt;</source>
        <translation>&lt;b&gt;章&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Start your story here, then press Continue (Ctrl+Enter).</source>
        <translation>ここに物語を書き始めて、「続ける」を押してください（Ctrl+Enter）。</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>続ける</translation>
    </message>
    <message>
        <source>Continue the text at the cursor (Ctrl+Enter)</source>
        <translation>カーソル位置から続きを書く（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>Accept</source>
        <translation>採用</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>却下</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>やり直す</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Write several continuations at once (one pass over the model for all) and choose</source>
        <translation>続きを同時に複数書いて（モデル 1 回分の計算で全部）選ぶ</translation>
    </message>
    <message>
        <source>One continuation</source>
        <translation>続き 1 つ</translation>
    </message>
    <message>
        <source>%1 alternatives</source>
        <translation>候補 %1 つ</translation>
    </message>
    <message>
        <source>Length (tokens)</source>
        <translation>長さ（トークン）</translation>
    </message>
    <message>
        <source>&lt;b&gt;Writing preset&lt;/b&gt;</source>
        <translation>&lt;b&gt;執筆プリセット&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>タイトル</translation>
    </message>
    <message>
        <source>Untitled novel</source>
        <translation>無題の小説</translation>
    </message>
    <message>
        <source>Chapter %1</source>
        <translation>第 %1 章</translation>
    </message>
    <message>
        <source>%1 tokens/s · %2 tokens</source>
        <translation>%1 トークン/秒 · %2 トークン</translation>
    </message>
    <message>
        <source>Reading the chapter… %1 of %2 tokens</source>
        <translation>章を読み込み中… %1 / %2 トークン</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>名前を変更…</translation>
    </message>
    <message>
        <source>Rename manuscript</source>
        <translation>原稿の名前を変更</translation>
    </message>
    <message>
        <source>Rename chapter</source>
        <translation>章の名前を変更</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>削除</translation>
    </message>
    <message>
        <source>Delete &quot;%1&quot; with all its chapters?</source>
        <translation>「%1」とそのすべての章を削除しますか？</translation>
    </message>
    <message>
        <source>Delete the chapter &quot;%1&quot;?</source>
        <translation>章「%1」を削除しますか？</translation>
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
        <translation>後の章は、次に続きを書くときにこの変更を読み込みます。</translation>
    </message>
    <message>
        <source>This chapter&apos;s saved state was made with another model, so its text is read again.</source>
        <translation>この章の保存された状態は別のモデルのものなので、テキストを読み直します。</translation>
    </message>
    <message>
        <source>A continuation is still being written: stop it first (Esc).</source>
        <translation>続きをまだ書いています。先に停止してください（Esc）。</translation>
    </message>
    <message>
        <source>No model is loaded: add one in Models and press Load.</source>
        <translation>モデルが読み込まれていません。「モデル」で追加して「読み込む」を押してください。</translation>
    </message>
    <message>
        <source>Create or open a chapter first.</source>
        <translation>まず章を作成するか開いてください。</translation>
    </message>
    <message>
        <source>Write a few words first: the model continues your text.</source>
        <translation>まず何か書いてください。モデルはあなたの文章の続きを書きます。</translation>
    </message>
</context>
</TS>
