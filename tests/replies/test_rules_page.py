"""The rules page lists every rule with its explanation and lets an agent try a text."""

import pytest
from django.test import Client
from django.utils.html import escape

from sellerdesk.replies.compliance import rules

pytestmark = pytest.mark.urls("tests.replies.urls")


@pytest.fixture
def client_in(agent):
    c = Client()
    c.force_login(agent)
    return c


def test_lists_every_rule_with_its_examples_passing(client_in):
    response = client_in.get("/replies/compliance/")
    assert response.status_code == 200
    html = response.content.decode()
    for rule in rules():
        assert f'<tr id="{rule.id}">' in html
        assert escape(rule.titles["en"]) in html
    assert html.count("all examples pass") == len(rules())


def test_try_a_text(client_in):
    response = client_in.get("/replies/compliance/", {"channel": "amazon", "text": "add me on WeChat"})
    html = response.content.decode()
    assert '<div class="verdict verdict-blocked" id="verdict">' in html
    assert (
        "<li><code>marketplace.no_off_platform_contact</code> (block): off-platform contact “add me on WeChat” "
        "is not allowed on Amazon: keep the conversation in Amazon messaging</li>"
    ) in html


def test_rules_in_chinese_for_a_chinese_ui(client_in):
    response = client_in.get("/replies/compliance/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    assert "不得以利益换取评价" in response.content.decode()


def test_needs_login(db):
    response = Client().get("/replies/compliance/")
    assert response.status_code == 302


def test_where_a_rule_only_warns_and_that_it_reads_meaning(client_in):
    html = client_in.get("/replies/compliance/").content.decode()
    row = html[html.index('<tr id="marketplace.no_review_incentive">'):]
    row = row[:row.index("</tr>")]
    assert "TikTok Shop, Walmart, Shopify (warns), email (warns)" in row
    assert "Also read by meaning: sentences are compared with examples of the violation." in row
    links = html[html.index('<tr id="amazon.no_external_links">'):]
    assert "Also read by meaning" not in links[:links.index("</tr>")]
    zh = client_in.get("/replies/compliance/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "TikTok Shop, Walmart, Shopify（仅提示）, email（仅提示）" in zh
    assert "同时按语义判断：逐句与违规示例比较。" in zh
