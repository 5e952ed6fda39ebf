"""The HTML report in a real headless browser (Debian's Chromium): it opens from the
file alone, its script runs without errors, the charts, the per-rule and per-agent
totals and the findings are there, the filters work, and a screenshot can be taken.

Skips where Chromium is not installed (`.ci/run` installs Debian's package)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import List, Tuple

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")

# As this machine's notes advise: no sandbox (root), and no background network traffic
# (the network is closed; the page must need none).
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--enable-logging=stderr",
    "--v=0",
]


def _browser(tmp_path: Path, *args: str) -> Tuple[str, str]:
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    done = subprocess.run(
        [str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )
    return done.stdout, done.stderr


def _console_errors(log: str) -> List[str]:
    return [line for line in log.splitlines() if "CONSOLE" in line or "Uncaught" in line]


@pytest.fixture
def report(tmp_path: Path) -> Path:
    work = tmp_path / "kb"
    (work / "macros").mkdir(parents=True)
    (work / "reply.txt").write_text(
        "It seems your refund is probably on its way. Sorry for any inconvenience.\n"
    )
    (work / "macros" / "late.yaml").write_text(
        "late:\n  comment: Unfortunately we cannot refund this order. PLEASE WAIT!!!\n"
    )
    # Two agents: Priya, named with her team by the conversation, and a name with markup.
    (work / "chats.jsonl").write_text(
        '{"session_id": "c-17", "agent": "Priya", "team": "Billing", "turns": ['
        '{"role": "customer", "text": "Where is it?"}, '
        '{"role": "agent", "text": "Probably tomorrow <script>alert(1)</script>."}]}\n'
        '{"session_id": "c-18", "turns": [{"role": "customer", "text": "Any news?"}, '
        '{"role": "agent", "agent": "Tomas <i>", "text": "It seems it shipped."}]}\n'
    )
    (work / "broken.yaml").write_text("late: [unclosed\n")
    done = subprocess.run(
        [sys.executable, "-m", "chatlint", "check", "--output-format", "html", "."],
        cwd=work,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2  # findings, and a file that could not be read
    page = tmp_path / "report.html"
    page.write_text(done.stdout, encoding="utf-8")
    return page


def test_the_report_renders_with_its_chart_totals_and_findings(report: Path, tmp_path: Path):
    dom, log = _browser(tmp_path, "--dump-dom", report.as_uri())
    assert _console_errors(log) == []
    rows = re.findall(r'<div class="finding" data-rule="(\w+)" data-severity="(\w+)"', dom)
    assert sorted(code for code, _ in rows) == ["CL101"] * 4 + ["CL201"] + ["CL404"] * 2
    assert dom.count("<svg") == 2 and dom.count("<rect") == 3 + 2  # a bar per rule, per agent
    assert re.search(r'id="shown"[^>]*>(\d+) of \1 shown<', dom)  # the script ran
    assert "broken.yaml" in dom  # the file that could not be read is listed
    assert "conversation c-17" in dom  # findings per conversation
    assert "<script>alert(1)</script>" not in dom  # the text is escaped, never run
    assert "<mark>It seems</mark>" in dom


def test_the_filters_show_one_rule_or_one_severity(report: Path, tmp_path: Path):
    dom, log = _browser(tmp_path, "--dump-dom", report.as_uri() + "#rule=CL101")
    assert _console_errors(log) == []
    shown = re.findall(r'<div class="finding" data-rule="(\w+)"', dom)
    hidden = re.findall(r'<div class="finding hidden" data-rule="(\w+)"', dom)
    assert shown and set(shown) == {"CL101"} and "CL101" not in hidden
    assert f">{len(shown)} of {len(shown) + len(hidden)} shown<" in dom


def test_the_findings_per_agent_render_and_filter_by_agent(report: Path, tmp_path: Path):
    dom, log = _browser(tmp_path, "--dump-dom", report.as_uri() + "#agent=Priya,%20Billing")
    assert _console_errors(log) == []
    section = dom.split("<h2>Findings per agent</h2>", 1)[1].split("<h2>", 1)[0]
    chart = re.findall(r'<text x="0" y="\d+">(.*?)</text>', section)
    assert chart == ["Priya, Billing", "Tomas &lt;i&gt;"]
    table = re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td><td>.*?</td><td[^>]*>(\d+)</td>", section)
    assert table == [("Priya", "Billing", "1"), ("Tomas &lt;i&gt;", "", "1")]
    assert "<i>" not in dom  # a name is text, never markup
    # The address chose Priya: her one finding is shown, every other one hidden.
    shown = re.findall(r'<div class="finding" [^>]*data-agent="([^"]*)"', dom)
    assert shown == ["Priya, Billing"]
    assert re.search(r'id="shown"[^>]*>1 of 7 shown<', dom)
    assert 'by <span class="speaker">Tomas &lt;i&gt;</span>' in dom


def test_a_screenshot_of_the_report_can_be_taken(report: Path, tmp_path: Path):
    shot = tmp_path / "report.png"
    _browser(
        tmp_path,
        "--hide-scrollbars",
        "--window-size=1200,1400",
        f"--screenshot={shot}",
        report.as_uri(),
    )
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
