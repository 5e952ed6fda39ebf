"""Editors set up as the README says. A real one: headless Neovim, set up that way,
opens a draft and shows chatlint's findings, offers their fixes and shows a rule's
documentation on hover.

Skips where Neovim is not installed (`.ci/run` installs Debian's package)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict

import pytest

from chatlint.toml_files import toml_parser

ROOT = Path(__file__).resolve().parents[2]
NEOVIM_SETUP = ROOT / "editors" / "neovim" / "chatlint.lua"
NVIM = shutil.which("nvim")

# Runs inside Neovim after the draft is loaded: waits for chatlint's diagnostics, asks
# for the first one's code actions and hover, and writes what it saw as JSON.
PROBE = r"""
local function probe()
  local seen = vim.wait(30000, function() return #vim.diagnostic.get(0) > 0 end, 20)
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(0)) do
    table.insert(found, {
      lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
      code = d.code, message = d.message, severity = d.severity, source = d.source,
    })
  end
  table.sort(found, function(a, b) return a.col < b.col end)
  local actions, hover = {}, ""
  local text_document = vim.lsp.util.make_text_document_params()
  for i, d in ipairs(found) do
    local line = vim.api.nvim_buf_get_lines(0, d.lnum, d.lnum + 1, true)[1]
    local _, character = vim.str_utfindex(line, d.col)
    local position = { line = d.lnum, character = character }
    local params = {
      textDocument = text_document,
      range = { start = position, ["end"] = position },
      context = { diagnostics = {} },
    }
    actions[i] = {}
    local replies = vim.lsp.buf_request_sync(0, "textDocument/codeAction", params, 10000)
    for _, reply in pairs(replies or {}) do
      for _, action in ipairs(reply.result or {}) do
        table.insert(actions[i], action.title)
      end
    end
    if i == 1 then
      local hover_params = { textDocument = text_document, position = position }
      replies = vim.lsp.buf_request_sync(0, "textDocument/hover", hover_params, 10000)
      for _, reply in pairs(replies or {}) do
        if reply.result then hover = reply.result.contents.value end
      end
    end
  end
  return { seen = seen, diagnostics = found, actions = actions, hover = hover }
end
local ok, result = pcall(probe)
if not ok then result = { error = tostring(result) } end
local out = io.open(vim.env.CHATLINT_NEOVIM_OUT, "w")
out:write(vim.fn.json_encode(result))
out:close()
vim.cmd("qa!")
"""

DRAFT = (
    "Hi \U0001f600! It seems your refund is on its way. PLEASE WAIT!!! "
    "Sorry for any inconvenience.\n"
)


@pytest.mark.parametrize(
    ("setup", "language"),
    [
        ("neovim/chatlint.lua", "lua"),
        ("vscode/settings.json", "json"),
        ("helix/languages.toml", "toml"),
    ],
)
def test_the_readme_quotes_each_editor_s_setup_exactly(setup: str, language: str):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    editors = readme[readme.index("## In your editor") :]
    blocks = re.findall(rf"```{language}\n(.*?)```", editors, re.S)
    assert (ROOT / "editors" / setup).read_text(encoding="utf-8") in blocks


def test_the_vs_code_and_helix_setups_are_valid_and_start_chatlint_server():
    settings = json.loads((ROOT / "editors" / "vscode" / "settings.json").read_text())
    assert [settings["glspc.server.command"], *settings["glspc.server.commandArguments"]] == [
        "chatlint",
        "server",
    ]
    helix = toml_parser().loads((ROOT / "editors" / "helix" / "languages.toml").read_text())
    server = helix["language-server"]["chatlint"]
    assert [server["command"], *server["args"]] == ["chatlint", "server"]
    assert all("chatlint" in language["language-servers"] for language in helix["language"])


@pytest.mark.skipif(NVIM is None, reason="Neovim is not installed")
def test_neovim_shows_chatlint_s_findings(tmp_path: Path):
    home = tmp_path / "home"
    plugin = home / ".config" / "nvim" / "plugin"
    plugin.mkdir(parents=True)
    # Set up as the README says: the file saved as ~/.config/nvim/plugin/chatlint.lua.
    shutil.copy(NEOVIM_SETUP, plugin / "chatlint.lua")
    (tmp_path / "probe.lua").write_text(PROBE, encoding="utf-8")
    draft = tmp_path / "reply.txt"
    draft.write_text(DRAFT, encoding="utf-8")
    seen_file = tmp_path / "seen.json"
    env = {key: value for key, value in os.environ.items() if not key.startswith(("XDG_", "NVIM"))}
    env.update(
        HOME=str(home),
        # `chatlint` as the user has it: the one installed beside this Python.
        PATH=os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")]),
        CHATLINT_NEOVIM_OUT=str(seen_file),
    )
    done = subprocess.run(
        [NVIM, "--headless", "-n", "-i", "NONE", draft.name, "-c", "luafile probe.lua"],
        cwd=tmp_path,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert seen_file.exists(), f"Neovim wrote nothing: {done.stdout}{done.stderr}"
    seen: Dict[str, Any] = json.loads(seen_file.read_text(encoding="utf-8"))
    assert "error" not in seen, seen
    assert seen["seen"], "no diagnostics arrived"

    checked = json.loads(
        subprocess.run(
            [sys.executable, "-m", "chatlint", "check", "--output-format", "json", draft.name],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
        ).stdout
    )
    line = DRAFT.split("\n")[0]
    # Neovim keeps columns in bytes, having converted the server's UTF-16 positions:
    # the emoji before every finding is four bytes, one code point and two UTF-16 units.
    expected = [
        {
            "lnum": item["location"]["line"] - 1,
            "col": len(line[: item["location"]["column"] - 1].encode()),
            "end_lnum": item["end_location"]["line"] - 1,
            "end_col": len(line[: item["end_location"]["column"] - 1].encode()),
            "code": item["code"],
            "message": f"{item['message']}\n{item['suggestion']}",
            "severity": 2,  # vim.diagnostic.severity.WARN
            "source": "chatlint",
        }
        for item in checked
    ]
    assert seen["diagnostics"] == expected
    assert [d["code"] for d in seen["diagnostics"]] == ["CL101", "CL404", "CL404", "CL201"]
    # Each finding's fixes, where it has one, and the fix for the whole file; plain text
    # has no comments, so no "Disable" actions.
    fix_all = "Fix all safe chatlint findings (1)"
    assert seen["actions"] == [
        ['Take "It seems" out (CL101, unsafe)', fix_all],
        ['Write "Please wait" in normal case (CL404, unsafe)', fix_all],
        # The cursor on "!!!" also touches the end of "PLEASE WAIT" before it.
        [
            'Write "Please wait" in normal case (CL404, unsafe)',
            'Replace "!!!" with "!" (CL404)',
            fix_all,
        ],
        ['Take "Sorry for any inconvenience" out (CL201, unsafe)', fix_all],
    ]
    assert seen["hover"].startswith("CL101 hedging")
