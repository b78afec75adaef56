"""A clinic admin searches the record of access and downloads it; others cannot."""

from __future__ import annotations

import csv
import io
import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import accessibility_violations, open_page, scrolls_sideways, small_targets


def test_an_admin_searches_the_record_of_access_and_downloads_it(sign_in_as, page: Page) -> None:
    sign_in_as(page, "admin@example.org")
    open_page(page, "/admin/audit")
    expect(page.get_by_role("heading", name="What we found")).to_be_visible()
    assert accessibility_violations(page) == [] and small_targets(page) == []
    assert not scrolls_sideways(page)

    page.get_by_role("textbox", name="What happened").fill("audit.searched")
    page.get_by_role("button", name="Search", exact=True).click()
    results = page.locator(".card").filter(has=page.get_by_role("heading", name="What we found"))
    # Opening the page was a search, and searching is itself on the record.
    expect(results.get_by_role("listitem").first).to_contain_text("audit.searched")
    expect(results.get_by_role("listitem").first).to_contain_text("Pat Okafor")
    assert "Who: Pat Okafor (clinic staff)" in results.get_by_role("listitem").first.inner_text()
    expect(results.get_by_role("listitem").first).to_contain_text(
        re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d · audit.searched")
    )
    expect(page.get_by_role("textbox", name="What happened")).to_have_value("audit.searched")

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download as a spreadsheet (CSV)").click()
    download = download_info.value
    assert download.suggested_filename.startswith(
        "audit-"
    ) and download.suggested_filename.endswith(".csv")
    rows = list(csv.DictReader(io.StringIO(download.path().read_text(encoding="utf-8"))))
    assert rows and {row["action"] for row in rows} == {"audit.searched"}
    assert "audit" not in page.url.split("/admin/audit")[-1]  # no search terms in the address


@pytest.mark.parametrize("device", ["phone"], indirect=True)
def test_a_clinician_sees_no_record_of_access(sign_in_as, page: Page) -> None:
    sign_in_as(page, "dr.chen@example.org")
    open_page(page, "/admin/audit")
    expect(page.get_by_text("This page is for clinic staff who manage the portal.")).to_be_visible()
    expect(page.get_by_role("button", name="Download as a spreadsheet (CSV)")).to_have_count(0)
