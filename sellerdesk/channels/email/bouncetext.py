"""The words of bounces written for people: subjects and notice texts of the common mail servers,
providers and filtering appliances, and the recipient, status and reason read out of that text.

Shapes recognised (the fixtures bounce_*.eml show each): Postfix, Exim, Sendmail, qmail, Courier,
Microsoft Exchange / Office 365 (also the old "did not reach some or all" form), Gmail (also the
old "failed permanently" form), Yahoo, Amazon SES, SendGrid- and Mailgun-style relays, Lotus
Notes / Domino, Novell GroupWise, Barracuda and Mimecast notices, and delay warnings.
"""

from __future__ import annotations

import re

# Opening words of a bounce's Subject (after an optional "[Postmaster]" tag or "**"). Parcel
# carriers use some of them too ("Delivery failed"), so a subject alone never decides.
_SUBJECT = re.compile(
    r"^\s*(?:\*+\s*)?(?:\[[^\]]{1,40}\]\s*)?(?:"
    + "|".join([
        r"undeliver(?:ed|able)", r"non[- ]?deliver", r"nondeliverable", r"returned mail", r"returned to sender",
        r"mail delivery (?:failed|failure|error|problem)", r"mail failure", r"mail system error", r"mail could not be delivered",
        r"delivery (?:status notification|failure|failed|has failed|notification|report|delayed|problem)", r"delivery_failure",
        r"(?:email )?delivery failure", r"failure notice", r"failed delivery", r"failure delivery", r"could not send message",
        r"message (?:status\s*-\s*)?undeliverable", r"message (?:not delivered|delivery has failed|delivery failed|you sent blocked)",
        r"delayed mail", r"warning: (?:could not send|message|delay)", r"postmaster notif", r"there was an error sending",
        r"unzustellbar", r"nicht zustellbar", r"non remis", r"non distribuable", r"non recapitabile", r"onbestelbaar",
        r"no se puede entregar", r"no entregado", r"não (?:é possível )?entreg", r"配信不能", r"配信エラー", r"未送达", r"无法投递",
        r"无法送达", r"退信", r"邮件投递失败",
    ])
    + r")",
    re.IGNORECASE,
)

# Sentences only mail systems write (each server family's own wording).
_NOTICE_OWN = re.compile(
    "|".join([
        r"this is the mail system at host", r"i'm sorry to have to (?:inform|tell) you that your message",
        r"created automatically by mail delivery software", r"a message that you sent could not be delivered to one or more",
        r"this is the qmail-send program", r"i'm afraid i wasn't able to deliver your message", r"the original message was received at",
        r"permanent fatal errors", r"transcript of session follows", r"delivery has failed to these recipients or groups",
        r"did not reach some or all of the intended recipients", r"following recipient\(s\) cannot be reached",
        r"delivery to the following recipients? failed permanently", r"the message that you sent was undeliverable to the following",
        r"sorry, we were unable to deliver your message to the following address", r"error occurred while trying to deliver the mail",
        r"not listed in (?:the )?domino directory", r"not listed in public name & address book", r"was blocked by our (?:spam|bulk)",
        r"this is a warning message only", r"could not send message for past", r"an email that you attempted to send to the following",
        r"your message (?:wasn't|couldn't be) delivered to .{1,80} because", r"the following message to <[^>]+> was undeliverable",
        r"delivery to the following recipient has been delayed",
    ]),
    re.IGNORECASE,
)
# Words a bounce uses that a buyer may use too ("the parcel could not be delivered"): they count
# only together with a machine sign (null Return-Path, Auto-Submitted, no sender, a copied original).
_NOTICE_WORDS = re.compile(
    "|".join([
        r"your message (?:wasn't|was not|couldn't be|could not be|has not been|cannot be) delivered", r"(?:could|can) ?not be delivered to",
        r"(?:was|were) undeliverable", r"undeliverable to the following", r"unable to deliver your message", r"was not delivered to",
        r"was not able to be delivered", r"has not been delivered", r"message has been rejected", r"message could not be delivered",
        r"delivery attempts will continue", r"mail delivery failed", r"failed to deliver", r"retry timeout exceeded", r"returned mail: ",
        # the same in German, French, Spanish, Portuguese, Italian, Dutch, Japanese, Chinese
        r"konnte nicht zugestellt werden", r"unzustellbar", r"n'a pas pu être (?:remis|distribué)", r"no (?:se )?pudo (?:ser )?entregar",
        r"não (?:pôde|foi possível) ser entregue", r"non è stato possibile recapitare", r"kon niet worden (?:afgeleverd|bezorgd)",
        r"配信できませんでした", r"送信できませんでした", r"宛先不明", r"无法投递", r"投递失败", r"无法送达", r"退信",
    ]),
    re.IGNORECASE,
)

# Where the copy of the original message starts in plain bounces: what follows is not the notice.
_COPY = re.compile(
    "|".join([
        r"^-+ ?(?:this is a copy of|below this line is a copy)", r"^-+ ?(?:original message|returned message|undelivered message)",
        r"^original message headers:", r"^possibly truncated original message follows", r"^-+ ?the header of the original message",
        r"^-+ ?original message follows", r"^-+ ?forwarded message",
    ]),
    re.IGNORECASE | re.MULTILINE,
)
_DELAY = re.compile(
    r"this is a warning message only|will (?:continue to )?(?:be )?retr(?:y|ied)|will keep trying|delivery attempts will continue"
    r"|has not yet been delivered|not been delivered yet|delivery (?:has been )?delayed|still being retried|could not send message for past"
    r"|\(delay\)",
    re.IGNORECASE,
)
_NOTICE_CHARS = 20000
_DELIVERED_SUBJECT = re.compile(r"^\s*(?:delivered|relayed|delivery status notification \((?:success|relay)\))", re.IGNORECASE)

# Status codes: enhanced "5.1.1" (not inside an IP address or date), SMTP replies "550 ".
_STATUS = re.compile(r"(?<![\w.])([245]\.\d{1,3}\.\d{1,3})(?![.]?\d)")
_REPLY = re.compile(r"(?<![\w.:/-])([45][0-5]\d)(?=[ :-]\s?\S)")
# Words that explain a failure, for notices that give no code (Domino, GroupWise, Gmail's prose).
_EXPLAINS = re.compile(
    r"user unknown|unknown user|no such (?:user|recipient|mailbox|address)|does(?:n't| not) exist|could(?:n't| not) be found"
    r"|not found|not listed in|mailbox (?:is )?full|over quota|quota exceeded|insufficient storage|blocked|rejected|refused"
    r"|message too large|too big|host not found|domain not found|no mx|access denied|mailbox unavailable|disabled|inactive"
    r"|expired|timed out|loop",
    re.IGNORECASE,
)
# Matches start only where a word starts, and line prefixes never span lines: linear time on junk.
_ADDRESS = re.compile(r"(?<![A-Za-z0-9.!#$%&'*+/=?^_`{|}~-])[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_ADDRESS_LINE = re.compile(r"^[ \t>]*<?([^\s<>@]+@[^\s<>@:]+?)>?:", re.MULTILINE)
_REMOTE_SAID = re.compile(r"Remote Server returned '([^']+)'", re.IGNORECASE)
# What stands before the server's words: "Remote host said:", "smtp;", "550", "#5.1.1", "<a@b.example>:"...
_LEADING = re.compile(
    r"^(?:(?:remote (?:host|server) (?:said|returned)|diagnostic[- ]code|reason|the (?:response|error) (?:from the remote server )?was)\b\s*:?"
    r"|(?:smtp|x-[\w-]+)\s*;|[#(\[-]+|[45]\d\d(?:[ :-]|$)|[245]\.\d{1,3}\.\d{1,3}[)\]]?|<?[^\s<>@()]+@[^\s<>()]+?>?(?::|\.\.\.|\s)"
    r"|delivery error:)\s*",
    re.IGNORECASE,
)


def subject_says_bounce(subject: str) -> bool:
    return bool(_SUBJECT.match(subject or ""))


def notice_is_a_bounce(text: str) -> bool:
    """The notice uses a mail system's own wording."""
    return bool(_NOTICE_OWN.search(notice(text)[:6000]))


def notice_speaks_of_bounce(text: str) -> bool:
    """The notice uses a mail system's own wording or words a bounce uses."""
    head = notice(text)[:6000]
    return bool(_NOTICE_OWN.search(head) or _NOTICE_WORDS.search(head))


def notice(text: str) -> str:
    """The notice text alone: what comes before the copy of the original message (its first 20,000
    characters: a notice is short, a longer text is an original pasted without a marker)."""
    found = _COPY.search(text or "")
    return (text[: found.start()] if found else (text or ""))[:_NOTICE_CHARS]


def seems_delayed(subject: str, text: str) -> bool:
    return bool(_DELAY.search(subject or "") or _DELAY.search(notice(text)[:6000]))


def seems_delivered(subject: str) -> bool:
    return bool(_DELIVERED_SUBJECT.match(subject or ""))


def diagnostic_line(text: str) -> str:
    """The line of the notice that gives the remote server's answer (with its continuation lines),
    else the first line that explains the failure in words; "" when there is neither."""
    body = notice(text)
    quoted = _REMOTE_SAID.search(body)  # Exchange: Remote Server returned '550 5.1.10 RESOLVER...'
    if quoted:
        return quoted.group(1)
    lines = body.splitlines()
    for i, line in enumerate(lines):
        if _STATUS.search(line) or _REPLY.search(line):
            found = [line.strip()]
            for following in lines[i + 1 : i + 4]:
                if not following[:1].isspace() or not following.strip():
                    break
                found.append(following.strip())
            return " ".join(found)
    wording = [line.strip() for line in lines if line.strip() and not line.strip().lower().startswith("subject:")]
    return next((line for line in wording if _EXPLAINS.search(line)), "") or next((line for line in wording if _NOTICE_WORDS.search(line)), "")


def reason_of(diagnostic: str) -> str:
    """The remote server's words without the codes, addresses and prefixes already shown elsewhere."""
    text = " ".join(diagnostic[:2000].split())
    code = _STATUS.search(text) or _REPLY.search(text)
    if code and code.start() < 80:  # "host mx.example.org said: 550 5.1.1 ...": from the code on
        text = text[code.start() :]
    for _ in range(8):
        shorter = _LEADING.sub("", text, count=1)
        if shorter == text:
            break
        text = shorter
    text = text.strip(" -:;'\"<>")
    for opening, closing in ("()", "[]"):
        if text.endswith(closing) and opening not in text:  # "(user not found)" lost its opening bracket above
            text = text[:-1]
    return text[:200].rstrip()


def status_in(text: str) -> str:
    """The enhanced status code in a text, else its SMTP reply code, else ""."""
    found = _STATUS.search(text or "") or _REPLY.search(text or "")
    return found.group(1) if found else ""


def recipient_in(text: str, not_these: set[str]) -> str:
    """The address that failed: an "<address>:" line (Postfix, qmail, Yahoo), else the first address
    of the notice that is neither the bounce's own sender/recipients nor a mail system's."""
    body = notice(text)
    for found in [m.group(1) for m in _ADDRESS_LINE.finditer(body)] + _ADDRESS.findall(body):
        address = found.strip("<>.").lower()
        local = address.split("@")[0]
        if address not in not_these and local not in ("mailer-daemon", "postmaster"):
            return address
    return ""
