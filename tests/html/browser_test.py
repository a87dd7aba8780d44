#!/usr/bin/env python3
"""Loads golive's HTML report in Debian's headless Chromium.

browser_test.py CASE GOLIVE SOURCE_DIR WORK_DIR

CASE is one of
  demo     the retail demo's result
  hostile  a snapshot, rule pack and waivers whose names, messages, evidence,
           collector error, approver and environment are <script>, <img
           onerror> and mustache syntax
  large    a result of 1,000 findings (tests/html/large_result.py)
  control  a page with a console error, a script and an external image: the
           checks below must catch all three (proves the test can fail)

For each page: --dump-dom (with console logging and a network log),
--screenshot at 1280x2000 and --print-to-pdf. It fails on any console message,
any request the page makes (the report must load nothing), a script or img
element or on* attribute in the DOM Chromium built, a PDF of fewer than two
pages or a trivial PNG.
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser

CASE, GOLIVE, SOURCE, WORK = sys.argv[1:5]
os.makedirs(WORK, exist_ok=True)
failures = []


def fail(message):
    failures.append(message)
    print("FAIL: " + message)


def run(command, expect=None, **kwargs):
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if expect is not None and result.returncode not in expect:
        print(result.stdout[-4000:], result.stderr[-4000:])
        sys.exit(f"FAIL: {' '.join(command)} exited {result.returncode}")
    return result


def golive_html(out):
    demo = [GOLIVE, "evaluate", "--snapshot", f"{SOURCE}/examples/retail-demo/snapshot.json",
            "--waivers", f"{SOURCE}/examples/retail-demo/waivers.yaml",
            "--now", "2026-11-22T00:00:00Z"]
    if CASE == "demo":
        run(demo + ["--format", "html", "--output", out], expect=[1])
    elif CASE == "hostile":
        h = f"{SOURCE}/tests/html/hostile"
        run([GOLIVE, "evaluate", "--no-builtin", "--rules", f"{h}/pack.yaml",
             "--snapshot", f"{h}/snapshot.json", "--waivers", f"{h}/waivers.yaml",
             "--now", "2026-11-22T00:00:00Z", "--format", "html", "--output", out], expect=[1])
    elif CASE == "large":
        result = os.path.join(WORK, "demo.json")
        large = os.path.join(WORK, "large.json")
        run(demo + ["--format", "json", "--output", result], expect=[1])
        run([sys.executable, f"{SOURCE}/tests/html/large_result.py", result, "1000", large],
            expect=[0])
        started = time.monotonic()
        run([GOLIVE, "report", "--from", large, "--format", "html", "--output", out],
            expect=[0, 1, 3])
        print(f"golive report --format html, 1,000 findings: "
              f"{(time.monotonic() - started) * 1000:.0f} ms (whole process)")
    elif CASE == "control":
        with open(out, "w") as f:
            f.write('<!DOCTYPE html><html><body><p>control</p>'
                    '<img src="http://golive-control.invalid/x.png">'
                    '<script>console.error("golive-control")</script></body></html>')
    else:
        sys.exit(f"unknown case {CASE}")


def chromium(page, *args):
    profile = tempfile.mkdtemp(prefix="golive-chromium-")
    command = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
               "--no-first-run", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", f"--user-data-dir={profile}",
               "--host-resolver-rules=MAP * ~NOTFOUND", "--hide-scrollbars", *args,
               "file://" + os.path.abspath(page)]
    started = time.monotonic()
    result = subprocess.run(command, capture_output=True, text=True, timeout=60)
    print(f"chromium {args[-1].split('=')[0]}: {time.monotonic() - started:.1f} s")
    subprocess.run(["rm", "-rf", profile])
    return result


def console_messages(log):
    return [line for line in log.splitlines() if ":CONSOLE" in line]


def page_requests(netlog_path):
    """URLs the page itself asked for (the browser's own traffic is keyed by
    other sites, the page's by file://)."""
    with open(netlog_path) as f:
        text = f.read()
    try:
        events = json.loads(text)["events"]
    except ValueError:  # a log cut short lacks its closing brackets
        events = json.loads(text.rstrip().rstrip(",") + "]}")["events"]
    urls = set()
    for event in events:
        params = event.get("params", {})
        if "url" in params and str(params.get("network_isolation_key", "")).startswith("file://"):
            if not params["url"].startswith("file://"):
                urls.add(params["url"])
    return sorted(urls)


class DomAudit(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.bad = []
        self.text = []
        self.in_style = False

    def handle_starttag(self, tag, attrs):
        self.in_style = tag == "style"
        if tag in ("script", "img", "iframe", "object", "embed", "link"):
            self.bad.append(f"<{tag}> element")
        for name, value in attrs:
            if name.startswith("on"):
                self.bad.append(f"{name}= attribute on <{tag}>")
            if name in ("src", "srcset", "background", "poster"):
                self.bad.append(f"{name}= attribute on <{tag}>")
            if name == "href" and value and not re.match(r"^(#[a-z0-9-]+|https?://\S+)$", value):
                self.bad.append(f"href={value!r} on <{tag}>")

    def handle_endtag(self, tag):
        self.in_style = False

    def handle_data(self, data):
        if not self.in_style:
            self.text.append(data)


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


def pdf_pages(path):
    result = subprocess.run(["pdfinfo", path], capture_output=True, text=True)
    m = re.search(r"^Pages:\s+(\d+)", result.stdout, re.M)
    return int(m.group(1)) if m else 0


page = os.path.join(WORK, f"{CASE}.html")
golive_html(page)
size = os.path.getsize(page)
print(f"{CASE}.html: {size} bytes")
if CASE == "large" and size >= 2 * 1024 * 1024:
    fail(f"the 1,000-finding report is {size} bytes (limit 2 MB)")

netlog = os.path.join(WORK, f"{CASE}.netlog.json")
dom_run = chromium(page, "--enable-logging=stderr", "--v=0", f"--log-net-log={netlog}",
                   "--dump-dom")
dom = dom_run.stdout
png = os.path.join(WORK, f"{CASE}.png")
shot = chromium(page, "--enable-logging=stderr", "--v=0", "--window-size=1280,2000",
                f"--screenshot={png}")
pdf = os.path.join(WORK, f"{CASE}.pdf")
printed = chromium(page, "--enable-logging=stderr", "--v=0", "--no-pdf-header-footer",
                   f"--print-to-pdf={pdf}")

console = sum((console_messages(r.stderr) for r in (dom_run, shot, printed)), [])
requests = page_requests(netlog)
audit = DomAudit()
audit.feed(dom)
text = "".join(audit.text)

if CASE == "control":
    # Every check must trip on the control page.
    if not console:
        fail("the console message of the control page was not detected")
    if "http://golive-control.invalid/x.png" not in requests:
        fail("the control page's external image request was not detected")
    if not any("script" in b for b in audit.bad) or not any("img" in b for b in audit.bad):
        fail(f"the control page's script and img were not detected: {audit.bad}")
else:
    for line in console:
        fail(f"console: {line}")
    for url in requests:
        fail(f"the page requested {url}")
    for bad in audit.bad:
        fail(f"DOM: {bad}")
    if "</html>" not in dom or 'id="signoff"' not in dom:
        fail("Chromium did not build the whole document (no sign-off section)")
    if not os.path.exists(png) or os.path.getsize(png) < 20000:
        fail("screenshot missing or trivial")
    elif png_size(png) != (1280, 2000):
        fail(f"screenshot is {png_size(png)}, expected 1280x2000")
    pages = pdf_pages(pdf) if os.path.exists(pdf) else 0
    print(f"{CASE}.pdf: {pages} pages, {os.path.getsize(pdf) if pages else 0} bytes")
    if pages < 2:
        fail(f"PDF has {pages} page(s), expected at least 2")

if CASE == "demo":
    for expected in ("NO-GO", "retail-prod", "Blocking findings", "CISO (A. Romero)",
                     "Solution architect", "permission denied for view pg_hba_file_rules"):
        if expected not in text:
            fail(f"the page does not show {expected!r}")

if CASE == "hostile":
    # The hostile strings are in the page as text, exactly as collected.
    for expected in ("prod <script>alert(1)</script>\"><img src=x onerror=alert(1)>"
                     "{{ }} {{{x}}} {{> report.css}}",
                     "odoo\"><img src=x onerror=alert(1)>/web<script>alert(1)</script>",
                     "403 forbidden <script>alert(1)</script>",
                     "CISO \"><img src=x onerror=alert(1)>",
                     "{{> report.css}}"):
        if expected not in text:
            fail(f"the page does not show the text {expected!r}")
    if ":root {" in text or dom.count(":root {") != 1:
        fail("the stylesheet was duplicated or rendered as text")

if CASE == "large":
    rows = len(re.findall(r'class="finding row-', dom))
    if rows != 1000:
        fail(f"the DOM has {rows} finding rows, expected 1000")

if failures:
    sys.exit(f"{len(failures)} failure(s); files in {WORK}")
print(f"ok: {CASE}")
