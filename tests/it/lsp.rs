//! `fogcheck --lsp` driven over stdio with real JSON-RPC framing
//! (Content-Length headers), as an editor drives it. A reader thread hands
//! messages over a channel with a timeout, so a hang fails the test.

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(20);

struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    /// Notifications read while waiting for something else.
    pending: Vec<Value>,
    next_id: i64,
}

impl Client {
    fn start(dir: &std::path::Path) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_fogcheck"))
            .arg("--lsp")
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("fogcheck --lsp starts");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let (sender, messages) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = None;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(n) = line.strip_prefix("Content-Length: ") {
                        length = n.parse::<usize>().ok();
                    }
                }
                let mut body = vec![0; length.expect("a Content-Length header")];
                if reader.read_exact(&mut body).is_err() {
                    return;
                }
                let message = serde_json::from_slice(&body).expect("a JSON message");
                if sender.send(message).is_err() {
                    return;
                }
            }
        });
        Client {
            child,
            stdin,
            messages,
            pending: Vec::new(),
            next_id: 0,
        }
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("write");
        self.stdin.flush().expect("flush");
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    fn receive(&mut self) -> Value {
        self.messages
            .recv_timeout(WAIT)
            .expect("the server answers in time")
    }

    /// Sends a request and returns its result, keeping the notifications
    /// that come first.
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        loop {
            let message = self.receive();
            if message["id"] == json!(id) && message.get("method").is_none() {
                assert!(message.get("error").is_none(), "{message}");
                return message["result"].clone();
            }
            if message.get("id").is_some() && message.get("method").is_some() {
                // A request of the server's (client/registerCapability).
                let id = message["id"].clone();
                self.send(json!({ "jsonrpc": "2.0", "id": id, "result": null }));
                continue;
            }
            self.pending.push(message);
        }
    }

    /// The next diagnostics published for `uri` at `version`.
    fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let matches = |m: &Value| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"] == version
        };
        if let Some(at) = self.pending.iter().position(matches) {
            let message = self.pending.remove(at);
            return message["params"]["diagnostics"]
                .as_array()
                .cloned()
                .unwrap_or_default();
        }
        let deadline = Instant::now() + WAIT;
        while Instant::now() < deadline {
            let message = self.receive();
            if matches(&message) {
                return message["params"]["diagnostics"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default();
            }
        }
        panic!("no diagnostics for {uri} version {version}");
    }

    /// `shutdown`, `exit`, and the process's status.
    fn finish(mut self) -> std::process::ExitStatus {
        assert_eq!(self.request("shutdown", Value::Null), Value::Null);
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("the server did not exit after `exit`");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// One session in `encoding` offered first: the negotiated encoding, the
/// exact range of fog after an emoji, hover, the disable action, a change
/// that removes the fog, shutdown and exit.
fn session(offered: &[&str], negotiated: &str, fog_column: u64) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("page.md");
    let uri = format!("file://{}", path.display());
    let mut client = Client::start(dir.path());
    let mut capabilities = json!({});
    if !offered.is_empty() {
        capabilities = json!({ "general": { "positionEncodings": offered } });
    }
    let init = client.request(
        "initialize",
        json!({ "processId": null, "rootUri": null, "capabilities": capabilities }),
    );
    assert_eq!(
        init["capabilities"]["positionEncoding"], negotiated,
        "{init}"
    );
    client.notify("initialized", json!({}));

    let text = "# Delivery\n\nHello 😀 we offer expedited shipping.\n";
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": {
            "uri": uri, "languageId": "markdown", "version": 1, "text": text } }),
    );
    let diagnostics = client.diagnostics(&uri, 1);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    let fog = &diagnostics[0];
    assert_eq!(fog["code"], "shipping/expedited-shipping");
    assert_eq!(fog["source"], "fogcheck");
    assert_eq!(fog["severity"], 2, "a warning");
    assert!(fog["codeDescription"]["href"]
        .as_str()
        .is_some_and(|h| h.starts_with("https://")));
    let length = "expedited shipping".len() as u64;
    assert_eq!(
        fog["range"],
        json!({ "start": { "line": 2, "character": fog_column },
                "end": { "line": 2, "character": fog_column + length } })
    );

    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri },
                "position": { "line": 2, "character": fog_column + 3 } }),
    );
    let shown = hover["contents"]["value"].as_str().unwrap_or_default();
    assert!(shown.contains("Roadsign"), "{hover}");
    assert!(shown.contains("{N}"), "the roadsign template: {hover}");
    let nothing = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 0, "character": 2 } }),
    );
    assert_eq!(nothing, Value::Null);

    let actions = client.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri }, "range": fog["range"],
                "context": { "diagnostics": [fog] } }),
    );
    let disable = actions
        .as_array()
        .expect("a list of actions")
        .iter()
        .find(|a| {
            a["title"]
                .as_str()
                .is_some_and(|t| t.starts_with("Disable"))
        })
        .unwrap_or_else(|| panic!("a disable action in {actions}"));
    assert_eq!(
        disable["edit"]["changes"][&uri],
        json!([{ "range": { "start": { "line": 2, "character": 0 },
                            "end": { "line": 2, "character": 0 } },
                 "newText": "<!-- fogcheck-disable-next-line shipping/expedited-shipping -->\n" }])
    );
    assert!(actions.as_array().unwrap().iter().any(|a| a["title"]
        .as_str()
        .is_some_and(|t| t.starts_with("Replace"))));

    // Removing the fog, without saving, clears its diagnostic.
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": 2 },
                "contentChanges": [{ "text": "# Delivery\n\nHello 😀 we ship today.\n" }] }),
    );
    assert_eq!(client.diagnostics(&uri, 2), Vec::<Value>::new());

    let status = client.finish();
    assert_eq!(status.code(), Some(0), "{status:?}");
}

#[test]
fn utf16_positions_by_default() {
    // "Hello " 6 units, 😀 2 (a surrogate pair), " we offer " 10.
    session(&[], "utf-16", 18);
    session(&["utf-16"], "utf-16", 18);
}

#[test]
fn utf8_positions_when_offered_first() {
    // "Hello " 6 bytes, 😀 4, " we offer " 10.
    session(&["utf-8", "utf-16"], "utf-8", 20);
}

#[test]
fn exit_without_shutdown_is_status_1() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut client = Client::start(dir.path());
    client.request(
        "initialize",
        json!({ "processId": null, "rootUri": null, "capabilities": {} }),
    );
    client.notify("initialized", json!({}));
    client.notify("exit", Value::Null);
    let deadline = Instant::now() + WAIT;
    let status = loop {
        if let Some(status) = client.child.try_wait().expect("wait") {
            break status;
        }
        assert!(Instant::now() < deadline, "the server did not exit");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(1));
}

/// The next diagnostics published for `uri`, whatever the version.
fn file_diagnostics(client: &mut Client, uri: &str) -> Vec<Value> {
    let matches =
        |m: &Value| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri;
    let message = match client.pending.iter().position(matches) {
        Some(at) => client.pending.remove(at),
        None => loop {
            let message = client.receive();
            if matches(&message) {
                break message;
            }
            client.pending.push(message);
        },
    };
    message["params"]["diagnostics"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

#[test]
fn a_saved_config_relints_and_a_broken_one_keeps_the_last_good() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = dir.path().join("fogcheck.toml");
    std::fs::write(&config, "[severity]\nshipping = \"error\"\n").expect("config");
    let config_uri = format!("file://{}", config.display());
    let uri = format!("file://{}", dir.path().join("page.md").display());
    let mut client = Client::start(dir.path());
    client.request(
        "initialize",
        json!({ "processId": null, "rootUri": null, "capabilities": {
            "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } } } }),
    );
    client.notify("initialized", json!({}));
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "markdown", "version": 1,
                                  "text": "We offer expedited shipping.\n" } }),
    );
    let severity = |d: &[Value]| d.iter().map(|d| d["severity"].clone()).collect::<Vec<_>>();
    assert_eq!(severity(&client.diagnostics(&uri, 1)), [json!(1)]);

    let changed = |client: &mut Client| {
        client.notify(
            "workspace/didChangeWatchedFiles",
            json!({ "changes": [{ "uri": config_uri, "type": 2 }] }),
        );
    };
    std::fs::write(&config, "[severity\nshipping = \"info\"\n").expect("config");
    changed(&mut client);
    let problems = file_diagnostics(&mut client, &config_uri);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0]["range"]["start"]["line"], 0);
    assert_eq!(
        severity(&client.diagnostics(&uri, 1)),
        [json!(1)],
        "the last good config stays in force"
    );

    std::fs::write(&config, "[severity]\nshipping = \"info\"\n").expect("config");
    changed(&mut client);
    assert_eq!(severity(&client.diagnostics(&uri, 1)), [json!(3)]);
    assert_eq!(
        file_diagnostics(&mut client, &config_uri),
        Vec::<Value>::new()
    );
    assert_eq!(client.finish().code(), Some(0));
}

/// The column of `needle` in `line`, counted as the protocol counts in
/// `encoding` (std's own UTF-16 encoder, not the server's code).
fn column(line: &str, needle: &str, encoding: &str) -> u64 {
    let before = &line[..line.find(needle).expect("the needle is in the line")];
    match encoding {
        "utf-8" => before.len() as u64,
        _ => before.encode_utf16().count() as u64,
    }
}

/// The (code, range) of each diagnostic, sorted by range.
fn located(diagnostics: &[Value]) -> Vec<(String, Value)> {
    let mut found: Vec<(String, Value)> = diagnostics
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or("").to_string(),
                d["range"].clone(),
            )
        })
        .collect();
    found.sort_by_key(|(_, r)| {
        (
            r["start"]["line"].as_u64(),
            r["start"]["character"].as_u64(),
        )
    });
    found
}

/// The range of `needle` in `text`, line `line`, in `encoding`.
fn range(line: u64, text: &str, needle: &str, encoding: &str) -> Value {
    let start = column(text, needle, encoding);
    let length = match encoding {
        "utf-8" => needle.len() as u64,
        _ => needle.encode_utf16().count() as u64,
    };
    json!({ "start": { "line": line, "character": start },
            "end": { "line": line, "character": start + length } })
}

/// Incremental edits (ranges in `encoding`, after emoji, across CRLF line
/// ends, past a line's end) and the diagnostics of each version.
fn incremental_session(offered: &[&str], encoding: &str) {
    let dir = tempfile::tempdir().expect("tempdir");
    let uri = format!("file://{}", dir.path().join("page.md").display());
    let mut client = Client::start(dir.path());
    let init = client.request(
        "initialize",
        json!({ "processId": null, "rootUri": null,
                "capabilities": { "general": { "positionEncodings": offered } } }),
    );
    assert_eq!(init["capabilities"]["positionEncoding"], encoding);
    assert_eq!(
        init["capabilities"]["textDocumentSync"], 2,
        "incremental sync: {init}"
    );
    client.notify("initialized", json!({}));
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "markdown", "version": 1,
                                  "text": "# Delivery\r\n\r\n😀 We ship today.\r\n" } }),
    );
    assert_eq!(client.diagnostics(&uri, 1), Vec::<Value>::new());

    // Two changes in one notification, the second read against the text
    // the first left: fog after an emoji on line 2, then a new line 1 with
    // two emoji before its fog.
    let line2 = "😀 We ship today.";
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": 2 }, "contentChanges": [
            { "range": range(2, line2, "ship today", encoding), "text": "offer expedited shipping" },
            { "range": { "start": { "line": 1, "character": 0 },
                         "end": { "line": 1, "character": 0 } },
              "text": "😀😀 Setup is effortless.\r\n" },
        ] }),
    );
    let line1 = "😀😀 Setup is effortless.";
    let line3 = "😀 We offer expedited shipping.";
    assert_eq!(
        located(&client.diagnostics(&uri, 2)),
        [
            (
                "ease/effortless".into(),
                range(1, line1, "effortless", encoding)
            ),
            (
                "shipping/expedited-shipping".into(),
                range(3, line3, "expedited shipping", encoding)
            ),
        ]
    );

    // Version 3: delete "expedited " after the emoji, and append past the
    // end of line 3 (the server clamps to before its CRLF), then rewrite
    // the start of line 1 (UTF-8 ranges land on character boundaries).
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": 3 }, "contentChanges": [
            { "range": range(3, line3, "expedited ", encoding), "text": "" },
            { "range": { "start": { "line": 3, "character": 200 },
                         "end": { "line": 3, "character": 300 } },
              "text": " It is always available." },
            { "range": range(1, line1, "😀😀 Setup", encoding), "text": "Install" },
        ] }),
    );
    let line1 = "Install is effortless.";
    let line3 = "😀 We offer shipping. It is always available.";
    assert_eq!(
        located(&client.diagnostics(&uri, 3)),
        [
            (
                "ease/effortless".into(),
                range(1, line1, "effortless", encoding)
            ),
            (
                "availability/always-available".into(),
                range(3, line3, "always available", encoding)
            ),
        ]
    );

    // A change without a range replaces the whole text.
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": 4 },
                "contentChanges": [{ "text": "😀 Setup is effortless.\n" }] }),
    );
    assert_eq!(
        located(&client.diagnostics(&uri, 4)),
        [(
            "ease/effortless".into(),
            range(0, "😀 Setup is effortless.", "effortless", encoding)
        )]
    );
    assert_eq!(client.finish().code(), Some(0));
}

#[test]
fn incremental_changes_in_utf16() {
    incremental_session(&[], "utf-16");
}

#[test]
fn incremental_changes_in_utf8() {
    incremental_session(&["utf-8"], "utf-8");
}

/// Waits for the diagnostics of the config or rule file `uri` at `version`
/// (`null` once closed), dropping every message before them: what comes
/// after is what the server did after that edit.
fn after_settings(client: &mut Client, uri: &str, version: Value) -> Vec<Value> {
    client.pending.clear();
    let deadline = Instant::now() + WAIT;
    while Instant::now() < deadline {
        let message = client.receive();
        if message["method"] == "textDocument/publishDiagnostics"
            && message["params"]["uri"] == uri
            && message["params"]["version"] == version
        {
            return message["params"]["diagnostics"]
                .as_array()
                .cloned()
                .unwrap_or_default();
        }
    }
    panic!("no diagnostics for {uri} version {version}");
}

fn severities(diagnostics: &[Value]) -> Vec<(String, i64)> {
    diagnostics
        .iter()
        .map(|d| {
            let code = d["code"].as_str().unwrap_or("").to_string();
            (code, d["severity"].as_i64().unwrap_or(0))
        })
        .collect()
}

fn open(client: &mut Client, uri: &str, language: &str, text: &str) {
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": language, "version": 1,
                                  "text": text } }),
    );
}

fn replace(client: &mut Client, uri: &str, version: i64, text: &str) {
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": version },
                "contentChanges": [{ "text": text }] }),
    );
}

#[test]
fn an_unsaved_config_buffer_is_the_config_until_closed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = dir.path().join("fogcheck.toml");
    let on_disk = "[severity]\nshipping = \"error\"\n";
    std::fs::write(&config, on_disk).expect("config");
    let config_uri = format!("file://{}", config.display());
    let uri = format!("file://{}", dir.path().join("page.md").display());
    let mut client = Client::start(dir.path());
    client.request(
        "initialize",
        json!({ "processId": null, "rootUri": null, "capabilities": {} }),
    );
    client.notify("initialized", json!({}));
    open(
        &mut client,
        &uri,
        "markdown",
        "We offer expedited shipping.\n",
    );
    let shipping = |severity: i64| vec![("shipping/expedited-shipping".to_string(), severity)];
    assert_eq!(severities(&client.diagnostics(&uri, 1)), shipping(1));

    // Opened as it is on disk: nothing changes.
    open(&mut client, &config_uri, "toml", on_disk);
    assert_eq!(
        after_settings(&mut client, &config_uri, json!(1)),
        Vec::<Value>::new()
    );
    assert_eq!(severities(&client.diagnostics(&uri, 1)), shipping(1));

    // Edited, not saved: the buffer is the config.
    replace(
        &mut client,
        &config_uri,
        2,
        "[severity]\nshipping = \"info\"\n",
    );
    assert_eq!(
        after_settings(&mut client, &config_uri, json!(2)),
        Vec::<Value>::new()
    );
    assert_eq!(severities(&client.diagnostics(&uri, 1)), shipping(3));

    // Broken, not saved: a diagnostic on the buffer, at the broken line,
    // and the last good config (the buffer's, "info") stays in force.
    replace(
        &mut client,
        &config_uri,
        3,
        "# house style\n[severity\nshipping = \"warning\"\n",
    );
    let problems = after_settings(&mut client, &config_uri, json!(3));
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0]["range"]["start"]["line"], 1, "{problems:?}");
    assert_eq!(problems[0]["severity"], 1);
    assert_eq!(severities(&client.diagnostics(&uri, 1)), shipping(3));

    // Closed without saving: the file on disk again.
    client.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": config_uri } }),
    );
    assert_eq!(
        after_settings(&mut client, &config_uri, Value::Null),
        Vec::<Value>::new()
    );
    assert_eq!(severities(&client.diagnostics(&uri, 1)), shipping(1));
    assert_eq!(std::fs::read_to_string(&config).expect("config"), on_disk);
    assert_eq!(client.finish().code(), Some(0));
}

#[test]
fn an_unsaved_rule_file_buffer_is_the_rule_until_closed() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("fogcheck.toml"), "rules = [\"house\"]\n").expect("config");
    let rules = dir.path().join("house");
    std::fs::create_dir(&rules).expect("rule folder");
    let rule = |severity: &str| {
        format!(
            "summary = \"Magic claim\"\nseverity = \"{severity}\"\n\
             message = \"“{{match}}” says nothing a buyer can check.\"\n\
             why = \"Magic is not a feature.\"\nroadsign = \"It does {{X}} in {{N}} seconds.\"\n\
             [match]\nkind = \"phrases\"\nphrases = [\"pure magic\"]\n\
             [[examples]]\ntext = \"It is pure magic.\"\nfog = [\"pure magic\"]\n\
             [[examples]]\ntext = \"It sorts 1,000 rows in 2 seconds.\"\nfog = []\n"
        )
    };
    let file = rules.join("magic.toml");
    std::fs::write(&file, rule("warning")).expect("rule");
    let rule_uri = format!("file://{}", file.display());
    let uri = format!("file://{}", dir.path().join("page.md").display());
    let mut client = Client::start(dir.path());
    client.request(
        "initialize",
        json!({ "processId": null, "rootUri": null, "capabilities": {} }),
    );
    client.notify("initialized", json!({}));
    open(
        &mut client,
        &uri,
        "markdown",
        "Our sorting is pure magic.\n",
    );
    let magic = |severity: i64| vec![("house/magic".to_string(), severity)];
    assert_eq!(severities(&client.diagnostics(&uri, 1)), magic(2));

    open(&mut client, &rule_uri, "toml", &rule("warning"));
    after_settings(&mut client, &rule_uri, json!(1));
    assert_eq!(severities(&client.diagnostics(&uri, 1)), magic(2));

    replace(&mut client, &rule_uri, 2, &rule("error"));
    assert_eq!(
        after_settings(&mut client, &rule_uri, json!(2)),
        Vec::<Value>::new()
    );
    assert_eq!(severities(&client.diagnostics(&uri, 1)), magic(1));

    // Broken, not saved: a diagnostic on the buffer; the rule does not load.
    replace(
        &mut client,
        &rule_uri,
        3,
        "summary = \"Magic claim\"\n[match\n",
    );
    let problems = after_settings(&mut client, &rule_uri, json!(3));
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0]["range"]["start"]["line"], 1, "{problems:?}");
    assert_eq!(severities(&client.diagnostics(&uri, 1)), vec![]);

    client.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": rule_uri } }),
    );
    after_settings(&mut client, &rule_uri, Value::Null);
    assert_eq!(severities(&client.diagnostics(&uri, 1)), magic(2));
    assert_eq!(client.finish().code(), Some(0));
}
