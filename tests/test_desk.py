"""The desk page in a real browser: Debian's chromium driven by Playwright, against gunicorn,
a real Redis and a real worker. Skips with one line when chromium or Playwright is absent."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
from pathlib import Path

import pytest
import requests

from tests.conftest import ROOT, needs_shared

CHROMIUM = os.environ.get("ATTRIB_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
SCREENSHOTS = Path(os.environ.get("ATTRIB_SCREENSHOT_DIR", ROOT / "build" / "screenshots"))
# the flags that keep chromium off the network on a closed machine
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM:
        pytest.skip("chromium is not installed (apt-get install chromium): the desk's browser tests need it")
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
    pw = sync_api.sync_playwright().start()
    b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    yield b
    b.close()
    pw.stop()


@pytest.fixture()
def page(browser, api_key):
    context = browser.new_context(accept_downloads=True, viewport={"width": 1400, "height": 1000})
    p = context.new_page()
    p.set_default_timeout(20_000)
    dialogs: list[str] = []
    p.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    p.dialogs = dialogs
    p.api_key = api_key
    yield p
    context.close()


def login(page, base: str, fragment: str = "") -> None:
    """Open the page with the key already typed, as a user who pasted it once this tab."""
    page.goto(base + "/" + fragment)
    page.fill("#api-key", page.api_key)
    page.dispatch_event("#api-key", "change")


def attribute(page, text: str, title: str = "") -> None:
    page.fill("#article", text)
    if title:
        page.fill("#title", title)
    page.get_by_role("button", name="Attribute").click()
    page.wait_for_selector("#result:not([hidden])")


def marks(page) -> list[dict]:
    return page.eval_on_selector_all(
        "#article-view mark",
        "els => els.map(m => ({id: m.dataset.quoteId, speaker: m.dataset.speaker, type: m.dataset.type,"
        " filtered: m.dataset.filtered, text: m.textContent}))",
    )


@pytest.fixture(scope="module")
def seed_text() -> str:
    return needs_shared("seeds", "kursk-north-korea.txt").read_text(encoding="utf-8")


def test_page_and_assets_are_served_with_a_strict_policy(api_server):
    resp = requests.get(api_server + "/", timeout=10)
    assert resp.status_code == 200 and resp.headers["Content-Type"].startswith("text/html")
    csp = resp.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "connect-src 'self'" in csp and "default-src 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert not re.search(r"<script(?![^>]*\bsrc=)", resp.text), "no inline script"
    assets = re.findall(r'(?:src|href)="(/static/[^"]+)"', resp.text)
    assert {a.split("?")[0] for a in assets} == {"/static/desk.js", "/static/desk.css"}
    for url in assets:
        a = requests.get(api_server + url, timeout=10)
        assert a.status_code == 200 and "immutable" in a.headers["Cache-Control"]
        assert "max-age=31536000" in a.headers["Cache-Control"]
    missing = requests.get(api_server + "/static/nope.js", timeout=10)
    assert missing.status_code == 404 and missing.headers["Content-Type"] == "application/problem+json"
    assert requests.get(api_server + "/static/index.html", timeout=10).status_code == 404


def test_seed_article_marks_every_quote_with_its_speaker(page, api_server, seed_text):
    login(page, api_server)
    attribute(page, seed_text, "Russia confirms North Korean troops in Kursk")
    job_id = page.evaluate("location.hash.slice(1)")
    job = requests.get(
        f"{api_server}/v1/jobs/{job_id}", headers={"Authorization": f"Bearer {page.api_key}"}, timeout=10
    ).json()
    quotes = {q["id"]: q for q in job["result"]["quotes"]}
    found = marks(page)
    assert {m["id"] for m in found} == set(quotes) and len(quotes) == 15
    for m in found:
        q = quotes[m["id"]]
        assert m["speaker"] == (q["speaker"]["name"] if q["speaker"] else "") and m["type"] == q["type"]
        assert m["text"] == q["text"], "a mark covers exactly its quote's characters"
    assert {"Valery Gerasimov", "Vladimir Putin", "Donald Trump"} <= {m["speaker"] for m in found}
    assert page.text_content("#status") == "done"

    # the Gerasimov direct quote's card: the chain through the Kremlin to Yonhap
    page.click('mark[data-type="direct"][data-speaker="Valery Gerasimov"]')
    card = page.locator("#card")
    assert card.is_visible()
    assert card.locator('dd[data-field="chain"]').text_content() == "Valery Gerasimov → Kremlin → Yonhap"
    assert card.locator('dd[data-field="speaker"]').text_content() == "Valery Gerasimov (person)"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "desk-seed.png"), full_page=True)

    # filtering by a speaker leaves only that speaker's marks
    putin = sum(1 for q in quotes.values() if q["speaker"] and q["speaker"]["name"] == "Vladimir Putin")
    page.locator("#speakers button.filter", has_text="Vladimir Putin").click()
    shown = [m for m in marks(page) if m["filtered"] == "in"]
    assert len(shown) == putin >= 2 and {m["speaker"] for m in shown} == {"Vladimir Putin"}
    assert page.text_content("#filter-note") == f"Showing {putin} of 15 quotes."
    page.get_by_role("button", name="Show all quotes").click()
    assert all(m["filtered"] == "in" for m in marks(page))

    # an outlet filter: every quote that came through Yonhap, directly or via
    page.locator("#outlets button.filter", has_text="Yonhap").click()
    yonhap = [q["id"] for q in quotes.values() if any(o and o["name"] == "Yonhap" for o in [q["outlet"], *q["via"]])]
    assert sorted(m["id"] for m in marks(page) if m["filtered"] == "in") == sorted(yonhap)

    # CSV: one row per quote, the chain as the card shows it
    with page.expect_download() as dl:
        page.get_by_role("button", name="Export CSV").click()
    rows = list(csv.DictReader(io.StringIO(Path(dl.value.path()).read_text(encoding="utf-8"))))
    assert len(rows) == 15
    assert list(rows[0]) == ["id", "type", "text", "start", "end", "speaker", "kind", "outlet", "chain", "confidence"]
    gerasimov = next(r for r in rows if r["type"] == "direct" and r["speaker"] == "Valery Gerasimov")
    assert gerasimov["chain"] == "Valery Gerasimov > Kremlin > Yonhap" and gerasimov["outlet"] == "Kremlin"
    assert {r["id"]: r["text"] for r in rows} == {k: q["text"] for k, q in quotes.items()}
    with page.expect_download() as dl:
        page.get_by_role("button", name="Export JSON").click()
    assert '"id": "' + job_id + '"' in Path(dl.value.path()).read_text(encoding="utf-8")


def test_an_existing_job_opens_by_id_and_keyboard_alone_reaches_a_card(page, api_server):
    text = (
        'Farid Ozmen, the mayor, spoke on Monday. "We will rebuild the bridge," Ozmen told DTV.\n'
        "He said it would take a year.\n"
    )
    job = requests.post(
        api_server + "/v1/jobs",
        json={"text": text, "keep_text": True},
        headers={"Authorization": f"Bearer {page.api_key}", "Prefer": "wait=20"},
        timeout=30,
    ).json()
    login(page, api_server)
    page.fill("#job-id", job["id"])
    page.press("#job-id", "Enter")
    page.wait_for_selector("#article-view mark")
    assert page.locator(f'#recent-jobs button[data-job-id="{job["id"]}"]').count() == 1
    found = marks(page)
    assert {m["speaker"] for m in found} == {"Farid Ozmen"} and len(found) == 2

    # Tab from the start of the result reaches a mark; Enter opens its card; Escape returns focus
    page.focus("#result")
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "MARK":
            break
    else:
        pytest.fail("Tab never reached a quote mark")
    quote_id = page.evaluate("document.activeElement.dataset.quoteId")
    page.keyboard.press("Enter")
    assert page.locator("#card").is_visible() and page.get_attribute("#card", "data-quote-id") == quote_id
    page.keyboard.press("Escape")
    assert page.locator("#card").is_hidden()
    assert page.evaluate("document.activeElement.dataset.quoteId") == quote_id
    # every control has a name a screen reader can read
    unnamed = page.evaluate(
        """[...document.querySelectorAll('input, textarea, button')].filter(el => {
             const label = el.labels && el.labels.length ? el.labels[0].textContent.trim() : '';
             return !(label || el.getAttribute('aria-label') || el.textContent.trim());
           }).map(el => el.id || el.outerHTML)"""
    )
    assert unnamed == []


def test_article_markup_renders_inert(page, api_server):
    text = (
        'The hacker wrote "<script>alert(1)</script> is fine," Mara Quint said.\n'
        "<img src=x onerror=\"alert('pwned')\"> Officials said the site <b>was safe</b>.\n"
    )
    login(page, api_server)
    attribute(page, text)
    view = page.locator("#article-view")
    assert view.locator("script, img, b").count() == 0
    assert "<script>alert(1)</script>" in view.text_content()
    assert "<img src=x onerror=\"alert('pwned')\">" in view.text_content()
    assert page.locator("#article-view mark").count() >= 1
    page.wait_for_timeout(300)  # an onerror would have fired by now
    assert page.dialogs == []


def test_api_errors_show_their_problem_title_and_detail(page, api_server):
    page.goto(api_server + "/")
    page.fill("#api-key", "atk_not_a_real_key")
    attribute_click = page.get_by_role("button", name="Attribute")
    page.fill("#article", '"Hello," she said.')
    attribute_click.click()
    page.wait_for_selector("#error:not([hidden])")
    assert page.text_content("#error-title") == "Unauthorized"
    assert page.text_content("#error-detail") == "The API key is not valid."
    assert page.locator("#result").is_hidden()
