from index.passages import Passage, passages_from_corpus


def test_one_passage_per_paragraph_with_both_languages(corpus):
    passages = passages_from_corpus(corpus)
    assert len(passages) == sum(len(t.paragraphs) for t in corpus.turns)
    p = next(p for p in passages if p.turn == 7 and p.paragraph == 8)
    assert p.id == "alibaba-2025q2:t7.p8" and p.speaker == "吳泳銘" and p.speaker_en == "Eddie Wu"
    assert p.role == "management" and p.section == "qa" and p.answers == 2 and p.title == "CEO"
    assert "3800億" in p.original and "RMB 380 billion" in p.translation
    para = corpus.turns[7].paragraphs[8]
    assert p.original == para.text("zh") and p.line == para.line


def test_long_paragraphs_split_at_sentence_boundaries(corpus):
    whole = passages_from_corpus(corpus)
    split = passages_from_corpus(corpus, max_tokens=60, count_tokens=len)
    assert len(split) > len(whole)
    for turn in corpus.turns:
        for para in turn.paragraphs:
            parts = [p for p in split if p.turn == turn.index and p.paragraph == para.index]
            assert "".join(p.original for p in parts) == para.text("zh")
            if len(parts) > 1:
                assert [p.part for p in parts] == list(range(len(parts)))
                assert all(len(p.original) <= 60 or len(p.sentences) == 1 for p in parts)


def test_json_round_trip_and_nodes(corpus):
    p = passages_from_corpus(corpus)[5]
    assert Passage.from_json(p.to_json()) == p
    node = p.to_node("en")
    assert node.id_ == f"{p.id}:en" and node.text == p.translation
    assert node.metadata["role"] == p.role and node.metadata["lang"] == "en"
    assert node.get_content(metadata_mode="embed") == p.translation  # metadata is not embedded
