"""``bidgen preview`` in a real headless Chromium: the page shows the proposal and its
findings, and follows the profile when it is saved on disk."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bidgen.preview import relevant
from tests.conftest import ROOT, SAMPLES

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
NEW_NAME = "临江市滨湖区政务云平台运维服务项目（二期）"
MIXED_TERM = "甲方如需增加巡检内容，我公司在一个工作日内书面确认。"


def test_only_files_that_can_change_the_proposal_trigger_a_rebuild():
    assert relevant("/x/项目配置.yaml") and relevant("/x/条款/commitment/a.md")
    assert relevant("/x/人员名单.xlsx") and relevant("/x/名单.CSV")
    assert not relevant("/x/.项目配置.yaml.swp") and not relevant("/x/~$人员名单.xlsx")
    assert not relevant("/x/out/方案.docx")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """The real CLI serving a copy of the it_ops sample on a free port."""
    profile = tmp_path / "项目配置.yaml"
    shutil.copy(SAMPLES / "it_ops.yaml", profile)
    process = subprocess.Popen(
        [sys.executable, "-m", "bidgen.cli", "preview", str(profile), "--port", "0"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    first = process.stderr.readline()
    found = re.fullmatch(r"预览地址：(http://127\.0\.0\.1:\d+/)\n", first)
    assert found, first
    try:
        yield found.group(1), profile
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def browser() -> Iterator[object]:
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        pytest.skip("Debian's chromium and chromium-driver are not installed (./dev.sh setup)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,900"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.mark.slow
def test_preview_follows_the_profile_in_a_real_browser(server, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    url, profile = server
    browser.get(url)
    body = browser.find_element(By.TAG_NAME, "body").text
    assert "临江市滨湖区政务信息系统运维服务项目" in body
    panel = browser.find_element(By.ID, "bidgen-findings")
    assert panel.text == "检查结果\n未发现问题。"
    first_version = browser.find_element(By.TAG_NAME, "html").get_attribute("data-bidgen-version")

    text = profile.read_text("utf-8")
    text = text.replace("临江市滨湖区政务信息系统运维服务项目", NEW_NAME, 1)
    text = text.replace("resolution: 4小时", "resolution: 10分钟", 1)
    text += f"\ncustom:\n  commitment:\n    - {MIXED_TERM}\n"
    time.sleep(0.3)  # a save a moment later, as an editor would
    profile.write_text(text, "utf-8")

    wait = WebDriverWait(browser, 30, poll_frequency=0.2)
    wait.until(lambda b: NEW_NAME in b.find_element(By.TAG_NAME, "body").text)
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("data-bidgen-version") != (
        first_version
    )
    findings = {
        item.get_attribute("data-code"): item
        for item in browser.find_elements(By.CSS_SELECTOR, "#bidgen-findings li.finding")
    }
    assert "BG101" in findings and "BG402" in findings
    assert "解决时限（10分钟）早于到达现场时限" in findings["BG101"].text
    assert "项目配置.yaml:" in findings["BG101"].text  # a profile finding names its line
    link = findings["BG402"].find_element(By.CSS_SELECTOR, ".place a")
    anchor = link.get_attribute("href").split("#", 1)[1]
    link.click()
    wait.until(lambda b: b.current_url.endswith("#" + anchor))
    section = browser.find_element(By.ID, anchor).find_element(By.XPATH, "..")
    assert MIXED_TERM in section.text
    assert link.text.endswith(browser.find_element(By.ID, anchor).text)  # the chapter path


@pytest.mark.slow
def test_preview_shows_bad_input_and_recovers(server, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    url, profile = server
    browser.get(url)
    good = profile.read_text("utf-8")
    profile.write_text(good + "budget: 100\n", "utf-8")
    wait = WebDriverWait(browser, 30, poll_frequency=0.2)
    wait.until(lambda b: "项目配置有误" in b.find_element(By.TAG_NAME, "body").text)
    assert "未知字段“budget”" in browser.find_element(By.ID, "bidgen-findings").text
    profile.write_text(good, "utf-8")
    wait.until(
        lambda b: "临江市滨湖区政务信息系统运维服务项目" in b.find_element(By.TAG_NAME, "body").text
    )
