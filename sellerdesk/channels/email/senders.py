"""Who sent a mail: the writer's address from From, else Sender, Reply-To, Return-Path; and whether
the sender is a machine (the null sender <>, MAILER-DAEMON, postmaster) whose mail is a report.

Only a mail with no usable address in any of the four is refused, with the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sellerdesk.channels.base import MalformedDelivery
from sellerdesk.channels.email.addresses import Mailbox

WRITER_HEADERS = ("From", "Sender", "Reply-To", "Return-Path")
SENDER_FALLBACK = "sender-fallback"  # flag: the writer's address is not the From header's
_DAEMONS = {
    "mailer-daemon", "mailer_daemon", "mailerdaemon", "mail-daemon", "maildaemon", "postmaster", "mdaemon",
    "double-bounce", "mail delivery system", "mail delivery subsystem",
}
# Exchange and Office 365 send reports from MicrosoftExchange<32 hex digits>@ the organisation.
_EXCHANGE_SYSTEM = re.compile(r"^microsoftexchange[0-9a-f]{32}$")


@dataclass
class Senders:
    boxes: dict[str, Mailbox] = field(default_factory=dict)  # header name -> its first mailbox ("" header: absent)
    present: set[str] = field(default_factory=set)

    @property
    def from_box(self) -> Mailbox:
        return self.boxes.get("From", Mailbox())

    @property
    def writer_header(self) -> str:
        """The first of From, Sender, Reply-To, Return-Path with a usable address ("" for none)."""
        return next((h for h in WRITER_HEADERS if self.boxes.get(h, Mailbox()).address), "")

    @property
    def writer(self) -> Mailbox:
        return self.boxes.get(self.writer_header, Mailbox())

    def from_is_machine(self) -> bool:
        return "From" in self.present and is_machine(self.from_box)

    def return_path_is_null(self) -> bool:
        return "Return-Path" in self.present and is_machine(self.boxes["Return-Path"])

    def refusal(self) -> MalformedDelivery:
        """Why a mail with no usable sender cannot be taken, naming what each header held."""
        if "From" not in self.present:
            what = "no From header"
        elif self.from_box.name or self.from_box.spec:
            what = f"From header has no address: {(self.from_box.name or self.from_box.spec)[:200]!r}"
        else:
            what = "From header is empty"
        others = [h for h in WRITER_HEADERS[1:] if h in self.present]
        if others:
            return MalformedDelivery(f"{what}, and {', '.join(others)} {'has' if len(others) == 1 else 'have'} none either")
        return MalformedDelivery(f"{what}, and no Sender, Reply-To or Return-Path to take it from")


def read(msg, hdr) -> Senders:
    """The first mailbox of each sender header (hdr: the mail's HeaderText)."""
    found = Senders()
    for name in WRITER_HEADERS:
        value = msg.get(name)
        if value is not None:
            found.present.add(name)
            found.boxes[name] = hdr.mailbox(value)
    return found


def is_machine(box: Mailbox) -> bool:
    """The null sender, or a mail system's own address (MAILER-DAEMON, postmaster...)."""
    if box.null and not box.address:
        return True
    local = " ".join(box.local_part.split())
    if local in _DAEMONS or _EXCHANGE_SYSTEM.match(local):
        return True
    # "From: MAILER-DAEMON" with neither brackets nor domain: the name is all there is.
    return not box.address and " ".join(box.name.lower().split()) in _DAEMONS
