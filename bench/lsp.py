"""How quickly `chatlint server` answers an edit, and whether its memory stays flat.

    python bench/lsp.py           # the README's figures: latency (500 edits), memory (10,000)
    python bench/lsp.py --quick   # a tiny run, to check the script itself works

The server runs as an editor runs it (``python -m chatlint server`` over stdin and
stdout) and is driven here with plain JSON-RPC, so the figures are the server's own and
not a client library's. The buffer is a 5 KB reply draft made of real agent messages
(``../shared/corpus/chat-ibm-twitter-care``, or the bundled example drafts when the
corpus is not there). Each edit types one character somewhere in the draft, as a
person typing does; every 200 characters the typed run is deleted again, so the
buffer stays about 5 KB and its text never repeats.

- Latency: the time from sending an edit (``textDocument/didChange``) to receiving the
  diagnostics for that version (``textDocument/publishDiagnostics``), one edit at a
  time, after 100 edits to warm the server; median and 90th percentile. It includes
  the server's 10 ms debounce, because an editor waits for it too.
- Memory: the server's resident set size (``VmRSS``) after every 1,000 edits, up to
  10,000; "flat" means the last reading is within a few megabytes of the one at 1,000.
  A code action and a hover are asked for every 50 edits, as an editor does when the
  cursor rests on a finding.

This prints figures and never fails on them: machines here are shared and noisy.
"""

from __future__ import annotations

import argparse
import json
import queue
import random
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any, Dict, List, Optional

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DRAFT_BYTES = 5 * 1024
TYPED = "Thanks for waiting while we check this with the team, we will update you today. "


def draft_text(corpus: Path) -> str:
    """About 5 KB of real agent messages, one paragraph each."""
    messages_file = corpus / "chat-ibm-twitter-care" / "agent_messages.txt"
    if messages_file.is_file():
        messages = [
            line.strip()
            for line in messages_file.read_text(encoding="utf-8").splitlines()
            if len(line.strip()) > 40
        ]
        source = "real agent messages from " + str(messages_file.relative_to(corpus.parent))
    else:
        messages = [
            path.read_text(encoding="utf-8").strip()
            for path in sorted((REPO / "examples" / "drafts").glob("*.txt"))
        ]
        source = "the bundled example drafts (no corpus found)"
    random.Random(7).shuffle(messages)
    paragraphs: List[str] = []
    while len("\n\n".join(paragraphs).encode()) < DRAFT_BYTES:
        paragraphs.append(messages[len(paragraphs) % len(messages)])
    print(f"draft: {len(chr(10).join(paragraphs).encode())} bytes of {source}")
    return "\n\n".join(paragraphs) + "\n"


class Server:
    """`chatlint server` in a subprocess, spoken to in JSON-RPC over its stdin/stdout."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "chatlint", "server"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            cwd=REPO,
        )
        self.messages: "queue.Queue[Dict[str, Any]]" = queue.Queue()
        self._next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stdout = self.process.stdout
        assert stdout is not None
        while True:
            length = None
            while True:
                line = stdout.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value)
            if length is None:
                continue
            self.messages.put(json.loads(stdout.read(length)))

    def send(self, method: str, params: Any = None, request: bool = False) -> Optional[int]:
        message: Dict[str, Any] = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            message["params"] = params
        request_id = None
        if request:
            self._next_id += 1
            request_id = message["id"] = self._next_id
        body = json.dumps(message).encode()
        stdin = self.process.stdin
        assert stdin is not None
        stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        stdin.flush()
        return request_id

    def wait_for(self, matches, timeout: float = 60.0) -> Dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            message = self.messages.get(timeout=max(0.0, deadline - time.monotonic()))
            if matches(message):
                return message

    def request(self, method: str, params: Any = None) -> Dict[str, Any]:
        request_id = self.send(method, params, request=True)
        return self.wait_for(lambda m: m.get("id") == request_id and "method" not in m)

    def rss_mb(self) -> float:
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        kb = next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:"))
        return int(kb) / 1024

    def stop(self) -> int:
        self.request("shutdown")
        self.send("exit")
        return self.process.wait(timeout=30)


class Typist:
    """Types into the buffer one character at a time, deleting each run of 200."""

    def __init__(self, server: Server, uri: str, text: str) -> None:
        self.server, self.uri, self.text = server, uri, text
        self.version = 1
        self.random = random.Random(11)
        self.run_start: Optional[int] = None
        self.typed = 0

    def _position(self, offset: int) -> Dict[str, int]:
        before = self.text[:offset]
        line = before.count("\n")
        # The draft is ASCII, so code points and UTF-16 units are the same count.
        return {"line": line, "character": offset - (before.rfind("\n") + 1)}

    def edit(self) -> int:
        """Send the next edit; the version the server's diagnostics will carry."""
        if self.run_start is None or self.typed == 200:
            if self.run_start is not None:  # delete the run typed so far
                start, end = self.run_start, self.run_start + self.typed
                change = {
                    "range": {"start": self._position(start), "end": self._position(end)},
                    "text": "",
                }
                self.text = self.text[:start] + self.text[end:]
                self.run_start, self.typed = None, 0
                return self._send(change)
            breaks = [i for i, char in enumerate(self.text) if char == "\n"]
            self.run_start = self.random.choice(breaks)
        offset = self.run_start + self.typed
        char = TYPED[(self.typed + self.version) % len(TYPED)]
        here = self._position(offset)
        self.text = self.text[:offset] + char + self.text[offset:]
        self.typed += 1
        return self._send({"range": {"start": here, "end": here}, "text": char})

    def _send(self, change: Dict[str, Any]) -> int:
        self.version += 1
        self.server.send(
            "textDocument/didChange",
            {
                "textDocument": {"uri": self.uri, "version": self.version},
                "contentChanges": [change],
            },
        )
        return self.version

    def diagnostics_for(self, version: int) -> List[Dict[str, Any]]:
        message = self.server.wait_for(
            lambda m: (
                m.get("method") == "textDocument/publishDiagnostics"
                and m["params"]["uri"] == self.uri
                and m["params"].get("version") == version
            )
        )
        return message["params"]["diagnostics"]

    def rest_on_a_finding(self, diagnostics: List[Dict[str, Any]]) -> None:
        if not diagnostics:
            return
        where = diagnostics[0]["range"]
        document = {"uri": self.uri}
        self.server.request(
            "textDocument/codeAction",
            {"textDocument": document, "range": where, "context": {"diagnostics": diagnostics[:1]}},
        )
        self.server.request(
            "textDocument/hover", {"textDocument": document, "position": where["start"]}
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a tiny run, to check the script")
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    args = parser.parse_args()
    warm_edits, timed_edits, memory_edits, every = (
        (10, 30, 300, 100) if args.quick else (100, 500, 10_000, 1_000)
    )

    text = draft_text(args.corpus)
    server = Server()
    server.request("initialize", {"processId": None, "rootUri": REPO.as_uri(), "capabilities": {}})
    server.send("initialized", {})
    uri = (REPO / "bench" / "work" / "draft.txt").as_uri()
    server.send(
        "textDocument/didOpen",
        {"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}},
    )
    typist = Typist(server, uri, text)
    found = typist.diagnostics_for(1)
    print(f"findings in the draft: {len(found)}")

    for _ in range(warm_edits):
        typist.diagnostics_for(typist.edit())
    latencies = []
    for _ in range(timed_edits):
        sent = time.perf_counter()
        typist.diagnostics_for(typist.edit())
        latencies.append((time.perf_counter() - sent) * 1000)
    latencies.sort()
    print(
        f"change -> diagnostics, {timed_edits} edits after {warm_edits} to warm up: "
        f"median {statistics.median(latencies):.1f} ms, "
        f"90th percentile {latencies[int(len(latencies) * 0.9)]:.1f} ms, "
        f"max {latencies[-1]:.1f} ms (includes the {10} ms debounce)"
    )

    readings = [(0, server.rss_mb())]
    started = time.perf_counter()
    for done in range(1, memory_edits + 1):
        diagnostics = typist.diagnostics_for(typist.edit())
        if done % 50 == 0:
            typist.rest_on_a_finding(diagnostics)
        if done % every == 0:
            readings.append((done, server.rss_mb()))
    elapsed = time.perf_counter() - started
    print(f"memory (resident set) over {memory_edits} more edits, {elapsed:.0f} s:")
    for edits, rss in readings:
        print(f"  after {edits:>6} edits: {rss:7.1f} MB")
    first_warm = readings[1][1]
    print(
        f"growth from {readings[1][0]} to {readings[-1][0]} edits: "
        f"{readings[-1][1] - first_warm:+.1f} MB"
    )
    status = server.stop()
    print(f"server exit status after shutdown: {status}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
