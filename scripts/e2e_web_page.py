#!/usr/bin/env python3
"""The web page in a real browser: Debian's chromium, headless, driven by selenium through chromium-driver.

Usage: scripts/e2e_web_page.py --url http://127.0.0.1:7701 --work DIR --screenshots DIR [--ca CERT.pem]

Makes three synthetic clips the demo model knows (training/synthetic.py), uploads them over the JSON API,
then in the browser types the first clip's caption, waits for the results, checks that clip is first and
its thumbnails loaded, opens its record page, checks the merge rows and the token table, and saves
screenshots of both pages. With --ca (an https URL) uploads trust that certificate, and the browser accepts
it (selenium's acceptInsecureCerts: chromium's own trust store is the system's, not this test's). Prints one
JSON line; exits 0 when every check passed, 1 otherwise.
"""
import argparse
import json
import ssl
import sys
import urllib.request
from pathlib import Path

import numpy as np
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from training.synthetic import ClipSpec, encode_mp4, render

CLIPS = {
    "clip-red-circle": ClipSpec("red", "circle", "left", "appears", "blue", "square"),
    "clip-green-triangle": ClipSpec("green", "triangle", "down", "disappears", "yellow", "circle"),
    "clip-blue-square": ClipSpec("blue", "square", "right", "turns", "yellow", "square"),
}
TARGET = "clip-red-circle"
THUMBNAILS_LOADED = """
const images = Array.from(arguments[0].querySelectorAll('img.thumb'));
return images.length > 0 && images.every(img => img.complete && img.naturalWidth > 0);
"""


def upload(url: str, work: Path, context: ssl.SSLContext | None) -> None:
    """Renders each clip (fixed seed) and PUTs it to /v1/videos/ID (over TLS with `context`)."""
    for index, (clip_id, spec) in enumerate(CLIPS.items()):
        path = work / f"{clip_id}.mp4"
        encode_mp4(render(spec, np.random.default_rng(index), frames=24), path, fps=8)
        request = urllib.request.Request(f"{url}/v1/videos/{clip_id}?filename={path.name}", data=path.read_bytes(),
                                         method="PUT", headers={"Content-Type": "video/mp4"})
        with urllib.request.urlopen(request, timeout=120, context=context) as response:
            assert response.status == 200, response.status


def browser(accept_certificate: bool) -> webdriver.Chrome:
    """Headless chromium from Debian through /usr/bin/chromedriver (nothing downloaded)."""
    options = webdriver.ChromeOptions()
    options.accept_insecure_certs = accept_certificate
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1400,1000", "--no-first-run", "--disable-background-networking"):
        options.add_argument(argument)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--screenshots", type=Path, required=True)
    parser.add_argument("--ca", type=Path, help="PEM certificate an https daemon serves (self-signed in tests)")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    args.screenshots.mkdir(parents=True, exist_ok=True)
    upload(args.url, args.work, ssl.create_default_context(cafile=str(args.ca)) if args.ca else None)

    checks, seen = {}, {}
    driver = browser(accept_certificate=args.ca is not None)
    try:
        wait = WebDriverWait(driver, 60)
        driver.get(args.url + "/")
        checks["served_over_the_url_scheme"] = driver.current_url.startswith(args.url.split(":")[0] + "://")
        wait.until(lambda d: d.find_element(By.ID, "model").text != "")
        caption = driver.find_element(By.ID, "caption")
        caption.send_keys(CLIPS[TARGET].caption)
        caption.send_keys(Keys.ENTER)
        wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#results .hit")) == len(CLIPS))
        hits = driver.find_elements(By.CSS_SELECTOR, "#results .hit")
        seen["order"] = [hit.get_attribute("data-id") for hit in hits]
        checks["right_clip_first"] = seen["order"][0] == TARGET
        first = hits[0]
        checks["thumbnails_loaded"] = bool(wait.until(lambda d: d.execute_script(THUMBNAILS_LOADED, first)))
        seen["thumbnails"] = len(first.find_elements(By.CSS_SELECTOR, "img.thumb"))
        checks["one_thumbnail_per_sampled_frame"] = seen["thumbnails"] == 12
        driver.save_screenshot(str(args.screenshots / "search-results.png"))

        first.click()
        record = wait.until(lambda d: d.find_element(By.CSS_SELECTOR, f"#record[data-id='{TARGET}']"))
        wait.until(lambda d: d.execute_script(THUMBNAILS_LOADED, d.find_element(By.ID, "frames")))
        rows = driver.find_elements(By.CSS_SELECTOR, "#merges .merge-row")
        seen["clips_per_row"] = [len(row.find_elements(By.CSS_SELECTOR, ".clip")) for row in rows]
        checks["merge_rows_follow_the_schedule"] = seen["clips_per_row"] == [12, 6, 3, 1]
        table_rows = driver.find_elements(By.CSS_SELECTOR, "#tokens tr")
        checks["token_table_per_layer"] = len(table_rows) >= 3
        checks["record_shows_id"] = TARGET in record.text
        driver.save_screenshot(str(args.screenshots / "record-page.png"))
        logs = driver.get_log("browser") if hasattr(driver, "get_log") else []
        seen["console_errors"] = [entry["message"] for entry in logs if entry.get("level") == "SEVERE"]
        checks["no_console_errors"] = not seen["console_errors"]
    finally:
        driver.quit()
    ok = bool(checks) and all(checks.values())
    print(json.dumps({"ok": ok, "checks": checks, "seen": seen, "screenshots": str(args.screenshots)}))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
