//! `fogcheck --lsp`: a Language Server over standard input and output.
//!
//! Documents (Markdown, MDX, HTML, plain text) are linted through
//! `lint::lint_file`, the command line's own per-file path, with the config
//! found upward from each document's path (`discover`). Incremental sync
//! (`apply_changes`, through `position::Lines::offset`);
//! diagnostics are published on open at once and on each change after a
//! short debounce, with the version they were computed for. Positions are
//! in the negotiated encoding (`position`). Hover shows a finding's rule;
//! code actions replace the fog with the rule's roadsign (placeholders
//! kept) or insert a `fogcheck-disable-next-line` comment in the file's own
//! comment syntax. Edits to `fogcheck.toml` and rule files re-lint open
//! documents: saved ones (watched through
//! `workspace/didChangeWatchedFiles`), and unsaved ones in the editor (a
//! config or rule file open in the editor is read from its buffer until it
//! is closed). A broken config is a diagnostic on the config file (its
//! buffer when open), and the last good one stays in force.

pub mod position;
mod uri;

use crate::check::{Matcher, Workload};
use crate::config::{CliSelection, Config};
use crate::diagnostic::FileDiagnostic;
use crate::discover::Configs;
use crate::finding::Finding;
use crate::rule::{load_pack_with, RulePack, Severity};
use crate::source::{FileKind, SourceFile};
use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument, DidOpenTextDocument,
    Notification as _, PublishDiagnostics,
};
use lsp_types::request::{CodeActionRequest, HoverRequest, Request as _};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams,
    CodeActionProviderCapability, CodeDescription, Diagnostic, DiagnosticSeverity,
    DidChangeTextDocumentParams, DidChangeWatchedFilesParams, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, Hover, HoverContents, HoverParams, HoverProviderCapability,
    InitializeParams, MarkupContent, MarkupKind, NumberOrString, Position,
    PublishDiagnosticsParams, Range, ServerCapabilities, ServerInfo,
    TextDocumentContentChangeEvent, TextDocumentSyncCapability, TextDocumentSyncKind, TextEdit,
    Uri, WorkspaceEdit,
};
use position::{Encoding, Lines};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

type Error = Box<dyn std::error::Error + Send + Sync>;

/// How long after a change the document is linted: a burst of keystrokes
/// is linted once, at its end.
pub const DEBOUNCE: Duration = Duration::from_millis(120);

/// How the server ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// `shutdown` then `exit`.
    Clean,
    /// `exit` without `shutdown`, or the client went away.
    Abrupt,
}

/// Serves the protocol on standard input and output until `exit`.
pub fn serve() -> std::io::Result<Ending> {
    let (connection, io_threads) = Connection::stdio();
    let ending = serve_on(&connection).map_err(|e| std::io::Error::other(e.to_string()))?;
    drop(connection);
    io_threads.join()?;
    Ok(ending)
}

/// Serves the protocol on `connection` (standard input and output, or an
/// in-memory pair in tests).
pub fn serve_on(connection: &Connection) -> Result<Ending, Error> {
    let (id, params) = connection.initialize_start()?;
    let params: InitializeParams = serde_json::from_value(params)?;
    let encoding = Encoding::negotiate(
        params
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_deref()),
    );
    let capabilities = ServerCapabilities {
        position_encoding: Some(encoding.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Kind(
            TextDocumentSyncKind::INCREMENTAL,
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        ..ServerCapabilities::default()
    };
    let result = serde_json::json!({
        "capabilities": capabilities,
        "serverInfo": ServerInfo {
            name: "fogcheck".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
        },
    });
    connection.initialize_finish(id, result)?;
    let watch = params
        .capabilities
        .workspace
        .as_ref()
        .and_then(|w| w.did_change_watched_files)
        .and_then(|w| w.dynamic_registration)
        .unwrap_or(false);
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/"));
    let mut server = Server::new(connection, encoding, cwd);
    if watch {
        server.register_watchers()?;
    }
    server.run()
}

/// An open document.
struct Document {
    uri: Uri,
    path: PathBuf,
    kind: Option<FileKind>,
    text: String,
    version: i32,
    /// When it is due to be linted (after a change), if it is.
    due: Option<Instant>,
    /// The findings of the last lint, for hover and code actions, with the
    /// text they were found in.
    linted: Option<Linted>,
}

struct Linted {
    text: String,
    lines: Lines,
    findings: Vec<Finding>,
}

/// A pack and its matcher, for one set of rule folders.
struct Engine {
    pack: RulePack,
    matcher: Matcher,
}

struct Server<'a> {
    connection: &'a Connection,
    encoding: Encoding,
    cwd: PathBuf,
    configs: Configs,
    /// The last config of each config file that loaded and validated.
    last_good: HashMap<PathBuf, Arc<Config>>,
    /// The problems of each config and rule file, as last published.
    file_problems: HashMap<PathBuf, Vec<FileDiagnostic>>,
    engines: HashMap<Vec<PathBuf>, Arc<Engine>>,
    documents: HashMap<String, Document>,
    /// The text of the config and rule files open in the editor, by path
    /// (absolute): used instead of the files on disk.
    unsaved: HashMap<PathBuf, String>,
    next_request: i32,
}

impl<'a> Server<'a> {
    fn new(connection: &'a Connection, encoding: Encoding, cwd: PathBuf) -> Server<'a> {
        Server {
            connection,
            encoding,
            configs: Configs::discover(&cwd, crate::settings::DEFAULT_MAX_FILE_SIZE),
            cwd,
            last_good: HashMap::new(),
            file_problems: HashMap::new(),
            engines: HashMap::new(),
            documents: HashMap::new(),
            unsaved: HashMap::new(),
            next_request: 0,
        }
    }

    fn send(&self, message: Message) -> Result<(), Error> {
        self.connection.sender.send(message)?;
        Ok(())
    }

    /// Asks the client to tell us about saved config and rule files.
    fn register_watchers(&mut self) -> Result<(), Error> {
        self.next_request += 1;
        let params = serde_json::json!({
            "registrations": [{
                "id": "fogcheck-watch",
                "method": DidChangeWatchedFiles::METHOD,
                "registerOptions": { "watchers": [{ "globPattern": "**/*.toml" }] },
            }]
        });
        self.send(Message::Request(Request::new(
            RequestId::from(format!("fogcheck-{}", self.next_request)),
            "client/registerCapability".into(),
            params,
        )))
    }

    fn run(&mut self) -> Result<Ending, Error> {
        loop {
            let next_due = self.documents.values().filter_map(|d| d.due).min();
            let message = match next_due {
                Some(due) => {
                    let wait = due.saturating_duration_since(Instant::now());
                    match self.connection.receiver.recv_timeout(wait) {
                        Ok(message) => Some(message),
                        Err(e) if e.is_timeout() => None,
                        Err(_) => return Ok(Ending::Abrupt),
                    }
                }
                None => match self.connection.receiver.recv() {
                    Ok(message) => Some(message),
                    Err(_) => return Ok(Ending::Abrupt),
                },
            };
            match message {
                None => self.lint_due()?,
                Some(Message::Request(request)) => {
                    if self.connection.handle_shutdown(&request)? {
                        return Ok(Ending::Clean);
                    }
                    self.request(request)?;
                }
                Some(Message::Notification(notification)) => {
                    if notification.method == "exit" {
                        return Ok(Ending::Abrupt);
                    }
                    self.notification(notification)?;
                }
                Some(Message::Response(_)) => {}
            }
        }
    }

    fn request(&mut self, request: Request) -> Result<(), Error> {
        let id = request.id.clone();
        let result = match request.method.as_str() {
            HoverRequest::METHOD => {
                let params: HoverParams = serde_json::from_value(request.params)?;
                serde_json::to_value(self.hover(&params))?
            }
            CodeActionRequest::METHOD => {
                let params: CodeActionParams = serde_json::from_value(request.params)?;
                serde_json::to_value(self.code_actions(&params))?
            }
            _ => {
                return self.send(Message::Response(Response::new_err(
                    id,
                    lsp_server::ErrorCode::MethodNotFound as i32,
                    format!("fogcheck does not answer {}", request.method),
                )));
            }
        };
        self.send(Message::Response(Response::new_ok(id, result)))
    }

    fn notification(&mut self, n: Notification) -> Result<(), Error> {
        match n.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let params: DidOpenTextDocumentParams = serde_json::from_value(n.params)?;
                let item = params.text_document;
                let path = uri::to_path(&item.uri);
                let kind = FileKind::from_path(&path).or(match item.language_id.as_str() {
                    "markdown" => Some(FileKind::Markdown),
                    "mdx" => Some(FileKind::Mdx),
                    "html" => Some(FileKind::Html),
                    "php" | "erb" | "nunjucks" | "liquid" | "handlebars" | "jinja" => {
                        Some(FileKind::Template)
                    }
                    "restructuredtext" => Some(FileKind::Rst),
                    "asciidoc" => Some(FileKind::AsciiDoc),
                    "plaintext" | "text" => Some(FileKind::Text),
                    _ => None,
                });
                let key = item.uri.as_str().to_string();
                let settings = kind.is_none() && self.is_settings(&path);
                self.documents.insert(
                    key.clone(),
                    Document {
                        uri: item.uri,
                        path,
                        kind,
                        text: item.text,
                        version: item.version,
                        due: None,
                        linted: None,
                    },
                );
                if kind.is_none() {
                    // A config or rule file opened in the editor: its text
                    // is used from now on, saved or not.
                    self.refresh_unsaved();
                    if settings {
                        self.reload()?;
                    }
                } else {
                    self.lint(&key)?;
                }
            }
            DidChangeTextDocument::METHOD => {
                let params: DidChangeTextDocumentParams = serde_json::from_value(n.params)?;
                let key = params.text_document.uri.as_str();
                if let Some(document) = self.documents.get_mut(key) {
                    apply_changes(&mut document.text, params.content_changes, self.encoding);
                    document.version = params.text_document.version;
                    document.due = Some(Instant::now() + DEBOUNCE);
                    if document.kind.is_none() {
                        self.refresh_unsaved();
                    }
                }
            }
            DidCloseTextDocument::METHOD => {
                let params: DidCloseTextDocumentParams = serde_json::from_value(n.params)?;
                if let Some(document) = self.documents.remove(params.text_document.uri.as_str()) {
                    self.publish(document.uri, Vec::new(), None)?;
                    self.refresh_unsaved();
                    if document.kind.is_none() && self.is_settings(&document.path) {
                        // Back to the file on disk.
                        self.reload()?;
                    }
                }
            }
            DidChangeWatchedFiles::METHOD => {
                let _: DidChangeWatchedFilesParams = serde_json::from_value(n.params)?;
                self.reload()?;
            }
            _ => {}
        }
        Ok(())
    }

    /// True for a config file (`fogcheck.toml`, `.fogcheck.toml`) or a
    /// TOML file under a rule folder in use: a file whose edits change how
    /// documents are linted.
    fn is_settings(&self, path: &Path) -> bool {
        let path = crate::config::absolute(path, &self.cwd);
        let named = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| crate::config::CONFIG_NAMES.contains(&n));
        named
            || (path.extension().is_some_and(|e| e == "toml")
                && self
                    .engines
                    .keys()
                    .flatten()
                    .any(|dir| path.starts_with(dir)))
    }

    /// Takes the text of every TOML file open in the editor (config and
    /// rule files) for packs and configs loaded from now on.
    fn refresh_unsaved(&mut self) {
        self.unsaved = self
            .documents
            .values()
            .filter(|d| d.kind.is_none() && d.path.extension().is_some_and(|e| e == "toml"))
            .map(|d| (crate::config::absolute(&d.path, &self.cwd), d.text.clone()))
            .collect();
    }

    /// Forgets every config and pack, then re-lints every open document.
    /// Config and rule files open in the editor are read from their
    /// buffers, saved or not.
    fn reload(&mut self) -> Result<(), Error> {
        // Known before the packs (and with them the rule folders) go.
        let settings: Vec<PathBuf> = self
            .documents
            .values()
            .filter(|d| d.kind.is_none() && self.is_settings(&d.path))
            .map(|d| crate::config::absolute(&d.path, &self.cwd))
            .collect();
        self.configs = Configs::discover(&self.cwd, crate::settings::DEFAULT_MAX_FILE_SIZE)
            .with_unsaved(self.unsaved.clone());
        self.engines.clear();
        let mut problems = HashMap::new();
        std::mem::swap(&mut problems, &mut self.file_problems);
        // Every config and pack in use loaded first (an open config file
        // even with no document under it), so that their problems are
        // known before anything is published.
        let paths: Vec<PathBuf> = self
            .documents
            .values()
            .filter(|d| {
                d.kind.is_some()
                    || d.path
                        .file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| crate::config::CONFIG_NAMES.contains(&n))
            })
            .map(|d| d.path.clone())
            .collect();
        for path in paths {
            self.settle_config(&path);
        }
        // The open config and rule files first: their problems, or none.
        self.publish_file_problems()?;
        for document in self.documents.values() {
            let path = crate::config::absolute(&document.path, &self.cwd);
            if settings.contains(&path) && !self.file_problems.contains_key(&path) {
                self.publish(document.uri.clone(), Vec::new(), Some(document.version))?;
            }
        }
        let keys: Vec<String> = self
            .documents
            .iter()
            .filter(|(_, d)| d.kind.is_some())
            .map(|(k, _)| k.clone())
            .collect();
        for key in keys {
            self.lint(&key)?;
        }
        self.publish_file_problems()?;
        // Files whose problems are gone get an empty list.
        for (path, _) in problems {
            if !self.file_problems.contains_key(&path) {
                self.publish_file(&path, Vec::new())?;
            }
        }
        Ok(())
    }

    fn lint_due(&mut self) -> Result<(), Error> {
        let now = Instant::now();
        let due: Vec<String> = self
            .documents
            .iter()
            .filter(|(_, d)| d.due.is_some_and(|t| t <= now))
            .map(|(k, _)| k.clone())
            .collect();
        let mut settings_changed = false;
        for key in &due {
            if let Some(document) = self.documents.get_mut(key) {
                document.due = None;
                if document.kind.is_none() {
                    let path = document.path.clone();
                    settings_changed |= self.is_settings(&path);
                }
            }
        }
        if settings_changed {
            // Re-lints every document, these too.
            return self.reload();
        }
        for key in due {
            self.lint(&key)?;
        }
        Ok(())
    }

    /// The config for a document at `path`, and the problems of its config
    /// file if it is broken (then the last good one, or none, is used).
    fn config_for(&mut self, path: &Path) -> Arc<Config> {
        let folder = crate::config::absolute(path, &self.cwd)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| self.cwd.clone());
        let file = self.configs.nearest_file(&folder);
        match self.configs.for_folder(&folder, None) {
            Some(config) => {
                if let Some(file) = &file {
                    self.file_problems.remove(file);
                }
                config
            }
            None => {
                let errors = self.configs.take_errors();
                let file = file.unwrap_or_default();
                if !errors.is_empty() {
                    self.file_problems.insert(file.clone(), errors);
                }
                self.last_good
                    .get(&file)
                    .cloned()
                    .unwrap_or_else(|| Arc::new(Config::empty(&folder)))
            }
        }
    }

    /// The pack and matcher for a config's rule folders, loaded once.
    fn engine_for(&mut self, config: &Config) -> Arc<Engine> {
        if let Some(engine) = self.engines.get(&config.rules) {
            return engine.clone();
        }
        let (pack, errors) = load_pack_with(&config.rules, &self.unsaved);
        for error in errors {
            self.file_problems
                .entry(error.path.clone())
                .or_default()
                .push(error);
        }
        let matcher = Matcher::compile_for(&pack, Workload::Many);
        let engine = Arc::new(Engine { pack, matcher });
        self.engines.insert(config.rules.clone(), engine.clone());
        engine
    }

    /// The config in force for a document at `path` and its engine: the
    /// nearest config if it loads and validates against its pack (then it
    /// is the last good one), else the last good one, with the problems
    /// kept for the config file.
    fn settle_config(&mut self, path: &Path) -> (Arc<Config>, Arc<Engine>) {
        let mut config = self.config_for(path);
        let engine = self.engine_for(&config);
        if let Some(file) = config.path.clone() {
            let file = crate::config::absolute(&file, &self.cwd);
            let errors = config.validate(&engine.pack);
            if errors.is_empty() {
                self.last_good.insert(file.clone(), config.clone());
            } else {
                if let Some(good) = self.last_good.get(&file) {
                    config = good.clone();
                }
                self.file_problems.insert(file, errors);
            }
        }
        (config, engine)
    }

    /// Publishes the problems of every config and rule file.
    fn publish_file_problems(&self) -> Result<(), Error> {
        let problems: Vec<(PathBuf, Vec<Diagnostic>)> = self
            .file_problems
            .iter()
            .map(|(path, errors)| {
                let diagnostics = errors.iter().map(|e| self.file_diagnostic(e)).collect();
                (path.clone(), diagnostics)
            })
            .collect();
        for (path, diagnostics) in problems {
            self.publish_file(&path, diagnostics)?;
        }
        Ok(())
    }

    /// Publishes the diagnostics of a config or rule file: to its open
    /// buffer (its URI and version) when the editor has it open.
    fn publish_file(&self, path: &Path, diagnostics: Vec<Diagnostic>) -> Result<(), Error> {
        let path = crate::config::absolute(path, &self.cwd);
        let open = self
            .documents
            .values()
            .find(|d| crate::config::absolute(&d.path, &self.cwd) == path);
        match open {
            Some(document) => {
                self.publish(document.uri.clone(), diagnostics, Some(document.version))
            }
            None => self.publish(uri::from_path(&path), diagnostics, None),
        }
    }

    /// Lints the document `key` now and publishes its diagnostics (and
    /// those of its config file).
    fn lint(&mut self, key: &str) -> Result<(), Error> {
        let Some(document) = self.documents.get(key) else {
            return Ok(());
        };
        let (path, kind) = (document.path.clone(), document.kind);
        let Some(kind) = kind else {
            return Ok(());
        };
        let (config, engine) = self.settle_config(&path);
        self.publish_file_problems()?;

        let Some(document) = self.documents.get_mut(key) else {
            return Ok(());
        };
        document.due = None;
        let (diagnostics, linted) =
            match SourceFile::from_bytes(path.clone(), kind, document.text.as_bytes().to_vec()) {
                Ok(file) => {
                    let linted = crate::lint::lint_file(
                        &file,
                        &config,
                        &CliSelection::default(),
                        &self.cwd,
                        &engine.pack,
                        &engine.matcher,
                    );
                    let lines = Lines::new(file.text());
                    let text = file.text();
                    let mut diagnostics: Vec<Diagnostic> = linted
                        .findings
                        .iter()
                        .map(|f| finding_diagnostic(f, &engine.pack, text, &lines, self.encoding))
                        .collect();
                    diagnostics.extend(linted.errors.iter().map(|e| Diagnostic {
                        range: Range::new(
                            lines.position(text, e.span.start(), self.encoding),
                            lines.position(text, e.span.end(), self.encoding),
                        ),
                        severity: Some(DiagnosticSeverity::ERROR),
                        source: Some("fogcheck".into()),
                        message: e.message.clone(),
                        ..Diagnostic::default()
                    }));
                    let linted = Linted {
                        text: document.text.clone(),
                        lines,
                        findings: linted.findings,
                    };
                    (diagnostics, Some(linted))
                }
                Err(e) => (
                    vec![Diagnostic {
                        range: Range::default(),
                        severity: Some(DiagnosticSeverity::ERROR),
                        source: Some("fogcheck".into()),
                        message: e.to_string(),
                        ..Diagnostic::default()
                    }],
                    None,
                ),
            };
        document.linted = linted;
        let (uri, version) = (document.uri.clone(), document.version);
        self.publish(uri, diagnostics, Some(version))
    }

    fn file_diagnostic(&self, error: &FileDiagnostic) -> Diagnostic {
        let text = error.text();
        let lines = Lines::new(text);
        let range = error.span().map_or_else(Range::default, |span| {
            Range::new(
                lines.position(text, span.start, self.encoding),
                lines.position(text, span.end, self.encoding),
            )
        });
        Diagnostic {
            range,
            severity: Some(DiagnosticSeverity::ERROR),
            source: Some("fogcheck".into()),
            message: error.message.clone(),
            ..Diagnostic::default()
        }
    }

    fn publish(
        &self,
        uri: Uri,
        diagnostics: Vec<Diagnostic>,
        version: Option<i32>,
    ) -> Result<(), Error> {
        let params = PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        };
        self.send(Message::Notification(Notification::new(
            PublishDiagnostics::METHOD.into(),
            params,
        )))
    }

    /// The findings of the document `uri` whose range holds `at` (or, with
    /// `to`, meets the range `at..to`), with their ranges.
    fn findings_at(
        &self,
        uri: &Uri,
        at: Position,
        to: Position,
    ) -> Vec<(&Finding, Range, &Linted)> {
        let Some(linted) = self
            .documents
            .get(uri.as_str())
            .and_then(|d| d.linted.as_ref())
        else {
            return Vec::new();
        };
        linted
            .findings
            .iter()
            .filter_map(|f| {
                let range = Range::new(
                    linted
                        .lines
                        .position(&linted.text, f.span.start(), self.encoding),
                    linted
                        .lines
                        .position(&linted.text, f.span.end(), self.encoding),
                );
                (range.start <= to && at <= range.end).then_some((f, range, linted))
            })
            .collect()
    }

    fn hover(&self, params: &HoverParams) -> Option<Hover> {
        let at = params.text_document_position_params.position;
        let uri = &params.text_document_position_params.text_document.uri;
        let engine = self.engine_of(uri)?;
        let found = self.findings_at(uri, at, at);
        let (finding, range, _) = found.first()?;
        let mut text = String::new();
        match engine.pack.find(finding.rule.as_str()) {
            Some(rule) => {
                text.push_str(&format!("**{}** ({})\n\n", rule.summary, rule.id));
                text.push_str(&format!("{}\n\n", rule.why.trim()));
                text.push_str(&format!("**Roadsign:** {}", rule.roadsign));
                if let Some(link) = &rule.link {
                    text.push_str(&format!("\n\n[Guidance]({link})"));
                }
            }
            None => {
                text.push_str(&format!(
                    "**{}** ({})\n\n{}\n\n**Roadsign:** {}",
                    crate::suppress::UNUSED_SUMMARY,
                    finding.rule,
                    crate::suppress::UNUSED_WHY,
                    finding.roadsign
                ));
            }
        }
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: text,
            }),
            range: Some(*range),
        })
    }

    /// The engine a document was last linted with.
    fn engine_of(&self, uri: &Uri) -> Option<Arc<Engine>> {
        let document = self.documents.get(uri.as_str())?;
        let folder = crate::config::absolute(&document.path, &self.cwd);
        let folder = folder.parent()?;
        let config = self.configs.for_folder(folder, None)?;
        self.engines
            .get(&config.rules)
            .cloned()
            .or_else(|| self.engines.values().next().cloned())
    }

    fn code_actions(&self, params: &CodeActionParams) -> Vec<CodeActionOrCommand> {
        let uri = &params.text_document.uri;
        let Some(document) = self.documents.get(uri.as_str()) else {
            return Vec::new();
        };
        let engine = self.engine_of(uri);
        let mut actions = Vec::new();
        for (finding, range, linted) in self.findings_at(uri, params.range.start, params.range.end)
        {
            if finding.in_prose.is_none() {
                // An unused suppression: nothing to replace or silence.
                continue;
            }
            let edit = |edits: Vec<TextEdit>| WorkspaceEdit {
                changes: Some(HashMap::from([(uri.clone(), edits)])),
                ..WorkspaceEdit::default()
            };
            let roadsign = engine
                .as_ref()
                .and_then(|e| e.pack.find(finding.rule.as_str()))
                .map_or_else(|| finding.roadsign.to_string(), |r| r.roadsign.to_string());
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: format!("Replace with the roadsign: {roadsign}"),
                kind: Some(CodeActionKind::QUICKFIX),
                edit: Some(edit(vec![TextEdit::new(range, roadsign)])),
                ..CodeAction::default()
            }));
            let line = range.start.line as usize;
            let start = linted.lines.line_start(line).unwrap_or(0);
            let rest = &linted.text[start..];
            let indent: String = rest
                .chars()
                .take_while(|c| *c == ' ' || *c == '\t')
                .collect();
            let newline = if rest.contains("\r\n") && rest.find("\r\n") < rest.find('\n') {
                "\r\n"
            } else {
                "\n"
            };
            if document.kind == Some(FileKind::Json) {
                continue;
            }
            let comment = disable_comment(document.kind, finding.rule.as_str());
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: format!("Disable {} for the next line", finding.rule),
                kind: Some(CodeActionKind::QUICKFIX),
                edit: Some(edit(vec![TextEdit::new(
                    Range::new(Position::new(line as u32, 0), Position::new(line as u32, 0)),
                    format!("{indent}{comment}{newline}"),
                )])),
                ..CodeAction::default()
            }));
        }
        actions
    }
}

/// Applies a `didChange`'s changes to `text`, in order: a change with a
/// range replaces that range (its positions in `encoding`, read against the
/// text as the changes before it left it), one without replaces the whole
/// text.
pub fn apply_changes(
    text: &mut String,
    changes: Vec<TextDocumentContentChangeEvent>,
    encoding: Encoding,
) {
    for change in changes {
        match change.range {
            Some(range) => {
                let lines = Lines::new(text);
                let start = lines.offset(text, range.start, encoding);
                let end = lines.offset(text, range.end, encoding).max(start);
                text.replace_range(start..end, &change.text);
            }
            None => *text = change.text,
        }
    }
}

/// `fogcheck-disable-next-line RULE` in the comment syntax of `kind`
/// (JSON has none: its files take `accept` or `ignore-keys` instead, and
/// the action is not offered there).
pub fn disable_comment(kind: Option<FileKind>, rule: &str) -> String {
    let directive = format!("fogcheck-disable-next-line {rule}");
    match kind {
        Some(FileKind::Mdx) => format!("{{/* {directive} */}}"),
        Some(FileKind::Text) => directive,
        Some(FileKind::Yaml | FileKind::Toml | FileKind::Fluent | FileKind::Json) => {
            format!("# {directive}")
        }
        Some(FileKind::Rst) => format!(".. {directive}"),
        Some(FileKind::AsciiDoc) => format!("// {directive}"),
        Some(FileKind::Markdown | FileKind::Html | FileKind::Template) | None => {
            format!("<!-- {directive} -->")
        }
    }
}

fn finding_diagnostic(
    finding: &Finding,
    pack: &RulePack,
    text: &str,
    lines: &Lines,
    encoding: Encoding,
) -> Diagnostic {
    let link = pack
        .find(finding.rule.as_str())
        .and_then(|r| r.link.as_deref())
        .and_then(|link| link.parse::<Uri>().ok());
    Diagnostic {
        range: Range::new(
            lines.position(text, finding.span.start(), encoding),
            lines.position(text, finding.span.end(), encoding),
        ),
        severity: Some(match finding.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Info => DiagnosticSeverity::INFORMATION,
        }),
        code: Some(NumberOrString::String(finding.rule.to_string())),
        code_description: link.map(|href| CodeDescription { href }),
        source: Some("fogcheck".into()),
        message: finding.message.clone(),
        ..Diagnostic::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(
        range: Option<((u32, u32), (u32, u32))>,
        text: &str,
    ) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: range.map(|((l0, c0), (l1, c1))| {
                Range::new(Position::new(l0, c0), Position::new(l1, c1))
            }),
            range_length: None,
            text: text.into(),
        }
    }

    #[test]
    fn changes_apply_in_order_in_the_negotiated_encoding() {
        let mut text = String::from("😀 fast\r\nshipping\n");
        // UTF-16: the emoji is 2 units, so "fast" starts at 3.
        apply_changes(
            &mut text,
            vec![
                change(Some(((0, 3), (0, 7))), "quick"),
                // Read against the text the first change left.
                change(Some(((0, 8), (0, 99))), "!"),
                change(Some(((1, 0), (1, 0))), "free "),
            ],
            Encoding::Utf16,
        );
        assert_eq!(text, "😀 quick!\r\nfree shipping\n");
        // UTF-8: the emoji is 4 bytes. A range across lines.
        apply_changes(
            &mut text,
            vec![change(Some(((0, 5), (1, 5))), "slow ")],
            Encoding::Utf8,
        );
        assert_eq!(text, "😀 slow shipping\n");
        // Past the last line: an append.
        apply_changes(
            &mut text,
            vec![change(Some(((9, 0), (9, 0))), "end")],
            Encoding::Utf16,
        );
        assert_eq!(text, "😀 slow shipping\nend");
        // No range: the whole text, then a range against it.
        apply_changes(
            &mut text,
            vec![change(None, "new\n"), change(Some(((0, 0), (0, 1))), "N")],
            Encoding::Utf16,
        );
        assert_eq!(text, "New\n");
        // An end before the start deletes nothing.
        apply_changes(
            &mut text,
            vec![change(Some(((0, 2), (0, 1))), "-")],
            Encoding::Utf16,
        );
        assert_eq!(text, "Ne-w\n");
    }

    #[test]
    fn disable_comments_use_the_files_syntax() {
        let rule = "shipping/free-shipping";
        assert_eq!(
            disable_comment(Some(FileKind::Markdown), rule),
            "<!-- fogcheck-disable-next-line shipping/free-shipping -->"
        );
        assert_eq!(
            disable_comment(Some(FileKind::Html), rule),
            "<!-- fogcheck-disable-next-line shipping/free-shipping -->"
        );
        assert_eq!(
            disable_comment(Some(FileKind::Mdx), rule),
            "{/* fogcheck-disable-next-line shipping/free-shipping */}"
        );
        assert_eq!(
            disable_comment(Some(FileKind::Text), rule),
            "fogcheck-disable-next-line shipping/free-shipping"
        );
        assert_eq!(
            disable_comment(Some(FileKind::Rst), rule),
            ".. fogcheck-disable-next-line shipping/free-shipping"
        );
        assert_eq!(
            disable_comment(Some(FileKind::AsciiDoc), rule),
            "// fogcheck-disable-next-line shipping/free-shipping"
        );
        assert_eq!(
            disable_comment(Some(FileKind::Template), rule),
            "<!-- fogcheck-disable-next-line shipping/free-shipping -->"
        );
    }
}
