"""Generative answers over real HTTP: the pipeline with ``CALLRAG_LLM=openai-like`` against a crafted
OpenAI-compatible server on 127.0.0.1 (tests/conftest.py ``FakeLLM``), streamed and not. The crafted replies are
made from the prompt the server receives (the numbered source sentences): faithful copies, a changed number, a
unit slip, a missing or nonexistent [n], a name the citation does not mention; each must be caught (the
extractive answer shown) or pass, in English and Chinese."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

EN = "How much did Alibaba spend on capex this quarter?"
ZH = "本季度资本开支是多少？"
SECRET = "sk-test-never-shown-0123456789"


def sources(messages) -> dict[int, list[str]]:
    """The numbered source sentences of the prompt, as the model reads them."""
    user = next(m["content"] for m in messages if m["role"] == "user")
    out: dict[int, list[str]] = {}
    n = None
    for line in user.splitlines():
        m = re.match(r"^\[(\d+)\] ", line)
        if m:
            n = int(m.group(1))
            out[n] = []
        elif line.startswith("  ") and n is not None:
            out[n].append(line.strip())
        elif not line.strip():
            n = None
    return out


def with_figure(messages, unit: str | None = None) -> tuple[int, str]:
    """The first source sentence with a figure (with ``unit`` in it, if given)."""
    for n, sentences in sources(messages).items():
        for s in sentences:
            if re.search(r"\d", s) and (unit is None or unit in s):
                return n, s
    raise AssertionError("no source sentence with a figure in the prompt")


def cite(sentence: str, n: int | str) -> str:
    if re.search(r"[\u3400-\u9fff]", sentence):
        return re.sub(r"[。！？]?$", f"[{n}]。", sentence, count=1)
    return re.sub(r"[.!?]?$", f" [{n}].", sentence, count=1)


def faithful(messages):
    n, s = with_figure(messages)
    return cite(s, n)


def changed_number(messages):
    """The amount changed (its first digit), not the date: 3800亿 → 4800亿, RMB 380 billion → RMB 480 billion."""
    n, s = with_figure(messages)
    amount = re.search(r"\d[\d,.]*\s*(?:億|亿|萬|万|billion|million|%)", s) or re.search(r"\d", s)
    bumped = str((int(amount.group(0)[0]) + 1) % 10) + amount.group(0)[1:]
    return cite(s[:amount.start()] + bumped + s[amount.end():], n)


def unit_slip(messages):
    n, s = with_figure(messages, "億" if "億" in json.dumps(messages, ensure_ascii=False) else
                       "亿" if "亿" in json.dumps(messages, ensure_ascii=False) else "billion")
    return cite(s.replace("億", "萬").replace("亿", "万").replace("billion", "million"), n)


def missing_marker(messages):
    return with_figure(messages)[1]


def nonexistent_marker(messages):
    return cite(with_figure(messages)[1], 99)


def foreign_name(messages):
    n, s = with_figure(messages)
    if re.search(r"[\u3400-\u9fff]", s):
        return cite(s.rstrip("。") + "，超过腾讯", n)
    return cite(s.rstrip(".") + ", more than Tencent spent", n)


def partly(messages):
    return faithful(messages) + " " + changed_number(messages)


UNGROUNDED = {"changed number": changed_number, "unit slip": unit_slip, "missing [n]": missing_marker,
              "nonexistent [n]": nonexistent_marker, "name not in the citation": foreign_name}


@pytest.fixture(scope="module")
def llm_pipeline(pipeline, fake_llm):
    return pipeline.variant(llm="openai-like", llm_base_url=fake_llm.url, llm_model="crafted", llm_timeout=5)


@pytest.fixture(autouse=True)
def reset(fake_llm):
    fake_llm.status, fake_llm.delay = 200, 0.0
    fake_llm.requests.clear()


@pytest.mark.parametrize("question", [EN, ZH])
@pytest.mark.parametrize("stream", [False, True], ids=["json", "sse"])
def test_a_faithful_answer_is_shown(llm_pipeline, fake_llm, question, stream):
    fake_llm.reply = faithful
    seen = []
    answer = llm_pipeline.ask(question, on_token=seen.append if stream else None)
    assert answer.mode == "llm", answer.fallback_reason
    assert answer.answer == faithful(fake_llm.requests[-1]["body"]["messages"]) or answer.language == "zh"
    assert [g["ok"] for g in answer.grounding] == [True]
    assert answer.fallback_reason == ""
    assert fake_llm.requests[-1]["body"]["stream"] is stream if stream else not fake_llm.requests[-1]["body"].get("stream")
    if stream:
        assert len(seen) > 1 and seen[-1].strip() and all(b.startswith(a) for a, b in zip(seen, seen[1:]))
    assert re.search(r"\d", answer.answer) and re.search(r"\[\d+\]", answer.answer)
    assert answer.answer_sentences and all(re.search(r"\d", s.text) for s in answer.answer_sentences)


@pytest.mark.parametrize("question", [EN, ZH])
@pytest.mark.parametrize("name", list(UNGROUNDED))
def test_every_ungrounded_answer_is_caught(pipeline, llm_pipeline, fake_llm, question, name):
    fake_llm.reply = UNGROUNDED[name]
    answer = llm_pipeline.ask(question)
    extractive = pipeline.ask(question)
    assert answer.mode == "extractive"
    assert answer.answer == extractive.answer and answer.citations == extractive.citations
    assert [g["ok"] for g in answer.grounding] == [False], answer.grounding
    assert answer.fallback_reason == "no generated sentence passed the grounding check"


@pytest.mark.parametrize("question", [EN, ZH])
def test_failing_sentences_are_dropped(llm_pipeline, fake_llm, question):
    fake_llm.reply = partly
    answer = llm_pipeline.ask(question)
    assert answer.mode == "llm-partial"
    assert [g["ok"] for g in answer.grounding] == [True, False]
    assert answer.answer == answer.grounding[0]["sentence"]
    assert answer.grounding[1]["reason"].startswith("number not in [")


def test_the_prompt_carries_the_rules_analysis_and_sources(llm_pipeline, fake_llm):
    fake_llm.reply = faithful
    llm_pipeline.ask(ZH)
    body = fake_llm.requests[-1]["body"]
    assert [m["role"] for m in body["messages"]] == ["user"]  # no system role: some templates drop it
    system = user = body["messages"][0]["content"]
    assert body["model"] == "crafted" and body["temperature"] == 0.0
    assert "用中文" in system and "最多四句" in system and "[1]" in system and "不要计算" in system
    assert "answer type: money" in user and "subject: capex" in user and "period: quarter" in user
    assert ZH in user and "[1] " in user and "386" in user


@pytest.mark.parametrize("status", [500, 404])
def test_a_failing_server_falls_back(pipeline, llm_pipeline, fake_llm, status, caplog, monkeypatch):
    monkeypatch.setenv("CALLRAG_LLM_API_KEY", SECRET)
    fake_llm.status = status
    answer = llm_pipeline.variant(llm_timeout=5).ask(EN)  # a fresh client reads the key
    assert answer.mode == "extractive" and answer.answer == pipeline.ask(EN).answer
    assert answer.fallback_reason.startswith("the LLM server failed")
    assert len(fake_llm.requests) == 1  # no retries
    assert fake_llm.requests[0]["auth"] == f"Bearer {SECRET}"
    shown = json.dumps(answer.to_dict()) + caplog.text + json.dumps(llm_pipeline.settings.describe())
    assert SECRET not in shown


def test_a_slow_server_times_out_and_falls_back(pipeline, llm_pipeline, fake_llm):
    fake_llm.reply, fake_llm.delay = faithful, 3.0
    answer = llm_pipeline.variant(llm_timeout=1).ask(EN)
    assert answer.mode == "extractive" and "Timeout" in answer.fallback_reason
    assert len(fake_llm.requests) == 1


def test_declined_answers_are_not_generated(llm_pipeline, fake_llm):
    fake_llm.reply = faithful
    answer = llm_pipeline.ask("What was Lazada's GMV this quarter?")
    assert answer.declined and answer.mode == "extractive" and fake_llm.requests == []


def test_tiktoken_never_fetches(llm_pipeline, fake_llm, monkeypatch):
    """Nothing downloads at run time: tiktoken (which fetches its encodings on first use) is never asked."""
    import tiktoken
    import tiktoken.load

    def refuse(*args, **kwargs):
        raise AssertionError("tiktoken was asked for an encoding (a download)")

    for module, name in ((tiktoken, "get_encoding"), (tiktoken, "encoding_for_model"),
                         (tiktoken.load, "read_file"), (tiktoken.load, "read_file_cached")):
        monkeypatch.setattr(module, name, refuse)
    fake_llm.reply = faithful
    for stream in (False, True):
        answer = llm_pipeline.variant().ask(EN, on_token=(lambda t: None) if stream else None)
        assert answer.mode == "llm", answer.fallback_reason


def test_json_has_mode_and_grounding(pipeline, llm_pipeline, fake_llm):
    fake_llm.reply = partly
    body = llm_pipeline.ask(EN).to_dict()
    assert body["mode"] == "llm-partial" and body["fallback_reason"] == ""
    assert [set(g) for g in body["grounding"]] == [{"sentence", "ok", "reason"}] * 2
    plain = pipeline.ask(EN).to_dict()
    assert plain["mode"] == "extractive" and plain["grounding"] == [] and plain["fallback_reason"] == ""


def test_the_cli_and_the_api_give_mode_and_grounding(built, fake_llm):
    """``callrag ask --json`` and ``POST /api/ask`` in their own processes, configured by the environment."""
    import urllib.request

    from eval.harness import running_server

    fake_llm.reply = faithful
    env = {**os.environ, "CALLRAG_INDEX_DIR": str(built.index_dir), "CALLRAG_CORPORA_DIR": str(built.corpora_dir),
           "CALLRAG_LLM": "openai-like", "CALLRAG_LLM_BASE_URL": fake_llm.url, "CALLRAG_LLM_MODEL": "crafted",
           "CALLRAG_LLM_API_KEY": SECRET}
    done = subprocess.run([sys.executable, "-m", "callrag", "ask", ZH, "--json"], env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    body = json.loads(done.stdout)
    assert body["mode"] == "llm" and body["grounding"][0]["ok"] and "亿" in body["answer"]
    assert SECRET not in done.stdout + done.stderr
    fake_llm.reply = changed_number
    with running_server(env=env) as url:
        request = urllib.request.Request(url + "/api/ask", data=json.dumps({"question": EN}).encode(),
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=120) as response:
            body = json.load(response)
    assert body["mode"] == "extractive" and body["grounding"][0]["ok"] is False
    assert body["grounding"][0]["reason"].startswith("number not in [")


def test_without_an_llm_nothing_new_is_imported(built):
    """The default path imports neither the LLM client nor the generation modules (a fresh process)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CALLRAG_LLM")}
    env.update({"CALLRAG_INDEX_DIR": str(built.index_dir), "CALLRAG_CORPORA_DIR": str(built.corpora_dir)})
    code = ("import sys, json; from rag.pipeline import Pipeline; a = Pipeline().ask('What is the capex plan?'); "
            "print(json.dumps([a.mode, sorted(m for m in sys.modules if m.split('.')[0] in ('openai', 'tiktoken') "
            "or m.startswith(('llama_index.llms.openai', 'rag.generate', 'rag.grounding_check')))]))")
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == ["extractive", []]


def test_settings_are_checked():
    from index.settings import Settings, SettingsError

    with pytest.raises(SettingsError, match="llm .*openai-like"):
        Settings(llm="gpt")
    with pytest.raises(SettingsError, match="llm_base_url"):
        Settings(llm="openai-like", llm_base_url="localhost:11434", llm_model="m")
    with pytest.raises(SettingsError, match="llm_model"):
        Settings(llm="openai-like", llm_base_url="http://127.0.0.1:1/v1", llm_model="")
    assert "llm_api_key" not in Settings().describe()


def test_eval_llm_without_an_llm_is_skipped_with_a_message(built):
    env = {k: v for k, v in os.environ.items() if not k.startswith("CALLRAG_LLM")}
    env.update({"CALLRAG_INDEX_DIR": str(built.index_dir), "CALLRAG_CORPORA_DIR": str(built.corpora_dir)})
    done = subprocess.run([sys.executable, "-m", "callrag", "eval", "--llm", "--json"], env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0 and done.stdout == ""
    assert "skipped, no LLM is configured" in done.stderr


def test_eval_llm_reports_grounded_and_fallback_rates(built, fake_llm):
    """Over the bundled suite's first cases, with a crafted model that is right for even cases, wrong for odd."""
    from dataclasses import replace

    from eval.llm_eval import run_llm_eval

    calls = []

    def alternate(messages):
        calls.append(1)
        return faithful(messages) if len(calls) % 2 else changed_number(messages)

    fake_llm.reply = alternate
    s = replace(built, llm="openai-like", llm_base_url=fake_llm.url, llm_model="crafted")
    (report,) = run_llm_eval(None, settings=s, limit=12, announce=lambda m: None)
    r = report["all"]
    assert r["generated_answers"] == len(calls) > 0
    assert r["generated_sentences"] == len(calls)
    assert r["grounded_rate"] == round(((len(calls) + 1) // 2) / len(calls), 4)
    assert r["modes"]["llm"] == (len(calls) + 1) // 2 and r["modes"]["llm-partial"] == 0
    assert r["fallback_rate"] == round(1 - r["modes"]["llm"] / len(calls), 4)
    assert r["unsupported_numbers"] == 0, report["unsupported"]
    assert set(report["en"]) == set(r) and "answer_hit" in r and "lead_hit" in r


def test_the_chat_streams_a_draft_then_shows_the_checked_answer(llm_pipeline, fake_llm):
    """The chat's answer event (ui/app.py ``finish``) with an LLM: drafts while the model writes (plain text, no
    citation links), then the answer once checked, with a note saying how it was made."""
    from ui.app import build_chat

    demo = build_chat(llm_pipeline)
    fns = demo.fns.values() if isinstance(demo.fns, dict) else demo.fns
    finish = next(f.fn for f in fns if getattr(f.fn, "__name__", "") == "finish")
    for reply, final_note in ((partly, "1 of 2 sentences failed the check"),
                              (changed_number, "the LLM&#x27;s answer was not shown")):
        fake_llm.reply = reply
        steps = list(finish(EN, [], "As asked", "", 5, True, ""))
        drafts, (saved, chat, *_rest) = steps[:-1], steps[-1]
        assert len(drafts) > 1
        for _, shown, *_ in drafts:
            draft = shown[-1]["content"]
            assert "cr-draft" in draft and "Drafting; checked against the citations" in draft
            assert 'class="cr-ref"' not in draft  # citations render only when the answer completes
        final = chat[-1]["content"]
        assert "cr-draft" not in final and final_note in final and 'class="cr-ref"' in final
        assert saved[-1]["answer"]["mode"] in ("llm-partial", "extractive")
