"""WARC files for the audit tests, written with warcio's own writer from the corpus's HTML
pages under `.example` hosts: every kind of record an audit meets (a request, a
warcinfo, a duplicate payload, a redirect, a 404, a PDF, an undecodable body, a chunked
and gzip-encoded response, a page whose charset is only in its meta tag)."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

DEV = Path(__file__).resolve().parent.parent / "corpus" / "dev"
NEURO, STROKE, ARTICLE, SERUM = (
    DEV / "02-neuro-clinic.html",
    DEV / "14-stroke-spinal-clinic.html",
    DEV / "09-referenced-article.html",
    DEV / "31-exosome-hair-serum.html",
)
LATIN1_PAGE = (
    '<html><head><meta charset="iso-8859-1"><title>Caf\xe9 Regenera</title></head>'
    "<body><p>Our stem cell therapy cures multiple sclerosis, gar\xe7on.</p></body></html>"
)


def _http(status: str, content_type: str | None, extra: list[tuple[str, str]] | None = None) -> StatusAndHeaders:
    headers = [("Content-Type", content_type)] if content_type else []
    return StatusAndHeaders(status, headers + (extra or []), protocol="HTTP/1.1")


def _response(writer: WARCWriter, url: str, body: bytes, http: StatusAndHeaders) -> None:
    writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http))


def _chunked(body: bytes, size: int = 1000) -> bytes:
    pieces = [body[start : start + size] for start in range(0, len(body), size)]
    return b"".join(b"%x\r\n%s\r\n" % (len(piece), piece) for piece in pieces) + b"0\r\n\r\n"


def build_crawl(folder: Path) -> Path:
    """Two WARC files (one gzipped), every kind of record an audit meets."""
    folder.mkdir(parents=True)
    with open(folder / "crawl-1.warc.gz", "wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        writer.write_record(writer.create_warcinfo_record("crawl-1.warc.gz", {"software": "test"}))
        request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "www.neuro-clinic.example")], is_http_request=True)
        writer.write_record(
            writer.create_warc_record(
                "http://www.neuro-clinic.example/", "request", payload=io.BytesIO(b""), http_headers=request
            )
        )
        _response(writer, "http://www.neuro-clinic.example/", NEURO.read_bytes(), _http("200 OK", "text/html; charset=utf-8"))
        _response(
            writer,
            "https://stroke-care.example/treatments",
            _chunked(gzip.compress(STROKE.read_bytes())),
            _http("200 OK", "text/html", [("Content-Encoding", "gzip"), ("Transfer-Encoding", "chunked")]),
        )
        _response(writer, "http://neuro-clinic.example/index.html", NEURO.read_bytes(), _http("200 OK", "text/html"))
        _response(
            writer, "http://neuro-clinic.example/old", b"", _http("301 Moved Permanently", "text/html", [("Location", "/")])
        )
        _response(writer, "http://www.neuro-clinic.example/missing", b"<p>Not found</p>", _http("404 Not Found", "text/html"))
        _response(writer, "http://www.neuro-clinic.example/brochure.pdf", b"%PDF-1.4 binary", _http("200 OK", "application/pdf"))
        _response(
            writer, "http://broken.example/", b"<p>Stem cells \xff\xfe cure</p>", _http("200 OK", "text/html; charset=utf-8")
        )
        _response(writer, "http://cafe-regenera.example/", LATIN1_PAGE.encode("latin-1"), _http("200 OK", "text/html"))
    with open(folder / "crawl-2.warc", "wb") as stream:
        writer = WARCWriter(stream, gzip=False)
        _response(
            writer, "http://journal-of-cells.example/article", ARTICLE.read_bytes(), _http("200 OK", "text/html; charset=utf-8")
        )
        _response(writer, "http://hair.shop.example/serum", SERUM.read_bytes(), _http("200 OK", "application/xhtml+xml"))
    return folder
