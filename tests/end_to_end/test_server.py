"""`chatlint server` driven through a real LSP client (pytest-lsp, on pygls's client):
initialize, open, change, diagnostics, code actions, applying their edits, hover,
config changes and shutdown, as an editor does them."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Dict, List, Sequence

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

SERVER = [sys.executable, "-m", "chatlint", "server"]


class EditorClient(LanguageClient):
    """pytest-lsp's client, also keeping which version of a buffer the diagnostics
    published for it were for, and answering the server's file-watch registration."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.published_versions: Dict[str, int] = {}
        self.publish_counts: Dict[str, int] = {}
        self.registrations: List[types.Registration] = []


def _publish(client: EditorClient, params: types.PublishDiagnosticsParams) -> None:
    client.diagnostics[params.uri] = params.diagnostics
    client.publish_counts[params.uri] = client.publish_counts.get(params.uri, 0) + 1
    if params.version is not None:
        client.published_versions[params.uri] = params.version


def _register(client: EditorClient, params: types.RegistrationParams) -> None:
    client.registrations.extend(params.registrations)


def make_client() -> EditorClient:
    features = dict(DEFAULT_CLIENT_FEATURES)
    features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = _publish
    features[types.CLIENT_REGISTER_CAPABILITY] = _register
    client = EditorClient(converter_factory=default_converter)
    register_lsp_features(client, features)
    return client


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    (tmp_path / "drafts").mkdir()
    return tmp_path


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER, client_factory=make_client))
async def client(lsp_client: EditorClient, workspace: Path):
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities("visual-studio-code"),
            root_uri=workspace.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=workspace.as_uri(), name="support")],
        )
    )
    yield
    await lsp_client.shutdown_session()


class Editor:
    """The editor's side: open buffers, typing, applying edits, waiting for findings."""

    def __init__(self, client: EditorClient) -> None:
        self.client = client
        self.texts: Dict[str, str] = {}
        self.versions: Dict[str, int] = {}

    async def open(self, path: Path, text: str, language: str = "plaintext") -> str:
        uri = path.as_uri()
        self.texts[uri], self.versions[uri] = text, 1
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(
                    uri=uri, language_id=language, version=1, text=text
                )
            )
        )
        await self.diagnostics_for(uri, 1)
        return uri

    async def replace_all(self, uri: str, text: str) -> None:
        """The buffer's whole text changes (one incremental edit covering it)."""
        whole = _whole_range(self.texts[uri])
        await self.edit(uri, [types.TextEdit(range=whole, new_text=text)])

    async def edit(self, uri: str, edits: Sequence[types.TextEdit]) -> None:
        """Apply edits as an editor does, sending them as incremental changes."""
        for edit in sorted(
            edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True
        ):
            self.texts[uri] = _apply(self.texts[uri], edit)
            self.versions[uri] += 1
            self.client.text_document_did_change(
                types.DidChangeTextDocumentParams(
                    text_document=types.VersionedTextDocumentIdentifier(
                        uri=uri, version=self.versions[uri]
                    ),
                    content_changes=[
                        types.TextDocumentContentChangePartial(range=edit.range, text=edit.new_text)
                    ],
                )
            )
        await self.diagnostics_for(uri, self.versions[uri])

    async def diagnostics_for(self, uri: str, version: int) -> List[types.Diagnostic]:
        """Wait for the diagnostics of ``version`` of the buffer."""
        for _ in range(200):
            published = self.client.diagnostics.get(uri)
            if published is not None and self.client.published_versions.get(uri) == version:
                return list(published)
            await asyncio.sleep(0.02)
        raise AssertionError(f"no diagnostics for {uri} version {version}")

    def found(self, uri: str) -> List[tuple]:
        text = self.texts[uri]
        return [(d.code, _slice(text, d.range)) for d in self.client.diagnostics.get(uri, [])]


def _whole_range(text: str) -> types.Range:
    lines = text.split("\n")
    end = types.Position(line=len(lines) - 1, character=_utf16(lines[-1]))
    return types.Range(start=types.Position(line=0, character=0), end=end)


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _offset(text: str, position: types.Position) -> int:
    lines = text.split("\n")
    before = sum(len(line) + 1 for line in lines[: position.line])
    line = lines[position.line] if position.line < len(lines) else ""
    units = 0
    for index, char in enumerate(line):
        if units >= position.character:
            return before + index
        units += 2 if ord(char) > 0xFFFF else 1
    return before + len(line)


def _slice(text: str, span: types.Range) -> str:
    return text[_offset(text, span.start) : _offset(text, span.end)]


def _apply(text: str, edit: types.TextEdit) -> str:
    return (
        text[: _offset(text, edit.range.start)]
        + edit.new_text
        + text[_offset(text, edit.range.end) :]
    )


@pytest.fixture
def editor(client: EditorClient) -> Editor:
    return Editor(client)


async def republished(client: EditorClient, uri: str, before: int) -> List[types.Diagnostic]:
    """Wait for diagnostics of ``uri`` published after the ``before``-th."""
    for _ in range(200):
        if client.publish_counts.get(uri, 0) > before:
            return list(client.diagnostics[uri])
        await asyncio.sleep(0.02)
    raise AssertionError(f"no new diagnostics for {uri}")


def _check_json(path: Path) -> List[dict]:
    """What `chatlint check` says about the saved file, as JSON."""
    done = subprocess.run(
        [sys.executable, "-m", "chatlint", "check", "--output-format", "json", path.name],
        cwd=path.parent,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return json.loads(done.stdout)


DRAFT = (
    "Hi \U0001f600! It seems your refund is on its way. PLEASE WAIT!!! "
    "Sorry for any inconvenience.\n"
)


async def test_diagnostics_are_what_check_reports(editor: Editor, workspace: Path):
    path = workspace / "drafts" / "reply.txt"
    path.write_text(DRAFT, encoding="utf-8")
    uri = await editor.open(path, DRAFT)
    diagnostics = editor.client.diagnostics[uri]
    expected = _check_json(path)
    assert (
        [d.code for d in diagnostics]
        == [item["code"] for item in expected]
        == ["CL101", "CL404", "CL404", "CL201"]
    )
    line = DRAFT.split("\n")[0]
    for diagnostic, item in zip(diagnostics, expected):
        # check counts columns in code points from 1; LSP counts UTF-16 units from 0,
        # and the emoji before every finding is two of them.
        start = item["location"]["column"] - 1
        end = item["end_location"]["column"] - 1
        assert diagnostic.range.start == types.Position(line=0, character=_utf16(line[:start]))
        assert diagnostic.range.end == types.Position(line=0, character=_utf16(line[:end]))
        assert diagnostic.range.start.character == start + 1
        assert diagnostic.message == f"{item['message']}\n{item['suggestion']}"
        assert (
            diagnostic.severity == types.DiagnosticSeverity.Warning
            and diagnostic.source == "chatlint"
        )
    page = diagnostics[0].code_description.href
    assert page.startswith("file://") and Path(page[len("file://") :]).read_text().startswith(
        "CL101 hedging"
    )
    await editor.replace_all(uri, "Your refund was sent on Monday.\n")
    assert editor.found(uri) == []


async def test_a_quick_fix_applies_and_the_finding_goes(editor: Editor, workspace: Path):
    uri = await editor.open(
        workspace / "drafts" / "wait.txt", "Please wait!!! Did the box \U0001f4e6 arrive??\n"
    )
    assert editor.found(uri) == [("CL404", "!!!"), ("CL404", "??")]
    shouting = editor.client.diagnostics[uri][0]
    actions = await editor.client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=shouting.range,
            context=types.CodeActionContext(
                diagnostics=[shouting], only=[types.CodeActionKind.QuickFix]
            ),
        )
    )
    fix = next(action for action in actions if action.is_preferred)
    assert (
        fix.title == 'Replace "!!!" with "!" (CL404)' and fix.kind == types.CodeActionKind.QuickFix
    )
    assert list(fix.diagnostics) == [shouting]
    await editor.edit(uri, fix.edit.changes[uri])
    assert editor.texts[uri] == "Please wait! Did the box \U0001f4e6 arrive??\n"
    assert editor.found(uri) == [("CL404", "??")]
    # The second finding sits after an emoji: its fix lands on the right characters.
    second = editor.client.diagnostics[uri][0]
    actions = await editor.client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=second.range,
            context=types.CodeActionContext(diagnostics=[second]),
        )
    )
    await editor.edit(uri, next(a for a in actions if a.is_preferred).edit.changes[uri])
    assert (
        editor.texts[uri] == "Please wait! Did the box \U0001f4e6 arrive?\n"
        and editor.found(uri) == []
    )


async def test_fix_all_gives_what_check_fix_gives(editor: Editor, workspace: Path):
    text = "Please wait!!! Is it there yet?? Why is it late??\n"
    path = workspace / "drafts" / "many.txt"
    path.write_text(text, encoding="utf-8")
    uri = await editor.open(path, text)
    actions = await editor.client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(
                start=types.Position(line=0, character=0), end=types.Position(line=0, character=0)
            ),
            context=types.CodeActionContext(
                diagnostics=[], only=[types.CodeActionKind.SourceFixAll]
            ),
        )
    )
    [fix_all] = actions
    assert (
        fix_all.kind == "source.fixAll.chatlint"
        and fix_all.title == "Fix all safe chatlint findings (3)"
    )
    await editor.edit(uri, fix_all.edit.changes[uri])
    subprocess.run(
        [sys.executable, "-m", "chatlint", "check", "--fix", path.name],
        cwd=path.parent,
        capture_output=True,
    )
    assert (
        editor.texts[uri]
        == path.read_text(encoding="utf-8")
        == "Please wait! Is it there yet? Why is it late?\n"
    )
    assert editor.found(uri) == []


async def _disable(editor: Editor, uri: str, code: str) -> types.CodeAction:
    diagnostic = next(d for d in editor.client.diagnostics[uri] if d.code == code)
    actions = await editor.client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=diagnostic.range,
            context=types.CodeActionContext(diagnostics=[diagnostic]),
        )
    )
    return next(action for action in actions if action.title.startswith(f"Disable {code}"))


async def test_disable_a_rule_for_a_markdown_line(editor: Editor, workspace: Path):
    # Markdown is read as an article, where only first-person doubt is CL101's.
    text = "# Refunds\n\nAs far as I know, it takes five days.  \nIt goes back to your card.\n"
    uri = await editor.open(workspace / "refunds.md", text, "markdown")
    assert editor.found(uri) == [("CL101", "As far as I know")]
    disable = await _disable(editor, uri, "CL101")
    assert disable.title == "Disable CL101 for this line"
    await editor.edit(uri, disable.edit.changes[uri])
    assert editor.texts[uri] == (
        "# Refunds\n\nAs far as I know, it takes five days."
        " <!-- chatlint: disable-line CL101 -->  \n"
        "It goes back to your card.\n"
    )
    assert editor.found(uri) == []


async def test_disable_a_rule_for_a_yaml_macro_value(editor: Editor, workspace: Path):
    text = "macros:\n  - title: Refund\n    comment: |\n      It seems it is on its way.\n"
    uri = await editor.open(workspace / "macros.yml", text, "yaml")
    assert editor.found(uri) == [("CL101", "It seems")]
    disable = await _disable(editor, uri, "CL101")
    assert disable.title == "Disable CL101 for this value"
    await editor.edit(uri, disable.edit.changes[uri])
    assert editor.texts[uri] == (
        "macros:\n  - title: Refund\n    # chatlint: disable CL101\n"
        "    comment: |\n      It seems it is on its way.\n"
    )
    assert editor.found(uri) == []


async def test_no_disable_action_where_the_format_has_no_comments(editor: Editor, workspace: Path):
    uri = await editor.open(workspace / "reply.txt", "It seems so.\n")
    diagnostic = editor.client.diagnostics[uri][0]
    actions = await editor.client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=diagnostic.range,
            context=types.CodeActionContext(diagnostics=[diagnostic]),
        )
    )
    assert [action.title for action in actions] == []


async def test_hover_shows_the_rule_s_documentation(editor: Editor, workspace: Path):
    uri = await editor.open(workspace / "reply.txt", "\U0001f600 It seems so.\n")
    hover = await editor.client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=0, character=5),
        )
    )
    rule = subprocess.run(
        [sys.executable, "-m", "chatlint", "rule", "CL101"], capture_output=True, text=True
    ).stdout
    assert hover.contents.kind == types.MarkupKind.Markdown
    assert hover.contents.value == rule  # the text of `chatlint rule CL101`
    assert hover.range == types.Range(
        start=types.Position(line=0, character=3), end=types.Position(line=0, character=11)
    )
    nothing = await editor.client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=0, character=12),
        )
    )
    assert nothing is None


async def test_config_files_are_read_per_file_and_again_when_they_change(
    editor: Editor, workspace: Path
):
    (workspace / "strict").mkdir()
    (workspace / "relaxed").mkdir()
    (workspace / "relaxed" / ".chatlint.toml").write_text('ignore = ["CL101"]\n')
    strict = await editor.open(workspace / "strict" / "a.txt", "It seems so.\n")
    relaxed = await editor.open(workspace / "relaxed" / "a.txt", "It seems so.\n")
    assert editor.found(strict) == [("CL101", "It seems")] and editor.found(relaxed) == []
    assert [r.method for r in editor.client.registrations] == [
        types.WORKSPACE_DID_CHANGE_WATCHED_FILES
    ]
    before = editor.client.publish_counts[strict]
    (workspace / "strict" / "chatlint.toml").write_text('[severity]\nhedging = "error"\n')
    editor.client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[
                types.FileEvent(
                    uri=(workspace / "strict" / "chatlint.toml").as_uri(),
                    type=types.FileChangeType.Created,
                )
            ]
        )
    )
    [hedging] = await republished(editor.client, strict, before)
    assert hedging.severity == types.DiagnosticSeverity.Error


async def test_a_team_s_rule_file_is_read_again_when_it_changes(editor: Editor, workspace: Path):
    rules = workspace / "house.toml"
    rules.write_text(TEAM_RULE.format(word="ticket"))
    (workspace / ".chatlint.toml").write_text('extend-rules = ["house.toml"]\n')
    uri = await editor.open(workspace / "reply.txt", "Your ticket and your case are open.\n")
    assert editor.found(uri) == [("ACME101", "ticket")]
    rules.write_text(TEAM_RULE.format(word="case"))
    # No file-change notification: the next edit sees the rule file has changed.
    await editor.replace_all(uri, "Your ticket and your case are open now.\n")
    assert editor.found(uri) == [("ACME101", "case")]


TEAM_RULE = """[[rule]]
code = "ACME101"
name = "internal-word"
kind = "existence"
message = 'Say "request", not "{{text}}"'
phrases = ["{word}"]
"""


async def test_a_broken_config_is_one_diagnostic_on_it_and_the_server_goes_on(
    editor: Editor, workspace: Path
):
    config = workspace / ".chatlint.toml"
    config.write_text("select = [\n")
    uri = await editor.open(workspace / "reply.txt", "It seems so.\n")
    assert editor.found(uri) == []
    [problem] = editor.client.diagnostics[config.as_uri()]
    assert problem.severity == types.DiagnosticSeverity.Error and problem.message.startswith(
        "chatlint: invalid TOML"
    )
    config.write_text('select = ["CL1"]\n')
    before = editor.client.publish_counts[config.as_uri()]
    before_reply = editor.client.publish_counts[uri]
    editor.client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=config.as_uri(), type=types.FileChangeType.Changed)]
        )
    )
    assert await republished(editor.client, config.as_uri(), before) == []
    # The reply's diagnostics come after the config's, once the reply is linted again.
    await republished(editor.client, uri, before_reply)
    assert editor.found(uri) == [("CL101", "It seems")]


async def test_a_file_it_cannot_read_is_a_diagnostic_and_the_next_edit_works(
    editor: Editor, workspace: Path
):
    uri = await editor.open(workspace / "macros.yml", "a:\n  comment: [unclosed\n", "yaml")
    [problem] = editor.client.diagnostics[uri]
    assert problem.severity == types.DiagnosticSeverity.Error and problem.message.startswith(
        "invalid YAML"
    )
    assert problem.range.start.line == 2
    await editor.replace_all(uri, "a:\n  comment: It seems so.\n")
    assert editor.found(uri) == [("CL101", "It seems")]


async def test_an_unsaved_buffer_is_linted_by_its_language(editor: Editor, workspace: Path):
    uri = "untitled:Untitled-1"
    editor.texts[uri], editor.versions[uri] = "# Hi\n\nAs far as I know, yes.\n", 1
    editor.client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="markdown", version=1, text=editor.texts[uri]
            )
        )
    )
    await editor.diagnostics_for(uri, 1)
    assert editor.found(uri) == [("CL101", "As far as I know")]


async def test_files_of_other_kinds_are_left_alone(editor: Editor, workspace: Path):
    uri = (workspace / "script.py").as_uri()
    editor.client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="python", version=1, text="# It seems\n"
            )
        )
    )
    hover = await editor.client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=0, character=3),
        )
    )
    assert hover is None and uri not in editor.client.diagnostics


BROKEN_PLUGIN = Path(__file__).resolve().parent.parent / "fixtures" / "broken-plugin"


@pytest_lsp.fixture(
    config=ClientServerConfig(
        server_command=SERVER,
        client_factory=make_client,
        server_env={**os.environ, "PYTHONPATH": str(BROKEN_PLUGIN)},
    )
)
async def client_with_a_broken_rule(lsp_client: EditorClient, workspace: Path):
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities("neovim"), root_uri=workspace.as_uri()
        )
    )
    yield
    await lsp_client.shutdown_session()


async def test_a_failing_rule_is_a_diagnostic_and_the_next_edit_works(
    client_with_a_broken_rule: EditorClient, workspace: Path
):
    editor = Editor(client_with_a_broken_rule)
    uri = await editor.open(workspace / "reply.txt", "It seems it will go boom.\n")
    [problem] = editor.client.diagnostics[uri]
    assert problem.severity == types.DiagnosticSeverity.Error
    assert problem.message.startswith("rule XX001 (broken-on-purpose) failed: RuntimeError")
    assert any("XX001" in message.message for message in editor.client.log_messages)
    await editor.replace_all(uri, "It seems it will be fine.\n")
    assert editor.found(uri) == [("CL101", "It seems")]


def _frame(message: dict) -> bytes:
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


@pytest.mark.parametrize(
    ("messages", "status"),
    [
        (["initialize", "initialized", "shutdown", "exit"], 0),
        (["initialize", "initialized", "exit"], 1),  # exit without shutdown
        (["initialize", "initialized"], 1),  # the editor went away
    ],
)
def test_the_exit_status_is_the_one_the_protocol_asks_for(messages: List[str], status: int):
    requests = {
        "initialize": {"id": 1, "params": {"capabilities": {}, "processId": None}},
        "initialized": {"params": {}},
        "shutdown": {"id": 2},
        "exit": {},
    }
    stream = b"".join(
        _frame({"jsonrpc": "2.0", "method": name, **requests[name]}) for name in messages
    )
    done = subprocess.run(SERVER, input=stream, capture_output=True, timeout=60)
    assert done.returncode == status
    assert b"Traceback" not in done.stderr
    assert b'"id": 1' in done.stdout or b'"id":1' in done.stdout


FORMATS = {
    "reply.txt": "It seems your order shipped.\nSorry for any inconvenience.\n",
    "article.md": "# Late orders\n\nAs far as I know, it shipped. Sorry for any inconvenience.\n",
    "article.html": "<h1>Late</h1>\n<p>As far as I know, your order &amp; refund shipped.</p>\n",
    "macros.yaml": (
        "late:\n  body: |\n    It seems your order shipped.\n    Sorry for any inconvenience.\n"
    ),
    "macros.json": '{"late": {"body": "Hi!\\nIt seems your order shipped."}}\n',
    "chats.jsonl": (
        '{"session_id": "a", "turns": [{"role": "customer", "text": "Where is it?"}, '
        '{"role": "agent", "text": "It seems it shipped. Sorry for any inconvenience."}]}\n'
    ),
}


@pytest.mark.parametrize("name", sorted(FORMATS))
async def test_every_format_gets_check_s_findings_at_check_s_places(
    editor: Editor, workspace: Path, name: str
):
    path = workspace / "drafts" / name
    path.write_text(FORMATS[name], encoding="utf-8")
    uri = await editor.open(path, FORMATS[name])
    expected = _check_json(path)
    assert expected, "each sample has findings"
    # ASCII samples: check's code-point columns are the LSP's UTF-16 units, plus one.
    assert [
        (d.code, d.range.start.line, d.range.start.character, d.range.end.line)
        for d in editor.client.diagnostics[uri]
    ] == [
        (
            item["code"],
            item["location"]["line"] - 1,
            item["location"]["column"] - 1,
            item["end_location"]["line"] - 1,
        )
        for item in expected
    ]
