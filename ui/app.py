"""The chat in a browser (Gradio) and the HTTP API beside it: what ``callrag chat`` serves.

One ``Pipeline`` per server process, loaded and warmed before the port opens, shared by the chat, ``POST /api/ask``
and the Gradio endpoint ``/ask``. Safe defaults: 127.0.0.1, no sharing, no uploads, no extra files served, no
analytics (docs/ui.md).

Example:
    $ callrag chat --port 7860        # then open http://127.0.0.1:7860
    $ curl -s http://127.0.0.1:7860/api/ask -H 'Content-Type: application/json' \\
        -d '{"question": "What is the capex plan?", "k": 3}' | jq -r .citations[0].speaker_en
    Eddie Wu
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import socket
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from fastapi import Request  # FastAPI reads the route's annotation from this module's names

from index.errors import CallragError
from index.settings import MAX_K, MAX_QUESTION_CHARS
from ui.conversation import load_turns, next_turn, save_turns
from ui.format import DISPLAYS, question_html, turn_messages, working_html
from ui.page import CSS, HEAD

if TYPE_CHECKING:
    import gradio
    from fastapi import FastAPI
    from fastapi.responses import JSONResponse

    from rag.pipeline import Pipeline

logger = logging.getLogger(__name__)

EXAMPLES = [
    "What is the capex plan?",
    "资本开支计划是什么？",
    "How fast did the cloud business grow?",
    "淘寶閃購的騎手數量是多少？",
    "What did management say about AI chips supply?",
    "云业务的利润率是多少？",
]
MAX_BODY_BYTES = 64 * 1024  # a question is at most 2,000 characters; anything much bigger is not a question
ASK_SECONDS = 30.0  # POST /api/ask answers within this, or says it could not (a warm answer takes ~35 ms)
CONNECTIONS = 128  # open connections at once; more are answered 503 (uvicorn's limit_concurrency)
# Gradio events answering at once (the HTTP API runs in FastAPI's thread pool, 40 threads): questions that
# arrive together share one query-embedding call (index.embedders.QueryBatcher), so more at once is cheaper.
CONCURRENCY = 16
WARM_UP = "What is the capex plan?"


class ServeError(RuntimeError, CallragError):
    """The server cannot listen where it was asked to (the port is taken, the host is not this machine's)."""


class RequestError(ValueError, CallragError):
    """A request body that is not ``{"question": str, "k": int | null, "speaker": str | null}``."""


@dataclass(frozen=True)
class AskRequest:
    """The body of ``POST /api/ask``, checked for shape and types (the pipeline checks the values).

    >>> AskRequest.from_json({"question": "What is the capex plan?", "k": 3})
    AskRequest(question='What is the capex plan?', k=3, speaker=None, call=None, company=None, period=None)
    >>> AskRequest.from_json({"question": "capex", "k": "3"})
    Traceback (most recent call last):
    ...
    ui.app.RequestError: 'k' must be a whole number from 1 to 50 or null, got '3'
    """

    question: str
    k: int | None = None
    speaker: str | None = None
    call: str | None = None  # scope (docs/library.md)
    company: str | None = None
    period: str | None = None

    @classmethod
    def from_json(cls, body) -> "AskRequest":
        if not isinstance(body, dict):
            raise RequestError('the body must be a JSON object, e.g. {"question": "What is the capex plan?"}')
        unknown = sorted(set(body) - {"question", "k", "speaker", "call", "company", "period"})
        if unknown:
            raise RequestError(f"unknown field(s) {', '.join(map(repr, unknown))}; the fields are question, k, "
                               "speaker, call, company and period")
        if "question" not in body:
            raise RequestError('\'question\' is missing, e.g. {"question": "What is the capex plan?"}')
        question, k, speaker = body["question"], body.get("k"), body.get("speaker")
        if not isinstance(question, str):
            raise RequestError(f"'question' must be a string, got {type(question).__name__}")
        if k is not None and (not isinstance(k, int) or isinstance(k, bool)):
            raise RequestError(f"'k' must be a whole number from 1 to {MAX_K} or null, got {k!r}")
        if speaker is not None and not isinstance(speaker, str):
            raise RequestError(f"'speaker' must be a string or null, got {type(speaker).__name__}")
        for name, text in (("question", question), ("speaker", speaker or "")):
            bad = next((i for i, ch in enumerate(text) if "\ud800" <= ch <= "\udfff"), None)
            if bad is not None:
                raise RequestError(f"'{name}' has a lone UTF-16 surrogate ({text[bad]!r} at position {bad}), "
                                   "which is not a character; send UTF-8 text")
        scope = {}
        for name in ("call", "company", "period"):
            value = body.get(name)
            if value is not None and not isinstance(value, str):
                raise RequestError(f"'{name}' must be a string or null, got {type(value).__name__}")
            scope[name] = value or None
        return cls(question, k, speaker or None, **scope)


def _gradio():
    """Gradio, imported with its analytics off (this machine has no network; nothing is reported anywhere)."""
    os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
    import gradio

    return gradio


def _error(message: str, status: int = 400) -> "JSONResponse":
    from fastapi.responses import JSONResponse

    return JSONResponse({"error": message}, status_code=status)


async def _read_json(request: Request):
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY_BYTES:
            raise RequestError(f"the body is larger than {MAX_BODY_BYTES // 1024} KB; a question is at most "
                               "2,000 characters")
    try:
        return json.loads(body)
    except ValueError:
        raise RequestError('the body is not valid JSON; send e.g. {"question": "What is the capex plan?"}') from None


def build_api(pipeline: "Pipeline") -> "FastAPI":
    """The FastAPI app with ``POST /api/ask``; the chat is mounted into it by ``create_app``."""
    from fastapi import FastAPI
    from fastapi.concurrency import run_in_threadpool
    from fastapi.responses import JSONResponse

    from rag.pipeline import AskError

    api = FastAPI(title="callrag", docs_url=None, redoc_url=None, openapi_url=None)

    @api.post("/api/ask")
    async def ask(request: Request):
        try:
            req = AskRequest.from_json(await _read_json(request))
            answer = await asyncio.wait_for(run_in_threadpool(pipeline.ask, req.question, req.k, req.speaker,
                                                              req.call, req.company, req.period), ASK_SECONDS)
        except (RequestError, AskError) as exc:
            return _error(str(exc))
        except asyncio.TimeoutError:
            logger.error("POST /api/ask took longer than %s s", ASK_SECONDS)
            return _error(f"the answer took longer than {ASK_SECONDS:.0f} s; try again", status=503)
        except Exception:  # noqa: BLE001 - a clear JSON message for the client, the trace in the log
            logger.exception("POST /api/ask failed")
            return _error("the server failed to answer; its log has the details", status=500)
        # The answer is plain JSON already: sent as is, not walked again by FastAPI's encoder (which took 4 ms a
        # request under load, in the request's thread, holding the GIL; docs/scaling.md).
        return JSONResponse(answer.to_dict())

    return api


def build_chat(pipeline: "Pipeline") -> "gradio.Blocks":
    """The Gradio Blocks: a header naming the call, the chat with history, one-click examples, the transcript
    viewer, export, settings kept in the browser, and the ``/ask`` endpoint (docs/ui.md)."""
    from html import escape

    from rag.pipeline import AskError
    from ui.export import conversation_markdown, turn_markdown
    from ui.page import AFTER_ANSWER
    from ui.transcript import Call, header_html, load_calls, slug, viewer_html

    gr = _gradio()
    calls = load_calls(pipeline.settings)
    by_id = {c.id: c for c in calls}
    by_slug = {slug(c.id): c for c in calls}
    corpora = {c.id: c.corpus for c in calls}
    speakers = [("All speakers", "")] + [(f"{en} ({name})", name) for name, en, _ in pipeline.speakers()]
    catalogue = pipeline.catalogue()  # the bundled call, then the library's (rag/scope.py)
    scopes = [("All calls", "")] + [(f"{c.company} {c.period}".strip() if c.company != c.id else c.id, c.id)
                                    for c in catalogue]

    def call_of(wanted: str):
        """A call for the viewer and exports: the bundled ones, or a library call read on first use."""
        if wanted in by_slug:
            return by_slug[wanted]
        from index.library import load_call_corpus

        for c in catalogue[1:]:
            if slug(c.id) == wanted:
                try:
                    call = Call.of(load_call_corpus(pipeline.library, c.id))
                except Exception:  # noqa: BLE001 - a damaged call shows nothing; `library verify` repairs it
                    logger.exception("loading library call %s failed", c.id)
                    return None
                by_slug[wanted], by_id[call.id], corpora[call.id] = call, call, call.corpus
                return call
        return None
    default_k = min(max(pipeline.settings.k, 1), 10)

    def render(saved, display):
        return [m for turn in load_turns(saved) for m in turn_messages(turn, display, corpora)]

    def exports(saved) -> str:
        turns = load_turns(saved)
        for t in turns:  # library calls cited in the conversation, for their names in the export
            for c in (t.answer.citations if t.answer else ()):
                if c.transcript not in by_id:
                    call_of(slug(c.transcript))
        pres = [f'<pre data-turn="{escape(t.id)}">{escape(turn_markdown(t, by_id))}</pre>' for t in turns]
        pres.append(f'<pre data-turn="all">{escape(conversation_markdown(turns, by_id))}</pre>')
        return "".join(pres)

    def start(question, saved, display):
        question = question if isinstance(question, str) else ""
        if not question.strip():  # an empty submit adds nothing
            return gr.skip(), gr.skip(), gr.skip(), ""
        pending = [{"role": "user", "content": question_html(question)},
                   {"role": "assistant", "content": working_html()}]
        return (render(saved, display) + pending, gr.Textbox(value="", interactive=False),
                gr.Button(interactive=False), question)

    def finish(question, saved, display, speaker, k, follow_ups, call):
        if not question.strip():
            yield gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip()
            return
        turns = load_turns(saved)

        def ask_turn(on_token=None):
            return next_turn(pipeline, question, turns, k=int(k), speaker=speaker or None,
                             follow_ups=bool(follow_ups), call=call or None, on_token=on_token)

        if pipeline.settings.llm:  # stream the draft; the answer is shown once checked (rag/generate.py)
            from rag.generate import stream_events
            from ui.format import draft_html

            asked = [{"role": "user", "content": question_html(question)}]
            for kind, value in stream_events(ask_turn):
                if kind == "partial":
                    yield (gr.skip(), render(saved, display) + asked + [{"role": "assistant",
                                                                          "content": draft_html(value)}],
                           gr.skip(), gr.skip(), gr.skip())
                elif kind == "error":
                    raise value
                else:
                    turn = value
        else:
            turn = ask_turn()
        turns.append(turn)
        saved = save_turns(turns)
        yield (saved, render(saved, display), exports(saved), gr.Textbox(interactive=True),
               gr.Button(interactive=True))

    def ask(question: str, k: int | None = None, speaker: str | None = None, call: str | None = None) -> dict:
        """Answer a question about the call with cited passages: the same JSON as POST /api/ask."""
        try:
            return pipeline.ask(question, k=k, speaker=speaker or None, call=call or None).to_dict()
        except AskError as exc:
            raise gr.Error(str(exc), print_exception=False) from None

    def restore(saved, prefs):
        prefs = prefs if isinstance(prefs, dict) else {}
        display = prefs.get("display") if prefs.get("display") in DISPLAYS else "As asked"
        speaker = prefs.get("speaker") if prefs.get("speaker") in {v for _, v in speakers} else ""
        k = prefs.get("k") if isinstance(prefs.get("k"), int) and 1 <= prefs.get("k") <= 10 else default_k
        follow = prefs.get("follow_ups") if isinstance(prefs.get("follow_ups"), bool) else True
        call = prefs.get("call") if prefs.get("call") in {v for _, v in scopes} else ""
        return render(saved, display), exports(saved), display, speaker, k, follow, call

    def remember(display, speaker, k, follow_ups, call):
        return {"display": display, "speaker": speaker or "", "k": int(k), "follow_ups": bool(follow_ups),
                "call": call or ""}

    with gr.Blocks(title=f"callrag: {calls[0].company if calls else 'earnings calls'}", analytics_enabled=False) as demo:
        saved = gr.BrowserState([], storage_key="callrag-chat")
        prefs = gr.BrowserState({}, storage_key="callrag-settings")
        pending = gr.State("")
        gr.HTML(header_html(calls), elem_id="cr-header")
        with gr.Row(equal_height=False):
            with gr.Column(scale=3, min_width=320):
                chat = gr.Chatbot(show_label=False, elem_id="chat", height=None, max_height=None, latex_delimiters=[],
                                  feedback_options=None, buttons=[], autoscroll=False,
                                  placeholder="Answers appear here, each quoting management with its source.")
                with gr.Row(elem_id="ask-row"):
                    box = gr.Textbox(label="Your question about the call", show_label=False,
                                     placeholder="Ask in English or 中文 …", scale=5, max_lines=4,
                                     max_length=MAX_QUESTION_CHARS, elem_id="question")
                    send = gr.Button("Ask", variant="primary", scale=0, min_width=64, elem_id="ask")
                gr.HTML(f'<p id="cr-count">0 / {MAX_QUESTION_CHARS:,} characters</p>'
                        '<p id="cr-status" class="cr-sr" role="status" aria-live="polite"></p>')
                with gr.Row(elem_classes="cr-examples"):
                    examples = [gr.Button(e, size="sm", variant="secondary", elem_classes="cr-example")
                                for e in EXAMPLES]
                with gr.Row():
                    gr.Button("Download the conversation (Markdown)", size="sm", elem_id="cr-export-all")
                    clear = gr.Button("Clear conversation", size="sm", elem_id="clear")
            with gr.Column(scale=2, min_width=300, elem_classes="cr-side"):
                gr.HTML(viewer_html(), elem_id="cr-viewer-panel")
                # a call's transcript, asked for by the page's script when a citation opens it (ui/page.py)
                wanted = gr.Textbox(visible=False)
                load_call = gr.Button("Load the call", elem_id="cr-load", elem_classes="cr-hidden")
                call_source = gr.HTML("", elem_id="cr-call-src", elem_classes="cr-hidden")
                with gr.Accordion("About this call", open=False, elem_id="cr-about"):
                    gr.HTML("".join(c.about_html() for c in calls))
                with gr.Accordion("Settings", open=True, elem_id="cr-settings"):
                    # a library of several calls: ask one of them, or all (the answer names each call it cites)
                    scope = gr.Dropdown(scopes, value="", label="Call", elem_id="call", filterable=True,
                                        visible=len(catalogue) > 1)
                    display = gr.Radio(list(DISPLAYS), value="As asked", label="Chinese script / 简繁",
                                       elem_id="display", elem_classes="cr-radio")
                    speaker = gr.Radio(speakers, value="", label="Speaker", elem_id="speaker",
                                       elem_classes="cr-radio")
                    k = gr.Slider(1, 10, value=default_k, step=1, label="Passages to cite", elem_id="k")
                    follow_ups = gr.Checkbox(True, label="Short questions follow up the previous one",
                                             elem_id="follow-ups")
        exported = gr.HTML("", elem_id="cr-exports")

        private = {"api_visibility": "private"}
        quiet = {"show_progress": "hidden", **private}

        def wire(triggers, first):
            gr.on(triggers, first, [box, saved, display], [chat, box, send, pending], queue=False, **quiet
                  ).then(finish, [pending, saved, display, speaker, k, follow_ups, scope],
                         [saved, chat, exported, box, send], concurrency_limit=CONCURRENCY,
                         concurrency_id="pipeline", **quiet
                         ).then(None, js=AFTER_ANSWER, **private)

        wire([box.submit, send.click], start)
        for button, text in zip(examples, EXAMPLES):
            wire([button.click], lambda _q, saved, display, text=text: start(text, saved, display))
        for control in (display, speaker, k, follow_ups, scope):
            control.change(remember, [display, speaker, k, follow_ups, scope], prefs, queue=False, **quiet)
        display.change(render, [saved, display], chat, queue=False, **quiet)
        clear.click(lambda: ([], [], exports([])), None, [saved, chat, exported], queue=False, **quiet)
        chat.clear(lambda: [], None, saved, queue=False, **quiet)  # the chat's own bin forgets the history too
        demo.load(restore, [saved, prefs], [chat, exported, display, speaker, k, follow_ups, scope], queue=False,
                  **quiet)
        load_call.click(lambda wanted: (call_of(wanted).viewer_html() if call_of(wanted) else ""), wanted,
                        call_source, js="(w) => [window.crWanted || '']", queue=False, **quiet
                        ).then(None, js="() => window.crLoaded && window.crLoaded()", **private)
        gr.api(ask, api_name="ask", concurrency_limit=CONCURRENCY, concurrency_id="pipeline")
    return demo


def create_app(pipeline: "Pipeline", host: str = "127.0.0.1", port: int = 7860) -> "FastAPI":
    """The whole server: ``POST /api/ask`` and, at ``/``, the chat (with its Gradio API)."""
    from ui.guard import Guard

    gr = _gradio()
    app = gr.mount_gradio_app(
        build_api(pipeline), build_chat(pipeline), path="/", server_name=host, server_port=port,
        css=CSS, head=HEAD, theme=gr.themes.Default(), ssr_mode=False, mcp_server=False, pwa=False, show_error=True,
        enable_monitoring=False, allowed_paths=None, footer_links=["api"],
    )
    app.add_middleware(Guard)  # only the documented routes, JSON bodies, bounded (ui/guard.py)
    return app


def serve(pipeline: "Pipeline", host: str = "127.0.0.1", port: int = 7860,
          announce: Callable[[str], None] | None = None) -> None:
    """Warm ``pipeline`` (the command gives it the index, built if needed), then serve until interrupted."""
    import uvicorn

    announce = announce or logger.warning
    _check_free(host, port)  # fail before loading anything
    # loads the index and the embedder once, before the first user waits for them (the LLM is not asked)
    pipeline.warm().variant(llm="").ask(WARM_UP)
    app = create_app(pipeline, host, port)
    announce(f"callrag chat: http://{host}:{port}  (API: POST http://{host}:{port}/api/ask; Ctrl-C to stop)")
    uvicorn.run(app, host=host, port=port, log_level="warning", timeout_graceful_shutdown=5,
                limit_concurrency=CONNECTIONS)


def _check_free(host: str, port: int) -> None:
    """Raise ``ServeError`` (address in use, unknown host ...) if the server could not listen on ``host:port``."""
    if isinstance(port, bool) or not isinstance(port, int) or not 1 <= port <= 65535:
        raise ServeError(f"the port must be a whole number from 1 to 65535, got {port!r}")
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        with socket.socket(family, kind, proto) as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does
            s.bind(address)
    except OSError as exc:
        raise ServeError(f"cannot serve on {host}:{port}: {exc.strerror or exc}") from None
