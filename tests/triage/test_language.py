import pytest

from sellerdesk.triage.language import detect_language

CLEAR = [
    ("en", "Hello, my parcel still has not arrived and I am getting worried about it."),
    ("de", "Hallo, mein Paket ist immer noch nicht angekommen und ich mache mir Sorgen."),
    ("fr", "Bonjour, mon colis n'est toujours pas arrivé et je commence à m'inquiéter."),
    ("es", "Hola, mi paquete todavía no ha llegado y empiezo a preocuparme."),
    ("it", "Buongiorno, il mio pacco non è ancora arrivato e comincio a preoccuparmi."),
    ("pt", "Olá, a minha encomenda ainda não chegou e estou a ficar preocupada."),
    ("nl", "Hallo, mijn pakket is nog steeds niet aangekomen en ik maak me zorgen."),
    ("pl", "Dzień dobry, moja paczka wciąż nie dotarła i zaczynam się martwić."),
    ("sv", "Hej, mitt paket har fortfarande inte kommit och jag börjar bli orolig."),
    ("tr", "Merhaba, paketim hala gelmedi ve endişelenmeye başladım."),
    ("vi", "Xin chào, gói hàng của tôi vẫn chưa đến và tôi bắt đầu lo lắng."),
    ("ja", "こんにちは。荷物がまだ届いていないので心配しています。"),
    ("zh", "你好，我的包裹还没有到，我有点担心。"),
    ("ko", "안녕하세요, 제 택배가 아직 도착하지 않아서 걱정돼요."),
    ("th", "สวัสดีค่ะ พัสดุของฉันยังไม่มาถึงเลย กังวลมาก"),
    ("ar", "مرحبا، طردي لم يصل بعد وأنا قلق جدا."),
    ("id", "Halo kak, paket saya belum sampai juga, tolong dicek ya."),
    ("ms", "Saya belum terima barang lagi, boleh semak tak?"),
]


@pytest.mark.parametrize(("lang", "text"), CLEAR, ids=[lang for lang, _ in CLEAR])
def test_clear_messages(lang, text):
    assert detect_language(text)[0] == lang


def test_order_number_alone_is_unknown():
    assert detect_language("114-1234567-1234567") == ("", 0.0)
    assert detect_language("#1001 / 1Z999AA10123456784")[0] == ""


def test_order_number_does_not_hide_the_language():
    assert detect_language("Bestellung 302-1234567-7654321 ist noch nicht da")[0] == "de"


def test_very_short_text_is_unknown_rather_than_guessed():
    assert detect_language("hola")[0] == ""
    assert detect_language("ok")[0] == ""


def test_mixed_scripts_go_by_the_buyers_script():
    assert detect_language("iPhone 15 Pro Max 的充电器不能用，怎么办")[0] == "zh"
    assert detect_language("AirPods Proが届きません。確認をお願いします")[0] == "ja"
    assert detect_language("Galaxy S24 케이스 언제 와요?")[0] == "ko"


def test_a_few_kanji_alone_are_not_called_chinese():
    # 注文番号 is Japanese; without kana only a confident model may decide.
    assert detect_language("注文番号 250-1234567-1234567")[0] in ("ja", "")


def test_hindi_in_devanagari():
    assert detect_language("मेरा ऑर्डर अभी तक नहीं आया, कृपया जल्दी भेजें")[0] == "hi"
    assert detect_language("भाई product एकदम खराब निकला, मुझे refund चाहिए")[0] == "hi"


ROMANISED = [
    "mera order abhi tak nahi aaya bhai, kab tak aayega?",
    "Kya aap bata sakte hain ki mera parcel kahan hai",
    "mujhe refund chahiye please jaldi karo",
    "yaar product bilkul bekar hai, paisa wapas karo",
    "ana mesh 3aref el order fein ya basha",
    "wallah el shipment lesa ma wesletsh, yalla ba2a",
]


@pytest.mark.parametrize("text", ROMANISED)
def test_romanised_hindi_and_arabic_stay_unknown(text):
    # Not a language we read in Latin letters: unknown, never a confident English guess.
    assert detect_language(text)[0] == ""


def test_words_shared_with_romanised_hindi_do_not_hide_italian():
    assert detect_language("hai ricevuto il mio messaggio? il pacco non è ancora arrivato")[0] == "it"
