"""The server keeps nothing per keystroke: a message handled is a message let go."""

from __future__ import annotations

import asyncio
import json
from typing import Any, Dict, List

from chatlint.server import build


class _Output:
    def __init__(self) -> None:
        self.written: List[bytes] = []

    def write(self, data: bytes) -> None:
        self.written.append(data)

    def close(self) -> None:
        pass


def _deliver(server: Any, message: Dict[str, Any]) -> None:
    # As pygls's own reader hands a message over, without the pipe.
    protocol = server.protocol
    wire = json.dumps({"jsonrpc": "2.0", **message})
    protocol.handle_message(json.loads(wire, object_hook=protocol.structure_message))


async def test_handled_notifications_are_not_kept(tmp_path):
    server = build()
    server.protocol.set_writer(_Output())
    uri = (tmp_path / "reply.txt").as_uri()
    _deliver(server, {"id": 1, "method": "initialize", "params": {"capabilities": {}}})
    _deliver(server, {"method": "initialized", "params": {}})
    text = "I think the parcel is late.\n"
    _deliver(
        server,
        {
            "method": "textDocument/didOpen",
            "params": {
                "textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}
            },
        },
    )
    for version in range(2, 202):
        _deliver(
            server,
            {
                "method": "textDocument/didChange",
                "params": {
                    "textDocument": {"uri": uri, "version": version},
                    "contentChanges": [
                        {
                            "range": {
                                "start": {"line": 0, "character": 0},
                                "end": {"line": 0, "character": 0},
                            },
                            "text": "a",
                        }
                    ],
                },
            },
        )
        await asyncio.sleep(0)
    await asyncio.sleep(0.05)
    assert server.protocol._request_futures == {}
    assert server.linted[uri].version == 201
    assert server.linted[uri].text == "a" * 200 + text
