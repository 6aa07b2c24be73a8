"""A real browser signs in on the hosted AuthKit page.

Headless Chromium (Debian's `chromium` and `chromium-driver`, installed by Tests/run-all) driven with Selenium opens
the authorization URL the SDK builds, clicks an account in the chooser, and lands on a local callback server with a
code, which the SDK exchanges. Screenshots of the page go to Tests/sdk/artifacts/ (gitignored).

The test skips only when Chromium, its driver or Selenium is not installed.
"""

from __future__ import annotations

import http.server
import pathlib
import shutil
import threading
import urllib.parse
from typing import Any, Iterator

import pytest
from workos import WorkOSClient

from conftest import Environment

ARTIFACTS = pathlib.Path(__file__).resolve().parent / "artifacts"


def _wait_for_url(driver: Any, prefix: str) -> None:
    """Waits (up to 15 s) until the browser has navigated to a URL starting with `prefix`."""
    from selenium.webdriver.support.ui import WebDriverWait  # noqa: PLC0415

    WebDriverWait(driver, 15).until(lambda d: d.current_url.startswith(prefix))


def _chromium() -> tuple[str, str]:
    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    driver = shutil.which("chromedriver")
    if not browser or not driver:
        pytest.skip("headless Chromium is not installed (apt-get install chromium chromium-driver)")
    return browser, driver


@pytest.fixture
def chrome() -> Iterator[Any]:
    browser, driver_path = _chromium()
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service  # noqa: PLC0415 - after the skip check

    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=900,1200"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


class _Callback(http.server.BaseHTTPRequestHandler):
    """The application's redirect URI: records the query, answers a small page."""

    received: list[dict[str, str]] = []

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        url = urllib.parse.urlparse(self.path)
        if url.path != "/callback":  # the browser's /favicon.ico
            self.send_error(404)
            return
        query = urllib.parse.parse_qs(url.query)
        type(self).received.append({k: v[0] for k, v in query.items()})
        body = b"<!doctype html><title>Callback</title><h1>Signed in: code received</h1>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def callback_server() -> Iterator[tuple[str, list[dict[str, str]]]]:
    received: list[dict[str, str]] = []
    handler = type("Callback", (_Callback,), {"received": received})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/callback", received
    finally:
        server.shutdown()
        server.server_close()


def test_a_browser_clicks_an_account_and_lands_on_the_callback_with_a_code(
    chrome: Any, callback_server: tuple[str, list[dict[str, str]]], environment: Environment, client: WorkOSClient
) -> None:
    from selenium.webdriver.common.by import By  # noqa: PLC0415

    redirect_uri, received = callback_server
    url = client.user_management.get_authorization_url(provider="authkit", redirect_uri=redirect_uri, state="browser")
    chrome.get(url)
    assert "/_emulator/authkit/" in chrome.current_url
    assert chrome.title.startswith("Sign in")
    ARTIFACTS.mkdir(exist_ok=True)
    chrome.save_screenshot(str(ARTIFACTS / "authkit-sign-in.png"))

    button = chrome.find_element(By.CSS_SELECTOR, "button[aria-label='Continue as Alice Example']")
    button.click()

    _wait_for_url(chrome, redirect_uri + "?")
    chrome.save_screenshot(str(ARTIFACTS / "authkit-callback.png"))
    assert len(received) == 1 and received[0]["state"] == "browser"
    auth = client.user_management.authenticate_with_code(code=received[0]["code"])
    assert auth.user.email == "alice@example.com"


def test_a_browser_signs_in_with_email_and_password(
    chrome: Any, callback_server: tuple[str, list[dict[str, str]]], environment: Environment, client: WorkOSClient
) -> None:
    from selenium.webdriver.common.by import By  # noqa: PLC0415

    redirect_uri, received = callback_server
    url = client.user_management.get_authorization_url(
        provider="authkit", redirect_uri=redirect_uri, login_hint="alice@example.com"
    )
    chrome.get(url)
    email = chrome.find_element(By.ID, "email")
    assert email.get_attribute("value") == "alice@example.com"
    page_url = chrome.current_url
    chrome.find_element(By.ID, "password").send_keys("wrong-password")
    chrome.find_element(By.CSS_SELECTOR, "form input[value='password'] ~ button").click()
    _wait_for_url(chrome, page_url)
    from selenium.webdriver.support.ui import WebDriverWait  # noqa: PLC0415

    WebDriverWait(chrome, 15).until(lambda d: d.find_elements(By.CSS_SELECTOR, "[role=alert]"))
    assert "Incorrect email or password" in chrome.find_element(By.CSS_SELECTOR, "[role=alert]").text
    ARTIFACTS.mkdir(exist_ok=True)
    chrome.save_screenshot(str(ARTIFACTS / "authkit-wrong-password.png"))
    chrome.find_element(By.ID, "password").send_keys("alice-password")
    chrome.find_element(By.CSS_SELECTOR, "form input[value='password'] ~ button").click()
    _wait_for_url(chrome, redirect_uri + "?")
    assert received and "code" in received[0]
