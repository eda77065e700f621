"""Which store an order number belongs to.

Amazon, eBay, TikTok Shop and Walmart number orders across the whole marketplace: one number is
one order whichever of the seller's accounts reports it. Shops (Shopify and every other store
platform) number their own orders from #1001 up, so two stores of one seller both have a #1001:
there the number is unique only within the store, and the store is the channel account that
reported it.

`Order.store` holds that key: "" for marketplace-wide numbers, the account's id for a store's.
An order first seen where its store is not known (a Shopify number in a plain e-mail, a CSV
import without an account) is kept with store "" and adopted by the store whose event names it
later (`find_order`).
"""

from __future__ import annotations

MARKETPLACE_WIDE = frozenset({"amazon", "ebay", "tiktok", "walmart"})


def store_of(platform: str, account_id: int | None) -> str:
    """The store key of an order of `platform` reported by the account `account_id`."""
    if platform in MARKETPLACE_WIDE or not account_id:
        return ""
    return str(account_id)


def message_store(platform: str, channel: str, account_id: int | None) -> str | None:
    """A message names its own store's orders; a number met elsewhere (e-mail) may be any store's (None)."""
    if platform in MARKETPLACE_WIDE:
        return ""
    return store_of(platform, account_id) if channel == platform else None


def pick(candidates: list, store: str | None):
    """The order a (platform, number) means in `store`, among the rows with that number.

    None: any store — the only one, else the one whose store is unknown, else none (ambiguous).
    A store: its own row, else a row whose store is not known yet (to adopt), else none.
    """
    if store is None:
        if len(candidates) == 1:
            return candidates[0]
        unknown = [o for o in candidates if not o.store]
        return unknown[0] if len(unknown) == 1 else None
    own = [o for o in candidates if o.store == store]
    if own:
        return own[0]
    unknown = [o for o in candidates if not o.store]
    return unknown[0] if unknown else None
