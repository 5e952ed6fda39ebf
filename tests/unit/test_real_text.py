"""Messy real-world text: entities, sign-offs, emoji, other languages.

The German reply is message 395 of the evaluation set (see tests/eval/SOURCES.md); the
others are written in the same style.
"""

from __future__ import annotations

import pytest

from chatlint import lint_text


@pytest.mark.parametrize(
    "text",
    [
        "@customer Hallo! Du kannst die Anzeige auf deinem Konto verwalten. "
        "Klicke auf diesem Link für weitere Infos: https://support.google.com/youtube/answer/7 "
        "Bei weiteren Fragen kannst du dich gern wieder an uns wenden.",
        "@customer ¡Hola! Lo sentimos mucho. "
        "Puedes solicitar un reembolso aquí: https://example.com/reembolso ^MG",
        "@customer Bonjour, nous sommes désolés. Votre commande arrivera lundi. "
        "Merci de votre patience ! -Claire",
        "@customer ご不便をおかけして申し訳ありません。こちらのリンクをご確認ください: https://example.com/ja",
        "@customer مرحبا! يرجى التواصل معنا عبر الرسائل الخاصة للمساعدة.",
        "@customer Thanks for reaching out! We should be up &amp; running — give it a try 🙏 ^JK",
        "@customer Hi Ann, thanks for reaching us! Keep us posted. -Becky",
    ],
)
def test_no_findings(text):
    assert [violation.code for violation in lint_text(text)] == []


def test_smart_quotes_and_entities_still_match():
    codes = [
        v.code for v in lint_text("@customer I’m hopeful &amp; we’re sorry for any inconvenience.")
    ]
    assert codes == ["CL101", "CL201"]
