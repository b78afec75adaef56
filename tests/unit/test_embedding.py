"""Which sites may frame the public pieces: the admin's list is read strictly (an origin and
nothing more, https except on this machine), kept tidy, and becomes exactly the pieces'
frame-ancestors; the visit request form asks for a way to reach the person, never why."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from portal_app.services.clinic.embedding import (
    embed_policy,
    normal_origin,
    parse_origins,
    snippet,
)
from portal_app.services.clinic.visit_requests import RequestForm, problems_in
from portal_app.services.problems import EmbedProblem, VisitRequestProblem


def test_an_origin_is_a_scheme_and_a_host_and_nothing_more():
    assert normal_origin("https://Www.Riverside.example/") == "https://www.riverside.example"
    assert normal_origin("https://riverside.example:443") == "https://riverside.example"
    assert normal_origin("https://riverside.example:8443") == "https://riverside.example:8443"
    assert normal_origin("http://127.0.0.2:8000") == "http://127.0.0.2:8000"
    assert normal_origin("http://localhost:3000") == "http://localhost:3000"
    for refused in (
        "http://riverside.example",  # a real website is https
        "https://riverside.example/about",  # a page, not a site
        "https://riverside.example?x=1",
        "https://user@riverside.example",
        "riverside.example",
        "javascript:alert(1)",
        "https://*.example",
        "https://riverside.example:99999",
        "'self'",
        "",
    ):
        assert normal_origin(refused) is None, refused


@given(st.text(max_size=60))
def test_whatever_is_typed_is_refused_or_comes_back_the_same_when_read_again(typed: str):
    origin = normal_origin(typed)
    if origin is not None:
        assert normal_origin(origin) == origin
        assert ";" not in origin and " " not in origin and "'" not in origin


def test_the_list_is_tidied_and_a_bad_entry_refuses_the_whole_list():
    typed = "https://www.riverside.example\nhttps://WWW.riverside.example/, https://blog.example"
    assert parse_origins(typed) == (
        ["https://www.riverside.example", "https://blog.example"],
        "",
    )
    assert parse_origins("https://ok.example\nnot a site") == ([], EmbedProblem.ORIGIN)
    many = " ".join(f"https://site{n}.example" for n in range(11))
    assert parse_origins(many) == ([], EmbedProblem.TOO_MANY)
    assert parse_origins("") == ([], "")


def test_the_pieces_name_exactly_the_listed_sites_and_load_nothing_from_elsewhere():
    policy = embed_policy(["https://www.riverside.example"])
    assert "frame-ancestors 'self' https://www.riverside.example" in policy
    assert "default-src 'none'" in policy and "script-src 'self';" in policy
    assert embed_policy([]).endswith("frame-ancestors 'self'")


def test_the_snippet_is_a_link_that_the_loader_makes_a_frame():
    code = snippet("https://portal.example", "crisis", "es", "Ayuda en crisis")
    assert 'href="https://portal.example/embed/crisis?lang=es"' in code
    assert 'data-steady-embed="crisis"' in code and ">Ayuda en crisis</a>" in code
    assert '<script src="https://portal.example/embed.js" async></script>' in code
    assert "<b>" not in snippet("https://portal.example", "crisis", "en", "<b>")


def test_a_request_needs_a_name_and_the_way_to_reach_that_was_chosen():
    good = RequestForm(name="Jo", phone="555-201-0101", contact_by="text", for_whom="me")
    assert problems_in(good) == {}
    assert problems_in(RequestForm(contact_by="call", for_whom="me")) == {
        "name": VisitRequestProblem.NAME,
        "phone": VisitRequestProblem.REACH,
    }
    by_email = RequestForm(name="Jo", contact_by="email", for_whom="other")
    assert problems_in(by_email) == {"email": VisitRequestProblem.REACH}
    wrong = RequestForm(name="Jo", phone="call me", email="jo@", contact_by="x", for_whom="y")
    assert problems_in(wrong) == {
        "phone": VisitRequestProblem.PHONE,
        "email": VisitRequestProblem.EMAIL,
        "contact_by": VisitRequestProblem.CHOICE,
        "for_whom": VisitRequestProblem.CHOICE,
    }


def test_fields_are_cut_to_size_and_an_unknown_language_is_english():
    form = RequestForm.from_fields({"name": " " + "x" * 500, "website": "bot"}, "fr")
    assert len(form.name) == 80 and form.trap == "bot" and form.language == "en"


def test_the_example_website_carries_what_the_admin_copies():
    from pathlib import Path

    from portal_app.content.catalog import text
    from portal_app.services.clinic.demo_website import DEMO_WEBSITE
    from portal_app.services.clinic.embedding import PIECES

    example = Path(__file__).resolve().parents[2] / "docs" / "website-example" / "index.html"
    page = example.read_text("utf-8")
    for piece in PIECES:
        title = text(f"embed.piece.{piece}", "en")
        assert snippet("http://localhost:3000", piece, "en", title) in page
    assert DEMO_WEBSITE == "http://127.0.0.2:8000" and "127.0.0.2:8000" in page
