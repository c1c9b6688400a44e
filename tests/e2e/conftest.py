"""Browser journeys: pytest-playwright driving Debian's chromium against a live server."""

import os
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Screenshots go under the project's git-ignored var/screenshots/ (pytest-playwright owns and
# wipes test-results/), never a fixed /tmp path another run on a shared machine overwrites.
SCREENSHOT_ROOT = Path(__file__).resolve().parents[2] / "var" / "screenshots"
DEMO_PASSWORD = "demo12345"


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="package", autouse=True)
def _sync_orm_beside_playwright():
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # between browser steps are still plain synchronous calls. Only for this package: the
    # deploy check refuses the variable, and other tests must keep async safety on.
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {
        **browser_context_args,
        "locale": "zh-CN",
        "timezone_id": "Asia/Shanghai",
        "viewport": {"width": 1366, "height": 900},
    }


@pytest.fixture(scope="session")
def base_url(live_server):
    return live_server.url


@pytest.fixture
def demo(calendar_data, settings):
    """The demo departments, catalog and users, as `make run` has them."""
    settings.DEBUG = True
    with open(os.devnull, "w") as devnull:
        call_command("seed_demo", stdout=devnull)


@pytest.fixture
def login(page, base_url):
    def _login(username, password=DEMO_PASSWORD):
        page.goto(f"{base_url}/accounts/login/")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(password)
        page.get_by_role("button", name="登录").click()
        page.wait_for_load_state()
        return page

    return _login


@pytest.fixture
def shoot(page, request):
    """shoot(name) saves a full-page screenshot as var/screenshots/<test>/<name>.png
    and returns its path, after checking the file was written."""
    folder = SCREENSHOT_ROOT / request.node.name
    folder.mkdir(parents=True, exist_ok=True)

    def _shoot(name: str) -> Path:
        path = folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 1000, path
        return path

    return _shoot
