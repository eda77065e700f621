"""Translate and draft buttons show only when their adapters are set up; the Channels page says how
to set them up, in English and Chinese."""

import pytest
from django.core.management import call_command
from django.test import Client

from sellerdesk.conversations.models import Message
from tests.replies.conftest import T0
from tests.web.conftest import compile_translations

PASSWORD = "pw-admin-123"


@pytest.fixture
def anna(db):
    call_command("createagent", "anna", password=PASSWORD, name="Anna Schmidt", verbosity=0)
    client = Client()
    assert client.post("/login/", {"username": "anna", "password": PASSWORD}).status_code == 302
    return client


@pytest.fixture
def unconfigured(settings):
    settings.TRANSLATION_PROVIDER, settings.TRANSLATION_URL, settings.TRANSLATION_API_KEY, settings.TRANSLATION_MODEL = "", "", "", ""
    settings.LLM_URL, settings.LLM_MODEL, settings.LLM_API_KEY = "", "", ""


@pytest.fixture
def configured(settings):
    settings.TRANSLATION_PROVIDER, settings.TRANSLATION_URL, settings.TRANSLATION_API_KEY = "deepl", "http://127.0.0.1:9/", "key"
    settings.LLM_URL, settings.LLM_MODEL = "http://127.0.0.1:9/v1", "qwen2.5-7b-instruct"


def _conversation(make_amazon_conv):
    conv = make_amazon_conv(intent="damaged_defective", language="de")
    Message.objects.create(conversation=conv, account=conv.account, direction="in", body_text="Die Flasche ist kaputt.",
                           body_full="Die Flasche ist kaputt.", sender="buyer@marketplace.amazon.de", sent_at=T0, created_at=T0)
    return conv


def test_without_adapters_no_translate_or_draft_button(anna, make_amazon_conv, unconfigured):
    conv = _conversation(make_amazon_conv)
    page = anna.get(f"/conversations/{conv.pk}/").content.decode()
    panel = anna.get(f"/replies/conversations/{conv.pk}/panel/").content.decode()
    assert "Translate into my language" not in page
    assert 'id="translate-draft"' not in panel and 'id="llm-draft"' not in panel
    assert "<kbd>Alt+1</kbd>" in panel  # the rest of the panel is there


def test_with_adapters_the_buttons_show_with_the_language_named(anna, make_amazon_conv, configured):
    conv = _conversation(make_amazon_conv)
    page = anna.get(f"/conversations/{conv.pk}/").content.decode()
    panel = anna.get(f"/replies/conversations/{conv.pk}/panel/").content.decode()
    assert ">Translate into my language</button>" in page
    assert ">Translate my reply into German</button>" in panel
    assert ">Draft a reply (language model)</button>" in panel
    assert "(buyer language: German)" in panel


def test_only_drafts_configured(anna, make_amazon_conv, unconfigured, settings):
    settings.LLM_URL, settings.LLM_MODEL = "http://127.0.0.1:9/v1", "llama3"
    conv = _conversation(make_amazon_conv)
    panel = anna.get(f"/replies/conversations/{conv.pk}/panel/").content.decode()
    assert 'id="translate-draft"' not in panel and 'id="llm-draft"' in panel


def _admin(username="boss", ui_language="en"):
    call_command("createagent", username, password=PASSWORD, role="admin", name="Bo Admin", ui_language=ui_language, verbosity=0)
    client = Client()
    assert client.post("/login/", {"username": username, "password": PASSWORD}).status_code == 302
    return client


def _section(html: str) -> str:
    start = html.index('<section class="box" id="assistants">')
    return " ".join(html[start:html.index("</section>", start)].split())


def test_channels_page_says_how_to_configure_them(db, unconfigured):
    html = _section(_admin().get("/channels/").content.decode())
    assert ('<p id="translation-state"><span class="tag">off</span> Machine translation is not configured, so its buttons are hidden.</p>') in html
    assert ("To turn it on, set in the service’s environment SELLERDESK_TRANSLATION_PROVIDER (deepl or openai), "
            "SELLERDESK_TRANSLATION_URL, SELLERDESK_TRANSLATION_API_KEY and, for openai, SELLERDESK_TRANSLATION_MODEL; "
            "then restart SellerDesk. Details: docs/translation.md.") in html
    assert "To turn them on, set SELLERDESK_LLM_URL (any OpenAI-compatible endpoint" in html


def test_channels_page_shows_what_is_on(db, configured):
    html = _section(_admin().get("/channels/").content.decode())
    assert ('<p id="translation-state"><span class="tag ok">on</span> Machine translation through deepl: agents see “Translate” '
            'under buyer messages and beside the reply box.</p>') in html
    assert ('<p id="drafts-state"><span class="tag ok">on</span> Reply drafts by the language model qwen2.5-7b-instruct: '
            'agents see “Draft a reply” beside the reply box.</p>') in html
    assert "SELLERDESK_" not in html


def test_channels_page_in_chinese(db, unconfigured):
    compile_translations()
    html = _section(_admin("wang", "zh-hans").get("/channels/").content.decode())
    assert "<h2>翻译与回复草稿</h2>" in html
    assert '<span class="tag">未开启</span> 未配置机器翻译，因此其按钮已隐藏。' in html
    assert "SELLERDESK_TRANSLATION_PROVIDER" in html  # the names to set stay as they are
