"""The harness's accessibility check (conftest.axe_check) finds what it is there to find: a page with a serious
violation fails, in either text size, and names the page, the rule and the element."""

import pytest

from .conftest import AxeVisits, axe_check

pytestmark = pytest.mark.browser


def test_axe_check_reports_critical_and_serious_violations_of_a_kept_page(browser, live_server):
    visits = AxeVisits(live_server.url)
    address = f"{live_server.url}/p/axe-self-test/"
    bad = (
        '<!doctype html><html lang="zh-CN"><head><title>自测</title></head><body><main><h1>自测</h1>'
        '<ul class="messages" role="status"><li>已保存</li></ul>'  # a list that is no longer a list
        '<input type="text" name="code">'  # a field without a name a screen reader can read
        '<p style="color: #999">浅灰色的字</p>'  # 2.8:1 on white
        "</main></body></html>"
    )
    visits.pages["self-test"] = (address, bad)
    problems = axe_check(browser, visits)
    text = "\n".join(problems)
    assert "/p/axe-self-test/ (normal text): listitem (serious)" in text
    assert "label (critical)" in text
    assert "/p/axe-self-test/ (large text): color-contrast (serious)" in text
