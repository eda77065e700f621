from sellerdesk.routing.choose import Candidate, Work, choose_agent, region_of_zone

NOW = 1_000_000.0


def agent(id, *, langs=("en",), skills=("amazon", "ebay"), senior=False, capacity=10, load=0, at=NOW, region=""):
    skills = set(skills) | ({"senior"} if senior else set())
    return Candidate(id, frozenset(langs), frozenset(skills), capacity, load, at, region)


def chosen(work, agents, **kw):
    c = choose_agent(work, agents, NOW, **kw)
    return c.agent_id if c else None


def test_skills_are_a_hard_rule_and_no_channel_skills_means_every_channel():
    agents = [agent("a", skills=("ebay",)), agent("b", skills=())]
    assert chosen(Work("amazon"), agents) == "b"
    assert chosen(Work("ebay"), [agent("a", skills=("ebay",), load=5), agent("c", skills=("amazon",))]) == "a"
    assert chosen(Work("tiktok"), [agent("a", skills=("ebay",))]) is None


def test_claims_only_to_seniors():
    agents = [agent("a"), agent("s", senior=True, load=9)]
    assert chosen(Work("amazon", needs_senior=True), agents) == "s"
    assert chosen(Work("amazon", needs_senior=True), [agent("a")]) is None


def test_capacity_away_and_excluded_agents_get_nothing():
    assert chosen(Work("amazon"), [agent("full", load=10), agent("b", load=3)]) == "b"
    assert chosen(Work("amazon"), [agent("away", at=None), agent("b", load=3)]) == "b"
    assert chosen(Work("amazon"), [agent("a"), agent("b", load=3)], exclude={"a"}) == "b"


def test_on_shift_beats_everything_else_and_off_shift_goes_to_the_soonest_shift():
    speaker_later = agent("de", langs=("de",), at=NOW + 3600)
    on_shift = agent("en", langs=("en",), load=8)
    assert chosen(Work("amazon", language="de"), [speaker_later, on_shift]) == "en"
    c = choose_agent(Work("amazon"), [agent("x", at=NOW + 7200), agent("y", at=NOW + 3600)], NOW)
    assert (c.agent_id, c.on_shift) == ("y", False)


def test_language_then_senior_then_region_then_load():
    en, de = agent("en", load=0), agent("de", langs=("de", "en"), load=5)
    assert chosen(Work("amazon", language="de"), [en, de]) == "de"
    junior, senior = agent("j", load=0), agent("s", senior=True, load=4)
    assert chosen(Work("amazon", tier=1), [junior, senior]) == "s"
    assert chosen(Work("amazon", high_value=True), [junior, senior]) == "s"
    assert chosen(Work("amazon", tier=2), [junior, senior]) == "j"
    eu, na = agent("eu", region="eu", load=3), agent("na", region="na", load=0)
    assert chosen(Work("amazon", region="eu"), [eu, na]) == "eu"
    # Least loaded as a share of capacity: 3 of 10 beats 2 of 4.
    assert chosen(Work("amazon"), [agent("small", capacity=4, load=2), agent("big", capacity=10, load=3)]) == "big"


def test_reasons_and_regions_of_zones():
    c = choose_agent(Work("amazon", language="de", tier=1, region="eu"), [agent("s", langs=("de",), senior=True, region="eu")], NOW)
    assert (c.agent_id, c.on_shift, c.reasons) == ("s", True, ["language", "senior", "region"])
    assert [region_of_zone(z) for z in ("America/Chicago", "Europe/Berlin", "Asia/Kuala_Lumpur", "Asia/Shanghai")] == [
        "na", "eu", "sea", "",
    ]
