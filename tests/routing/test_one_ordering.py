"""One order of work: the product's "My work" and `simulate` choose the same next item on the same state.

States are generated (seeded, so a failure names the state that broke it): agents with random
shifts, channel skills and seniority; open conversations with random tiers, claims, arrival and due
times, some already late. The product reads them from the database (routing.worklist); the
simulator's policy sees the same state as trace objects (sim.sellerdesk_policy). Both must pick
the same item for every agent.
"""

import datetime as dt
import random
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model

from sellerdesk.accounts.models import AgentProfile
from sellerdesk.channels.models import ChannelAccount
from sellerdesk.conversations.models import Conversation
from sellerdesk.customers.models import Customer
from sellerdesk.routing import ordering, worklist
from sellerdesk.routing.shifts import rota
from sellerdesk.sim.engine import Agent, OpenClaim, Thread
from sellerdesk.sim.plan import Planned
from sellerdesk.sim.sellerdesk_policy import SellerDeskPolicy
from sellerdesk.sla.models import Calendar, Deadline, Policy

NOW = dt.datetime(2026, 12, 7, 10, 0, tzinfo=dt.timezone.utc)  # a Monday
FAMILIES = ["amazon", "ebay", "shopify"]
ZONES = ["Asia/Shanghai", "Europe/Berlin", "America/Chicago", "UTC"]
ALL_DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
STATES = 30


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def policies(db):
    cal = Calendar.objects.create(name="always (test)", kind=Calendar.Kind.ALWAYS)
    make = lambda group, label: Policy.objects.create(  # noqa: E731
        name=label, label=label, group=group, metric=Policy.Metric.FIRST_RESPONSE, calendar=cal, target_minutes=60,
    )
    return {"platform": make("platform", "Platform"), "internal": make("internal", "Internal"), "claim": make("claim", "Claim")}


def _state(rng: random.Random):
    agents = []
    for i in range(rng.randint(1, 3)):
        start = rng.randrange(0, 24)
        agents.append({
            "name": f"agent{i}", "tz": rng.choice(ZONES), "senior": rng.random() < 0.5,
            "skills": sorted(rng.sample(FAMILIES, rng.randint(1, 3))),
            "shifts": [{"days": sorted(rng.sample(ALL_DAYS, rng.randint(3, 7)), key=ALL_DAYS.index),
                        "start": f"{start:02d}:00", "end": f"{(start + rng.choice([4, 8, 9])) % 24:02d}:30"}],
        })
    items = []
    for _ in range(rng.randint(2, 10)):
        at = NOW - dt.timedelta(minutes=rng.randrange(5, 48 * 60))
        due = max(at + dt.timedelta(hours=1), NOW + dt.timedelta(minutes=rng.randrange(-20 * 60, 30 * 60)))
        claim = rng.random() < 0.2
        items.append({
            "family": rng.choice(FAMILIES), "tier": 1 if claim else rng.choice([1, 2, 2, 3]), "claim": claim, "at": at,
            "due": due, "internal": at + dt.timedelta(minutes=rng.randrange(30, 6 * 60)) if rng.random() < 0.7 else None,
        })
    return agents, items


def _store(agents, items, policies):
    users = []
    for a in agents:
        user = get_user_model().objects.create_user(a["name"], password="agent-password")
        AgentProfile.objects.create(
            user=user, display_name=a["name"], timezone=a["tz"], languages=["en"], skills=a["skills"],
            is_senior=a["senior"], shifts=a["shifts"], capacity=50,
        )
        users.append(user)
    account = ChannelAccount.objects.create(kind="email", name="shop", address="shop@shop.example")
    convs = []
    for i, it in enumerate(items):
        customer = Customer.objects.create(name=f"Buyer {i}", email=f"b{i}@buyer.example", created_at=it["at"])
        conv = Conversation.objects.create(
            channel=it["family"], account=account, customer=customer, subject=f"Item {i}", tier=it["tier"],
            created_at=it["at"], last_message_at=it["at"], last_inbound_at=it["at"],
            next_deadline_at=it["due"],
        )
        group = "claim" if it["claim"] else "platform"
        Deadline.objects.create(
            conversation=conv, policy=policies[group], metric="first_response", kind=group, starts_at=it["at"],
            due_at=it["due"], created_at=it["at"],
            claim=_claim(conv) if it["claim"] else None,
        )
        if it["internal"]:
            Deadline.objects.create(
                conversation=conv, policy=policies["internal"], metric="first_response", kind="internal",
                starts_at=it["at"], due_at=it["internal"], created_at=it["at"],
            )
        convs.append(conv)
    return users, convs


def _claim(conv):
    from sellerdesk.orders.models import Claim

    return Claim.objects.create(
        platform="amazon", conversation=conv, kind="atoz", external_id=f"C-{conv.pk}", created_at=conv.created_at,
    )


def _simulator_choice(agents, items, convs, agent_index):
    """What sim.sellerdesk_policy picks for one agent, on the same state as trace objects."""
    window = (NOW - worklist.LOOK_BACK, NOW + worklist.LOOK_AHEAD)
    sim_agents = []
    for pos, a in enumerate(agents):
        skills = frozenset(a["skills"]) | ({"senior"} if a["senior"] else set())
        r = rota(a["tz"], a["shifts"])
        spec = SimpleNamespace(id=a["name"], tz=a["tz"], skills=skills, languages=frozenset(["en"]), capacity=50,
                               timeline=r.timeline(*window))
        sim_agents.append(Agent(pos, spec))
    planned, pool = {}, []
    for it, conv in zip(items, convs):
        due, internal = it["due"].timestamp(), (it["internal"] or it["due"]).timestamp()
        event = SimpleNamespace(idx=conv.pk, at=it["at"].timestamp(), family=it["family"])
        planned[conv.pk] = Planned("en", it["tier"], "", False, "", due, internal)
        thread = Thread(f"t{conv.pk}", it["family"])
        if it["claim"]:
            pool.append(OpenClaim(event, thread))
        else:
            thread.pending.append(event)
            pool.append(thread)
    policy = SellerDeskPolicy(planned)
    policy.bind(SimpleNamespace(agents=sim_agents))
    me = sim_agents[agent_index]
    mine = [item for item in pool if me.may_take(item)]
    picked = policy.pick(NOW.timestamp(), me, mine)
    if picked is None:
        return None
    return picked.claim.idx if isinstance(picked, OpenClaim) else picked.pending[0].idx


@pytest.mark.parametrize("seed", range(STATES))
def test_product_and_simulator_choose_the_same_next_item(seed, policies):
    rng = random.Random(seed)
    agents, items = _state(rng)
    users, convs = _store(agents, items, policies)
    for i, user in enumerate(users):
        product = worklist.next_item(user, now=NOW)
        simulated = _simulator_choice(agents, items, convs, i)
        assert (product.pk if product else None) == simulated, f"state {seed}, agent {agents[i]}"


def _owed(ref, *, tier=2, due_h, internal_h=None, costly=False):
    t = NOW.timestamp()
    return ordering.Owed(ref, t - 3600, tier, t + due_h * 3600, t + (internal_h if internal_h is not None else due_h) * 3600, costly)


def _clocks():
    tl = rota("UTC", [{"days": ALL_DAYS, "start": "00:00", "end": "24:00"}]).timeline(NOW - dt.timedelta(days=10), NOW + dt.timedelta(days=10))
    staff = ordering.Staff("a", tl, frozenset(FAMILIES), True)
    return ordering.SkillClocks([staff]), staff


def _order(*items):
    clocks, who = _clocks()
    t = NOW.timestamp()
    ranked = sorted(items, key=lambda it: ordering.rank([it[0]], family="amazon", claim=it[1], t=t, clocks=clocks, who=who).key)
    return [it[0].ref for it in ranked]


def test_when_time_runs_short_urgent_work_weighs_more():
    # Tier 1 with 8 h left goes before tier 2 with 3 h left; with 1.5 h left the tier-2 message goes first.
    assert _order((_owed("calm", due_h=3), False), (_owed("urgent", tier=1, due_h=8), False)) == ["urgent", "calm"]
    assert _order((_owed("calm", due_h=1.5), False), (_owed("urgent", tier=1, due_h=8), False)) == ["calm", "urgent"]
    # A claim weighs like tier 1; a message counting toward a late-response rate weighs a little more.
    assert _order((_owed("calm", due_h=3), False), (_owed("claim", due_h=8), True)) == ["claim", "calm"]
    assert _order((_owed("other", due_h=2.5), False), (_owed("amazon", due_h=3, costly=True), False)) == ["amazon", "other"]


def test_late_claims_are_not_starved_but_late_calm_messages_wait():
    # Late by 10 h: still behind work at risk of being late too, ahead of work with ample time.
    late_claim = (_owed("late claim", due_h=-10), True)
    assert _order(late_claim, (_owed("at risk", due_h=2), False)) == ["at risk", "late claim"]
    assert _order(late_claim, (_owed("ample", due_h=70), False)) == ["late claim", "ample"]
    # Late by 70 h (past the grace): ahead of work at risk too.
    assert _order((_owed("very late claim", due_h=-70), True), (_owed("at risk", due_h=2), False)) == ["very late claim", "at risk"]
    # A late tier-2 message: its cost is paid; it waits behind everything that can still be met.
    assert _order((_owed("late calm", due_h=-1), False), (_owed("ample", due_h=70), False)) == ["ample", "late calm"]
