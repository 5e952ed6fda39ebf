"""``chatlint server``: findings while you type, over the Language Server Protocol.

The server lints the editor's unsaved buffer of every file chatlint reads, with the
same rules, config, positions, severities and messages as ``chatlint check``: each
file is linted by :class:`~chatlint.linter.Linter` with the run config the command line
would work out for it (:mod:`chatlint.server.configs`). It offers each finding's fix as
a quick fix (safe fixes preferred), "fix all" for the file, and a comment that disables
a rule where the format has comments; hovering a finding shows its rule's
documentation. Nothing an editor sends stops it: a file it cannot read, a broken
config or a failing rule becomes a diagnostic and a log message, and the next edit is
linted as usual.

Built on pygls (with lsprotocol's types), the Language Server Protocol library most
Python servers use; it handles the JSON-RPC, the document store and incremental edits.
"""

from __future__ import annotations

import asyncio
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Set, Tuple

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.uris import from_fs_path, to_fs_path

from chatlint import __version__
from chatlint.docs import rule_to_text
from chatlint.errors import ConfigError
from chatlint.files import SourceText
from chatlint.fixing import fix_source
from chatlint.linter import Linter
from chatlint.results import FileResult
from chatlint.server.configs import ConfigCache
from chatlint.server.positions import UTF16, PositionMap
from chatlint.server.rule_pages import RulePages
from chatlint.sources import FORMATS_BY_NAME, Format, format_for
from chatlint.violation import Applicability, Finding, Severity

logger = logging.getLogger(__name__)

#: How long a change waits for the next keystroke before the buffer is linted.
DEBOUNCE_SECONDS = 0.01
#: The kind of the code action that fixes the whole file.
FIX_ALL = types.CodeActionKind.SourceFixAll + ".chatlint"

_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}
#: Formats of buffers whose file name says nothing (an unsaved buffer), by the
#: editor's language id.
_FORMAT_BY_LANGUAGE = {
    "plaintext": FORMATS_BY_NAME["text"],
    "text": FORMATS_BY_NAME["text"],
    "markdown": FORMATS_BY_NAME["markdown"],
    "html": FORMATS_BY_NAME["html"],
    "yaml": FORMATS_BY_NAME["yaml"],
    "json": FORMATS_BY_NAME["json"],
    "jsonl": FORMATS_BY_NAME["jsonl"],
}
# "invalid YAML: ... (line 3, column 5)": where a reader says a problem is.
_LINE_IN_PROBLEM = re.compile(r"\(line (\d+)(?:, column (\d+))?\)")


@dataclass
class Linted:
    """A buffer as last linted: what an action or a hover is answered from."""

    version: Optional[int]
    text: str
    path: str
    file_format: Format
    linter: Linter
    result: FileResult
    diagnostics: List[types.Diagnostic]


class _Protocol(LanguageServerProtocol):
    """pygls's protocol, letting go of each notification once it is handled.

    pygls 2.1 files the future of every notification its own handlers answer (open,
    change, save, close) among the pending requests, under a fresh id, and never takes
    it out: about 2 KB for every keystroke, 20 MB over 10,000 edits.
    """

    def _check_handler_result(self, future: Any) -> None:
        super()._check_handler_result(future)
        pending = self._request_futures
        for msg_id in [key for key, value in pending.items() if value is future]:
            del pending[msg_id]


class ChatlintServer(LanguageServer):
    """The language server: one per editor session."""

    def __init__(self) -> None:
        super().__init__(
            "chatlint",
            __version__,
            protocol_cls=_Protocol,
            text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
        )
        self.configs: Optional[ConfigCache] = None
        self.pages = RulePages()
        self.linted: Dict[str, Linted] = {}
        self._pending: Dict[str, asyncio.TimerHandle] = {}
        #: Config (and rule) files now showing an error, by URI.
        self._broken_configs: Set[str] = set()
        #: Whether the editor asked the server to shut down before it exits.
        self.shut_down = False

    # -- linting ----------------------------------------------------------------------

    @property
    def encoding(self) -> str:
        """The position encoding agreed with the client ("utf-16" unless it asked
        for another)."""
        agreed = self.workspace.position_encoding
        return str(getattr(agreed, "value", agreed) or UTF16)

    def _root(self) -> Path:
        root = self.workspace.root_path
        return Path(root) if root else Path.cwd()

    def schedule(self, uri: str) -> None:
        """Lint ``uri`` once the edits stop for a moment (a burst of keystrokes is
        linted once, at its end)."""
        pending = self._pending.pop(uri, None)
        if pending is not None:
            pending.cancel()
        loop = asyncio.get_running_loop()
        self._pending[uri] = loop.call_later(DEBOUNCE_SECONDS, self.lint_and_publish, uri)

    def lint_and_publish(self, uri: str) -> None:
        self._pending.pop(uri, None)
        try:
            linted = self.lint(uri)
        except Exception as error:  # a bug must cost one lint, never the session
            logger.exception("linting %s failed", uri)
            self._log(
                types.MessageType.Error,
                f"chatlint could not lint {uri}: {type(error).__name__}: {error}",
            )
            self._publish(
                uri,
                None,
                [
                    _problem_diagnostic(
                        f"chatlint could not lint this file: {type(error).__name__}: {error}"
                    )
                ],
            )
            return
        if linted is not None:
            self._publish(uri, linted.version, linted.diagnostics)

    def lint(self, uri: str) -> Optional[Linted]:
        """Lint the buffer of ``uri`` as it is now; ``None`` when chatlint does not read
        its kind of file, or its config is broken (diagnostics cleared)."""
        document = self.workspace.get_text_document(uri)
        path = to_fs_path(uri) if uri.startswith("file:") else None
        display = path or uri
        file_format = format_for(display) or _FORMAT_BY_LANGUAGE.get(document.language_id or "")
        if file_format is None:
            return None
        assert self.configs is not None, "initialized first"
        entry = self.configs.for_file(path, self._root())
        self._show_config_error(entry.read, entry.error)
        if entry.linter is None:
            self._publish(uri, document.version, [])
            return None
        text = document.source
        result = entry.linter.lint_source(SourceText(text), display, file_format)
        if result.error is not None:
            self._log(types.MessageType.Warning, str(result.error))
            diagnostics = [
                _problem_diagnostic(result.error.problem, PositionMap(text, self.encoding))
            ]
        else:
            positions = PositionMap(text, self.encoding)
            diagnostics = [
                self.diagnostic(finding, positions, entry.linter) for finding in result.findings
            ]
        linted = Linted(
            document.version, text, display, file_format, entry.linter, result, diagnostics
        )
        self.linted[uri] = linted
        return linted

    def current(self, uri: str) -> Optional[Linted]:
        """The buffer as linted, linting it again if it changed since."""
        document = self.workspace.get_text_document(uri)
        linted = self.linted.get(uri)
        if linted is None or linted.version != document.version or linted.text != document.source:
            linted = self.lint(uri)
        return linted

    def diagnostic(
        self, finding: Finding, positions: PositionMap, linter: Linter
    ) -> types.Diagnostic:
        rule = linter.registry.rules.get(finding.code)
        message = finding.message + (f"\n{finding.suggestion}" if finding.suggestion else "")
        return types.Diagnostic(
            range=_range(positions, finding.span.start, finding.span.end),
            message=message,
            severity=_SEVERITY[finding.severity],
            code=finding.code,
            code_description=types.CodeDescription(href=self.pages.href(rule)) if rule else None,
            source="chatlint",
        )

    def relint_open_documents(self) -> None:
        for uri in list(self.workspace.text_documents):
            self.lint_and_publish(uri)

    # -- publishing -----------------------------------------------------------------

    def _publish(
        self, uri: str, version: Optional[int], diagnostics: Sequence[types.Diagnostic]
    ) -> None:
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, version=version, diagnostics=list(diagnostics))
        )

    def _show_config_error(self, read: Tuple[str, ...], error: Optional[ConfigError]) -> None:
        """One diagnostic on the file a config error is in (the config file or a team's
        rule file), cleared once the config reads again."""
        if error is None:
            for uri in [uri for uri in self._broken_configs if to_fs_path(uri) in read]:
                self._broken_configs.discard(uri)
                self._publish(uri, None, [])
            return
        self._log(types.MessageType.Error, f"chatlint: {error}")
        where = error.where or (read[0] if read else None)
        broken: Optional[str] = from_fs_path(where) if where and Path(where).is_file() else None
        if broken is not None:
            self._broken_configs.add(broken)
            self._publish(broken, None, [_problem_diagnostic(f"chatlint: {error.problem}")])

    def _log(self, kind: types.MessageType, text: str) -> None:
        self.window_log_message(types.LogMessageParams(type=kind, message=text))

    # -- code actions and hover -------------------------------------------------------

    def code_actions(self, params: types.CodeActionParams) -> List[types.CodeAction]:
        uri = params.text_document.uri
        linted = self.current(uri)
        if linted is None or linted.result.error is not None:
            return []
        only = params.context.only
        positions = PositionMap(linted.text, self.encoding)
        start = positions.offset(params.range.start.line, params.range.start.character)
        end = positions.offset(params.range.end.line, params.range.end.character)
        actions: List[types.CodeAction] = []
        if only is None or any(kind.startswith(types.CodeActionKind.QuickFix) for kind in only):
            for finding, diagnostic in zip(linted.result.findings, linted.diagnostics):
                if finding.span.start <= end and start <= finding.span.end:
                    actions.extend(
                        self._finding_actions(uri, linted, finding, diagnostic, positions)
                    )
        if only is None or any(FIX_ALL.startswith(kind) for kind in only):
            fix_all = self._fix_all(uri, linted, positions)
            if fix_all is not None:
                actions.append(fix_all)
        return actions

    def _finding_actions(
        self,
        uri: str,
        linted: Linted,
        finding: Finding,
        diagnostic: types.Diagnostic,
        positions: PositionMap,
    ) -> List[types.CodeAction]:
        actions = []
        fix = finding.fix
        if fix is not None and fix.applicability >= Applicability.UNSAFE:
            safe = fix.applicability >= Applicability.SAFE
            edits = [
                types.TextEdit(
                    range=_range(positions, edit.span.start, edit.span.end),
                    new_text=edit.replacement,
                )
                for edit in fix.edits
            ]
            actions.append(
                types.CodeAction(
                    title=f"{fix.title} ({finding.code}{'' if safe else ', unsafe'})",
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[diagnostic],
                    is_preferred=safe,
                    edit=types.WorkspaceEdit(changes={uri: edits}),
                )
            )
        options = linted.linter.config.read_options(linted.path, linted.file_format)
        silence = linted.file_format.suppression_edit(
            linted.text, finding.span.start, finding.code, options
        )
        if silence is not None:
            where = "this value" if linted.file_format.name == "yaml" else "this line"
            edit = types.TextEdit(
                range=_range(positions, silence.span.start, silence.span.end),
                new_text=silence.replacement,
            )
            actions.append(
                types.CodeAction(
                    title=f"Disable {finding.code} for {where}",
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[diagnostic],
                    edit=types.WorkspaceEdit(changes={uri: [edit]}),
                )
            )
        return actions

    def _fix_all(
        self, uri: str, linted: Linted, positions: PositionMap
    ) -> Optional[types.CodeAction]:
        """Every safe fix of the file at once (fixed, linted again and fixed again until
        nothing changes, as ``chatlint check --fix`` does), as one edit."""
        fixable = [
            f
            for f in linted.result.findings
            if f.fix is not None and f.fix.applicability >= Applicability.SAFE
        ]
        if not fixable:
            return None
        fixed = fix_source(
            linted.linter,
            SourceText(linted.text),
            linted.path,
            Applicability.SAFE,
            linted.file_format,
        )
        if fixed.fixed is None or not fixed.changed:
            return None
        whole = _range(positions, 0, len(linted.text))
        return types.CodeAction(
            title=f"Fix all safe chatlint findings ({len(fixed.applied)})",
            kind=FIX_ALL,
            diagnostics=[
                d for f, d in zip(linted.result.findings, linted.diagnostics) if f in fixable
            ],
            edit=types.WorkspaceEdit(
                changes={uri: [types.TextEdit(range=whole, new_text=fixed.fixed.text)]}
            ),
        )

    def hover(self, params: types.HoverParams) -> Optional[types.Hover]:
        linted = self.current(params.text_document.uri)
        if linted is None or linted.result.error is not None:
            return None
        positions = PositionMap(linted.text, self.encoding)
        offset = positions.offset(params.position.line, params.position.character)
        found = [f for f in linted.result.findings if f.span.start <= offset <= f.span.end]
        if not found:
            return None
        pages = []
        for code in dict.fromkeys(finding.code for finding in found):
            rule = linted.linter.registry.rules.get(code)
            if rule is not None:
                pages.append(rule_to_text(rule))
        first = found[0]
        return types.Hover(
            contents=types.MarkupContent(
                kind=types.MarkupKind.Markdown, value="\n\n---\n\n".join(pages)
            ),
            range=_range(positions, first.span.start, first.span.end),
        )


def _range(positions: PositionMap, start: int, end: int) -> types.Range:
    start_line, start_character = positions.position(start)
    end_line, end_character = positions.position(end)
    return types.Range(
        start=types.Position(line=start_line, character=start_character),
        end=types.Position(line=end_line, character=end_character),
    )


def _problem_diagnostic(problem: str, positions: Optional[PositionMap] = None) -> types.Diagnostic:
    """A file that could not be linted, as one error where its reader says the problem
    is (a line and column in the message), else at the top."""
    line = character = 0
    where = _LINE_IN_PROBLEM.search(problem)
    if where is not None and positions is not None:
        offset = positions.offset(int(where.group(1)) - 1, 0) + int(where.group(2) or 1) - 1
        line, character = positions.position(offset)
    position = types.Position(line=line, character=character)
    return types.Diagnostic(
        range=types.Range(start=position, end=position),
        message=problem,
        severity=types.DiagnosticSeverity.Error,
        source="chatlint",
    )


def build() -> ChatlintServer:
    """The server with its features registered."""
    server = ChatlintServer()

    @server.feature(types.INITIALIZED)
    def initialized(ls: ChatlintServer, params: types.InitializedParams) -> None:
        ls.configs = ConfigCache()
        watching = ls.client_capabilities.workspace
        if (
            watching
            and watching.did_change_watched_files
            and watching.did_change_watched_files.dynamic_registration
        ):
            # Config files and teams' rule files: any TOML file may be one.
            watchers = [types.FileSystemWatcher(glob_pattern="**/*.toml")]
            ls.client_register_capability(
                types.RegistrationParams(
                    registrations=[
                        types.Registration(
                            id="chatlint-config-files",
                            method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                            register_options=types.DidChangeWatchedFilesRegistrationOptions(
                                watchers=watchers
                            ),
                        )
                    ]
                )
            )

    @server.feature(types.SHUTDOWN)
    def shutdown(ls: ChatlintServer, params: None) -> None:
        ls.shut_down = True

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: ChatlintServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.lint_and_publish(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: ChatlintServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: ChatlintServer, params: types.DidSaveTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: ChatlintServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        pending = ls._pending.pop(uri, None)
        if pending is not None:
            pending.cancel()
        ls.linted.pop(uri, None)
        ls._publish(uri, None, [])

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(
        ls: ChatlintServer, params: types.DidChangeWatchedFilesParams
    ) -> None:
        if ls.configs is not None:
            ls.configs.clear()
        ls.relint_open_documents()

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL]),
    )
    def code_action(ls: ChatlintServer, params: types.CodeActionParams) -> List[types.CodeAction]:
        try:
            return ls.code_actions(params)
        except Exception as error:
            logger.exception("code actions failed")
            ls._log(
                types.MessageType.Error,
                f"chatlint: code actions failed: {type(error).__name__}: {error}",
            )
            return []

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: ChatlintServer, params: types.HoverParams) -> Optional[types.Hover]:
        try:
            return ls.hover(params)
        except Exception as error:
            logger.exception("hover failed")
            ls._log(
                types.MessageType.Error, f"chatlint: hover failed: {type(error).__name__}: {error}"
            )
            return None

    return server


def serve() -> int:
    """Run the server over standard input and output until the editor stops it; the
    exit status the protocol asks for: 0 after a shutdown request, 1 if the editor went
    away (or sent exit) without one."""
    # stdout carries the protocol: nothing else may be printed there.
    logging.basicConfig(level=logging.WARNING, format="chatlint server: %(levelname)s: %(message)s")
    server = build()
    server.start_io()
    return 0 if server.shut_down else 1
