"""Tokens for retrieval: lower case, stop words dropped, light suffix stemming (en, ru).

Light on purpose: the knowledge base lists word forms that a stemmer cannot join
(сон/сна, sleep/slept) as keywords, so a few rules that strip common endings are enough.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[a-zа-я0-9]+")


def _split(text: str) -> list[str]:
    return text.split()


_STOP_WORDS = frozenset(
    _split(
        """a an and are as at be but by can do does for from how i if in is it me my of on or so
        that the this to was what when which why will with you your am im i'm should could would
        after before have has had not no very much more about get been being there their they
        them we our us и в во на не что как я а но ли же ну то это этот эта эти мне меня мой моя
        мои у к с со по из за от до для о об при или если бы так уже еще ещё очень ты вы вас вам
        мы нас нам он она они его ее её их ним ней быть был была было были есть чем чтобы когда
        где какой какая какие можно нужно надо после перед через ли тоже себя свой своя все всё
        весь сам сама"""
    )
)

_EN_SUFFIXES = tuple(_split("ingly edly ness ments ment ings ing ies ied ers ed es ly er s y"))
_RU_REFLEXIVE = ("ся", "сь")
_RU_ENDINGS = tuple(
    sorted(
        _split(
            """иями ями ами ией иях ях ах ием иям ям ем ам ом ов ев ей ой ий ый ая яя ое ее
            ие ые ую юю ого его ому ему ими ыми ым им их ых ою ею ешь ете ет ут ют ит ат ят
            ить ать ять еть ыть ила ыла или ыли ило ыло ла ли ло ть ия ья ию
            ью ие ье а е и й о у ы ь ю я"""
        ),
        key=len,
        reverse=True,
    )
)


def tokens(text: str) -> list[str]:
    """Stemmed content words of ``text`` in either language."""
    words = _WORD.findall(text.lower().replace("ё", "е"))
    return [stem(word) for word in words if word not in _STOP_WORDS and len(word) > 1]


def stem(word: str) -> str:
    """The word without its most common inflectional ending."""
    if re.fullmatch(r"[а-я]+", word):
        return _stem_ru(word)
    return _stem_en(word)


def _stem_en(word: str) -> str:
    for suffix in _EN_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: -len(suffix)]
            if suffix in ("ies", "ied"):
                return stem + "y"
            # napping -> napp -> nap; but keep "ll", "ss" (sleepless -> sleepless).
            if len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] not in "lsz":
                return stem[:-1]
            return stem
    return word


def _stem_ru(word: str) -> str:
    for ending in _RU_REFLEXIVE:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            word = word[: -len(ending)]
            break
    for ending in _RU_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 2:
            return word[: -len(ending)]
    return word
