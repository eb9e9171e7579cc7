"""Memberships stated in passing: "Nato-Mitglied Türkei", "EU member Poland", "the UK's presidency of
the G8 and EU", "its EU and G8 presidencies", "der UN-Sicherheitsrat – einschließlich China und
Russland" give each state ``memberOf`` the organisation.

The guidelines count such background facts when the text says them. Three phrasings, in both
languages, their words lists of the language's lexicon (``membership``):

1. an organisation, a member noun and a state: "Nato-Mitglied Türkei", "EU member Poland",
   "NATO ally Turkey" (``member_nouns``);
2. a state holding an organisation's presidency (only a member does): "the UK's presidency of the
   G8", "its EU and G8 presidencies", "die deutsche EU-Ratspräsidentschaft" (``presidency_nouns``);
3. an organisation followed by "including" and states: "der UN-Sicherheitsrat – einschließlich
   China und Russland" (``including``);
4. a state "and other members of" an organisation: "die Sowjetunion und andere Staaten des Warschauer
   Pakts" (``others``, ``member_collectives``).

A party named as a person's ("Obamas Demokraten", "die Demokraten von US-Präsident Barack Obama")
gives the person ``affiliatedWith`` the party (``party_of``: "von", "of").

>>> from geokg.loaders.articles import extract_text
>>> ext = extract_text("Das Nato-Mitglied Türkei protestierte.", "de")
>>> [(str(c.subject).rsplit("/", 1)[-1], c.relation, str(c.obj).rsplit("/", 1)[-1])
...  for c in ext.claims if c.relation == "memberOf"]
[('turkiye', 'memberOf', 'nato')]
"""
from __future__ import annotations

from typing import Any

from geokg.loaders.claims import Claim
from geokg.loaders.text import Sentence

__all__ = ["membership_claims"]

_BODIES = ("InternationalOrganization",)


def _words(d: Any, name: str) -> set[str]:
    return d.lex.words.get(f"membership.{name}", set())


def _states_from(ms: list, k: int, toks, d: Any) -> list:
    """The state mentions of a list that starts at token ``k`` ("China und Russland")."""
    coord = d.lex.words.get("coordinators", set()) | d.lex.words.get("determiners", set())
    out, pos = [], k
    for m in sorted((x for x in ms if x.start >= k), key=lambda x: x.start):
        if any(t.key not in coord for t in toks[pos:m.start]):
            break
        if not (m.kind == "actor" and m.cls == "State" and m.refs):
            break
        out.append(m)
        pos = m.end
    return out


def membership_claims(sent: Sentence, ms: list, d: Any) -> list[Claim]:
    """``memberOf`` claims for the memberships a sentence states in passing."""
    toks = sent.tokens
    members = _words(d, "member_nouns")
    presidencies = _words(d, "presidency_nouns")
    including = _words(d, "including")
    out: list[tuple[Any, Any, str]] = []
    orgs = [m for m in ms if m.kind == "actor" and m.cls in _BODIES and m.refs]
    for org in orgs:
        k = org.end
        if k < len(toks) and toks[k].text == "-":  # "Nato-Mitglied", "EU-Ratspräsidentschaft"
            k += 1
        word = toks[k] if k < len(toks) else None
        # 1. "Nato-Mitglied Türkei", "EU member Poland"
        if word is not None and word.key in members:
            for st in _states_from(ms, k + 1, toks, d)[:1]:
                out.append((st.refs[0], org.refs[0], "member"))
        # 3. "der UN-Sicherheitsrat – einschließlich China und Russland"
        j = org.end
        while j < len(toks) and toks[j].text in ("–", "—", "-", ",", "("):
            j += 1
        if j < len(toks) and toks[j].key in including:
            for st in _states_from(ms, j + 1, toks, d):
                out.append((st.refs[0], org.refs[0], "including"))
    # 4. "die Sowjetunion und andere Staaten des Warschauer Pakts", "Poland and other members of the EU"
    others = _words(d, "others")
    collectives = _words(d, "member_collectives")
    for st in [m for m in ms if m.kind == "actor" and m.cls == "State" and m.refs]:
        k = st.end
        if k + 3 < len(toks) and toks[k].key in ("und", "and") and toks[k + 1].key in others \
                and toks[k + 2].key in collectives:
            j = k + 3
            while j < len(toks) and toks[j].key in ("des", "der", "of", "the"):
                j += 1
            org = next((m for m in orgs if m.start == j), None)
            if org is not None:
                out.append((st.refs[0], org.refs[0], "others"))
    # 2. "the UK's presidency of the G8 and EU", "its EU and G8 presidencies", "UK's G8 presidency"
    for i, t in enumerate(toks):
        if t.key not in presidencies:
            continue
        holder = None
        before = [m for m in ms if m.end <= i and m.kind in ("actor", "pron") and m.refs]
        named = []
        k = i - 1
        while k >= 0 and (toks[k].key in d.lex.words.get("coordinators", set()) or toks[k].text == "-"
                          or any(m.start <= k < m.end and m.cls in _BODIES for m in before)):
            org = next((m for m in before if m.start <= k < m.end and m.cls in _BODIES), None)
            if org is not None:
                named.append(org)
                k = org.start - 1
            else:
                k -= 1
        owner = next((m for m in before if m.end == k + 1 and m.cls == "State"
                      and (m.genitive or m.via in ("adj", "possessive"))), None)
        if owner is None and d.lang == "en" and k >= 0 and toks[k].key in ("s", "'s", "’s"):
            owner = next((m for m in before if m.end == k and m.cls == "State"), None)
        if owner is not None:
            holder = owner.refs[0]
        if holder is None:
            continue
        if not named and i + 1 < len(toks) and toks[i + 1].key in ("of", "der", "des"):
            j = i + 2
            while j < len(toks) and toks[j].key in d.lex.words.get("determiners", set()):
                j += 1
            for m in sorted((x for x in ms if x.start >= j), key=lambda x: x.start):
                if m.cls not in _BODIES or not m.refs or any(
                        x.key not in d.lex.words.get("coordinators", set()) | d.lex.words.get("determiners", set())
                        for x in toks[j:m.start]):
                    break
                named.append(m)
                j = m.end
        for org in named:
            out.append((holder, org.refs[0], "presidency"))
    claims = []
    for state, org, how in dict.fromkeys(out):
        if d.cls_of(state) != "State":
            continue
        claims.append(Claim(state, "memberOf", org, evidence=sent.text, char_start=sent.start, char_end=sent.end,
                            confidence=0.7, extractor=f"{d.lang}-membership-{how}", date=d.cur_date))
    for person, party in _party_of_person(toks, ms, d):
        claims.append(Claim(person, "affiliatedWith", party, evidence=sent.text, char_start=sent.start,
                            char_end=sent.end, confidence=0.7, extractor=f"{d.lang}-party-of-person", date=d.cur_date))
    return claims


def _party_of_person(toks, ms: list, d: Any) -> list[tuple[Any, Any]]:
    """"Obamas Demokraten", "Obama's Democrats", "die Demokraten von US-Präsident Barack Obama": a
    party named as a person's gives the person ``affiliatedWith`` the party."""
    out = []
    parties = [m for m in ms if m.kind == "actor" and m.cls == "Organization" and m.refs and m.via == "name"
               and str(m.refs[0]).rsplit("/", 1)[-1].startswith("party-")]
    for p in parties:
        owner = next((x for x in ms if x.end == p.start and x.kind == "actor" and x.cls == "Person" and x.refs
                      and x.genitive), None)
        if owner is None and p.end + 1 < len(toks) and toks[p.end].key in d.lex.words.get("membership.party_of", set()):
            owner = next((x for x in ms if x.start == p.end + 1 and x.kind == "actor" and x.cls == "Person"
                          and x.refs), None)
        if owner is not None:
            out.append((owner.refs[0], p.refs[0]))
    return out
