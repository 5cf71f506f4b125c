"""argparse in Portuguese: its own messages (usage, headings, "the following arguments are
required", "invalid choice"…) come from ``argparse._`` and ``argparse.ngettext``, which it
calls each time it writes one; ``portuguese()`` puts translations in their place. A
message not listed here stays as argparse writes it."""

from __future__ import annotations

import argparse

_TEXTS = {
    "usage: ": "uso: ",
    "positional arguments": "argumentos",
    "options": "opções",
    "optional arguments": "opções",
    "show this help message and exit": "mostrar esta ajuda e sair",
    "%(prog)s: error: %(message)s\n": "%(prog)s: erro: %(message)s\n",
    "the following arguments are required: %s": "faltam os argumentos obrigatórios: %s",
    "unrecognized arguments: %s": "argumentos desconhecidos: %s",
    "argument %(argument_name)s: %(message)s": "argumento %(argument_name)s: %(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "opção inválida: %(value)r (escolha entre %(choices)s)"
    ),
    "invalid %(type)s value: %(value)r": "valor inválido: %(value)r",
    "expected one argument": "falta o valor",
    "not allowed with argument %s": "não pode ser usado com o argumento %s",
    "one of the arguments %s is required": "um dos argumentos %s é obrigatório",
    "ambiguous option: %(option)s could match %(matches)s": (
        "opção ambígua: %(option)s pode ser %(matches)s"
    ),
}
_PLURALS = {
    ("expected %s argument", "expected %s arguments"): ("falta %s valor", "faltam %s valores"),
}


def _text(message: str) -> str:
    return _TEXTS.get(message, message)


def _plural(singular: str, plural: str, n: int) -> str:
    one, many = _PLURALS.get((singular, plural), (singular, plural))
    return one if n == 1 else many


def portuguese() -> None:
    """Make argparse write its messages in Portuguese (for the whole process)."""
    argparse._ = _text  # type: ignore[attr-defined]
    argparse.ngettext = _plural  # type: ignore[attr-defined]
