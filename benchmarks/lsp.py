"""Measure the editor path: `claimcheck lsp` re-linting a 40-sentence page after one-word edits.

    python benchmarks/lsp.py [--edits 20] [--sentences 40] [--seed 7]

Starts `python -m claimcheck lsp` and drives it over stdio as an editor would (JSON-RPC
with Content-Length framing, no client library): initialize, open a Markdown page of
`--sentences` sentences taken from the dev corpus's claim paragraphs (benchmarks/dense.py),
then `--edits` times replace one word (an incremental didChange) followed by didSave, and
time from sending the edit to receiving the publishDiagnostics of that document version.
didSave checks at once, so the figure is the re-lint itself; the server's debounce for
typing without saving (DEBOUNCE_SECONDS) comes on top of it in an editor.  Printed: the
first check (which builds the linter), the median, best and worst re-lint, and the
server's peak memory.  Nothing here runs in the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from dense import claim_paragraphs  # noqa: E402

URI = "file:///tmp/claimcheck-lsp-bench/page.md"
WORDS = ("quickly", "gently", "safely", "really", "truly", "simply")


class Client:
    """Just enough of a language client: framed JSON-RPC over the server's stdin/stdout."""

    def __init__(self, command: list[str]):
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.next_id = 1

    def send(self, method: str, params: dict[str, Any], request: bool = False) -> int | None:
        message: dict[str, Any] = {"jsonrpc": "2.0", "method": method, "params": params}
        ident = None
        if request:
            ident = message["id"] = self.next_id
            self.next_id += 1
        body = json.dumps(message).encode("utf-8")
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()
        return ident

    def receive(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        length = 0
        while True:
            line = self.process.stdout.readline()
            if not line:
                raise RuntimeError("the language server closed its output")
            if line in (b"\r\n", b"\n"):
                break
            name, _, value = line.decode("ascii").partition(":")
            if name.lower() == "content-length":
                length = int(value)
        return json.loads(self.process.stdout.read(length))

    def wait_for(self, predicate) -> dict[str, Any]:  # type: ignore[no-untyped-def]
        while True:
            message = self.receive()
            if "id" in message and "method" in message:  # a request from the server: answer it
                self.reply(message["id"])
            if predicate(message):
                return message

    def reply(self, ident: Any) -> None:
        body = json.dumps({"jsonrpc": "2.0", "id": ident, "result": None}).encode("utf-8")
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()


def page(sentences: int, seed: int) -> str:
    """A Markdown page of `sentences` sentences from the dev corpus's claim paragraphs."""
    pool = [s for paragraph in claim_paragraphs() for s in re.split(r"(?<=[.!?])\s+", paragraph) if len(s.split()) >= 5]
    random.Random(seed).shuffle(pool)
    chosen = pool[:sentences]
    paragraphs = [" ".join(chosen[index : index + 5]) for index in range(0, len(chosen), 5)]
    return "# Our clinic\n\n" + "\n\n".join(paragraphs) + "\n"


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def diagnostics_of(version: int):  # type: ignore[no-untyped-def]
    def match(message: dict[str, Any]) -> bool:
        return message.get("method") == "textDocument/publishDiagnostics" and message["params"].get("version") == version

    return match


def peak_memory_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--sentences", type=int, default=40)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)

    text = page(args.sentences, args.seed)
    lines = text.split("\n")
    client = Client([sys.executable, "-m", "claimcheck", "lsp"])
    try:
        ident = client.send("initialize", {"processId": os.getpid(), "rootUri": None, "capabilities": {}}, request=True)
        client.wait_for(lambda message: message.get("id") == ident and "method" not in message)
        client.send("initialized", {})
        start = time.perf_counter()
        client.send("textDocument/didOpen", {"textDocument": {"uri": URI, "languageId": "markdown", "version": 1, "text": text}})
        first = client.wait_for(diagnostics_of(1))
        first_seconds = time.perf_counter() - start
        rng = random.Random(args.seed)
        timings = []
        for version in range(2, args.edits + 2):
            # Replace one word of a random prose line (a word made of ASCII letters only).
            line_number = rng.choice([i for i, line in enumerate(lines) if len(line.split()) > 5 and not line.startswith("#")])
            line = lines[line_number]
            word = rng.choice(list(re.finditer(r"\b[a-z]{4,}\b", line)))
            new = WORDS[version % len(WORDS)]
            lines[line_number] = line[: word.start()] + new + line[word.end() :]
            change = {
                "range": {
                    "start": {"line": line_number, "character": utf16(line[: word.start()])},
                    "end": {"line": line_number, "character": utf16(line[: word.end()])},
                },
                "text": new,
            }
            begin = time.perf_counter()
            client.send("textDocument/didChange", {"textDocument": {"uri": URI, "version": version}, "contentChanges": [change]})
            client.send("textDocument/didSave", {"textDocument": {"uri": URI}})
            client.wait_for(diagnostics_of(version))
            timings.append(time.perf_counter() - begin)
        peak = peak_memory_mb(client.process.pid)
        client.send("shutdown", {}, request=True)
        client.send("exit", {})
    finally:
        try:
            client.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            client.process.kill()
    words = len(text.split())
    print(f"page: {args.sentences} sentences, {words} words, {len(first['params']['diagnostics'])} diagnostics; "
          f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.2f}")  # fmt: skip
    print(f"first check (builds the linter): {first_seconds * 1000:.0f} ms")
    print(f"re-lint after a one-word edit, {len(timings)} edits: median {statistics.median(timings) * 1000:.0f} ms, "
          f"best {min(timings) * 1000:.0f} ms, worst {max(timings) * 1000:.0f} ms")  # fmt: skip
    if peak is not None:
        print(f"server peak memory: {peak:.0f} MB")
    median_ms = statistics.median(timings) * 1000
    print(f"{'PASS' if median_ms < 100 else 'MISS'}  LSP re-lint median < 100 ms: {median_ms:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
