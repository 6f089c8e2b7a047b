"""Script purity: every sentence of the bundled call converted to Simplified leaves no Traditional character, and
converted to Traditional (Taiwan standard) leaves no Simplified one. Leftovers are found with OpenCC's own
character dictionaries (exported with OpenCC's opencc_dict tool), not with the converters under test."""

import re
import subprocess
from pathlib import Path

import opencc
import pytest

from index.script import TRADITIONAL_FIXES, _converter, detect_script, to_script, to_simplified, to_traditional

OPENCC = Path(opencc.__file__).parent / "clib"

# Characters OpenCC's STCharacters maps to several Traditional forms, itself among them, whose Traditional form is
# fixed in this call's language: 云 is always cloud (雲), never 'to say'; 伙 is 夥 (夥伴); 于 is 於 (never the
# surname); 后 is 後 (never 'empress'). A character dictionary cannot decide these, so they are listed.
FIXED_IN_TRADITIONAL = {"云": "雲", "伙": "夥", "于": "於", "后": "後"}


def _export(name: str, out: Path) -> dict[str, list[str]]:
    tool, source = OPENCC / "bin" / "opencc_dict", OPENCC / "share" / "opencc" / f"{name}.ocd2"
    assert tool.exists() and source.exists(), f"OpenCC's opencc_dict or {name}.ocd2 not found under {OPENCC}"
    target = out / f"{name}.txt"
    subprocess.run([str(tool), "-i", str(source), "-o", str(target), "-f", "ocd2", "-t", "text"], check=True)
    table = {}
    for line in target.read_text(encoding="utf-8").splitlines():
        key, values = line.split("\t")
        table[key] = values.split(" ")
    return table


@pytest.fixture(scope="module")
def dicts(tmp_path_factory):
    out = tmp_path_factory.mktemp("opencc")
    return {name: _export(name, out) for name in ("STCharacters", "TSCharacters", "TWVariants")}


def _opencc(config: str):
    return _STOCK.setdefault(config, opencc.OpenCC(config))


_STOCK: dict = {}


def simplified_leftovers(text: str, dicts) -> list[str]:
    """Traditional-only characters (TSCharacters maps them, never to themselves), and phrases that OpenCC's
    phrase dictionaries would write otherwise in Simplified (隨著 → 随着 but 顯著 → 显著)."""
    ts = dicts["TSCharacters"]
    found = [c for c in text if c in ts and c not in ts[c]]
    normal = _opencc("tw2s").convert(_opencc("s2tw").convert(text))
    found += [f"{a}→{b}" for a, b in zip(text, normal) if a != b and a != "么"]
    return found


def traditional_leftovers(text: str, dicts) -> list[str]:
    """Simplified-only characters (STCharacters maps them, never to themselves), variants that are not the
    standard Traditional form of their Simplified character (凈 for 淨), OpenCC-standard forms the Taiwan
    standard writes otherwise (TWVariants: 爲 → 為), and the characters fixed in this call's language."""
    st, ts, tw = dicts["STCharacters"], dicts["TSCharacters"], dicts["TWVariants"]

    def taiwan_forms(simplified: str) -> set[str]:
        forms = set(st.get(simplified, [simplified]))
        return forms | {v for f in forms for v in tw.get(f, [])}

    found = []
    for c in text:
        if c in st and c not in taiwan_forms(c):
            found.append(c)
        elif c in ts and all(s in st and c not in taiwan_forms(s) for s in ts[c]):
            found.append(c)
        elif c in tw and c not in tw[c]:
            found.append(c)
        elif c in FIXED_IN_TRADITIONAL:
            found.append(c)
    return found


def test_the_leftover_checks_catch_what_the_review_found(dicts):
    assert simplified_leftovers("随著云业务", dicts) == ["著→着"]
    assert simplified_leftovers("阿里雲的後備", dicts) == ["雲", "後", "備", "雲→云", "後→后", "備→备"]
    assert simplified_leftovers("显著增长,饿了么", dicts) == []
    assert traditional_leftovers("凈利潤、公有云、合作伙伴、随着", dicts) == ["凈", "云", "伙", "随", "着"]
    assert traditional_leftovers("淨利潤、公有雲、合作夥伴、隨著、若干、阿里", dicts) == []


def test_every_sentence_to_simplified_is_pure(corpus, dicts):
    bad = {}
    for t, p, s in corpus.sentences():
        found = simplified_leftovers(to_simplified(s.zh), dicts)
        if found:
            bad[f"{t.index}.{p.index}.{s.index}"] = found
    assert bad == {}


def test_every_sentence_to_traditional_is_pure(corpus, dicts):
    bad = {}
    for t, p, s in corpus.sentences():
        found = traditional_leftovers(to_traditional(s.zh), dicts)
        if found:
            bad[f"{t.index}.{p.index}.{s.index}"] = found
    assert bad == {}


def test_speaker_titles_and_question_parts_convert_cleanly(corpus, dicts):
    texts = [s.short_title_zh for s in corpus.speakers] + [q.zh for t in corpus.turns for q in t.parts]
    texts += [n.zh for n in corpus.notes()]
    assert all(texts)
    assert [x for x in texts if simplified_leftovers(to_simplified(x), dicts)] == []
    assert [x for x in texts if traditional_leftovers(to_traditional(x), dicts)] == []
    assert to_script("阿里巴巴电商事业群CEO", "traditional") == "阿里巴巴電商事業群CEO"


def test_each_correction_of_opencc_is_needed_and_used(corpus):
    """A correction must fix something stock OpenCC gets wrong in this call, or it is dead weight."""
    stock = [_converter("s2tw").convert(to_simplified(s.zh)) for _, _, s in corpus.sentences()]
    for pattern, _replacement, why in TRADITIONAL_FIXES:
        assert any(re.search(pattern, text) for text in stock), f"unused correction: {why}"


def test_conversion_round_trip_keeps_the_script_detectable(corpus):
    for _, _, s in list(corpus.sentences())[:60]:
        if detect_script(s.zh) == "neutral":
            continue
        assert detect_script(to_traditional(s.zh)) in ("traditional", "neutral")
        assert detect_script(to_simplified(s.zh)) in ("simplified", "neutral")
