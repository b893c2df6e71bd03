"""Stages ``attribution`` and ``source``: who published the article.

The front matter (``source:``), an attribution paragraph closing the article
(``（文章来源：X）``, ``来源：X``, ``Source: X``), or a parenthesis closing the last
paragraph or the lead that names a publisher (``（新华社）``).
"""

from __future__ import annotations

import re

from ._models import Source
from ._paragraphs import fold, text_of
from ._state import State

# （文章来源：X） 来源：X 【来源：X】 Source: X
_ATTRIBUTION = re.compile(
    r"[（(【\[]?\s*(?:文章|本文|新闻|稿件|消息|内容|信息|转载)?来源\s*[:：]\s*"
    r"(?P<zh>[^（）()【】\[\]]{1,60}?)\s*[）)】\]]?\s*[。.]?"
    r"|\(?\s*source\s*:\s*(?P<en>[^()]{1,80}?)\s*\)?\.?",
    re.IGNORECASE,
)
_ATTRIBUTION_HINT = re.compile(r"来源|source", re.IGNORECASE)
_MAX_MARKUP = 2_000  # an attribution paragraph is short, whatever markup it carries
# A parenthesis closing the paragraph: …增长8.4%。（央视新闻客户端）
_TRAILING_PARENTHESIS = re.compile(
    r"(?P<all>[（(]\s*(?P<name>[^（）()]{1,40}?)\s*[）)])\s*[。.]?\s*$"
)
# Words that mark a parenthesis as something other than a publisher:
# （附名单） （记者 王鹏） （完） （图） （注：…） （下同） （详见…）
_NOT_PUBLISHER = re.compile(
    r"记者|通讯员|编辑|责编|作者|实习生|摄|附|完|注|图|下同|详见|待续|略|整理|编译|校对|单位|"
    r"[:：;；,，、%‰=<>《》“”\"]"
)
_TICKER = re.compile(r"[A-Z0-9.\-: ]+")
# A name with a number in it names a publisher only with a publisher's ending
# (21世纪经济报道; never 829万头).
_PUBLISHER_ENDING = re.compile(r"(?:报|社|网|台|刊|道|闻|端|志|号|经|讯|媒)$")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def split_attribution_paragraph(state: State) -> None:
    """Stage ``attribution``: a closing attribution paragraph taken off the article."""
    assert state.sections is not None
    state.article, state.attribution = split_attribution(state.sections.article)


def decide_source(state: State) -> None:
    """Stage ``source``: the front matter's publisher, else the attribution paragraph's,
    else one named in a parenthesis closing the last paragraph or the lead."""
    assert state.fields is not None
    attribution = state.attribution
    name = state.fields.source_name
    if name is not None:
        # The front matter names the source; the attribution paragraph is kept as
        # written so that writing the post back loses nothing.
        markup = attribution.markup if attribution is not None else None
        state.source = Source(name=name, text=name, kind="front_matter", markup=markup)
        return
    state.source = (
        attribution
        or from_parenthesis(state.paragraphs[-1] if state.paragraphs else None)
        or from_parenthesis(state.lead)
    )


def split_attribution(article: str) -> tuple[str, Source | None]:
    """Remove a closing attribution paragraph from ``article``, as written."""
    stripped = article.rstrip()
    if stripped[-4:].lower() == "</p>":
        tail = stripped[-_MAX_MARKUP:].lower()
        start = tail.rfind("<p")
        while start > 0 and tail[start + 2 : start + 3].isalpha():  # <pre>, <param>
            start = tail.rfind("<p", 0, start)
        if start >= 0:
            start += len(stripped) - len(tail)
    else:
        blank = max(stripped.rfind("\n\n"), stripped.rfind("\n \n"))
        start = blank + 1 if blank >= 0 else 0
    if start < 0:
        return article, None
    markup = stripped[start:].strip()
    if len(markup) > _MAX_MARKUP or not _ATTRIBUTION_HINT.search(markup):
        return article, None
    text = text_of(markup)
    match = _ATTRIBUTION.fullmatch(text)
    if match is None:
        return article, None
    name = fold(match.group("zh") or match.group("en") or "")
    if not name:
        return article, None
    source = Source(name=name, text=text, kind="attribution", markup=markup)
    return stripped[:start].rstrip(), source


def from_parenthesis(paragraph: str | None) -> Source | None:
    """A publisher named in the parenthesis that closes a paragraph, if it names one."""
    if not paragraph:
        return None
    match = _TRAILING_PARENTHESIS.search(paragraph[-60:])
    if match is None:
        return None
    name = match.group("name").strip()
    if not _is_publisher(name):
        return None
    return Source(name=name, text=match.group("all"), kind="parenthesis")


def _is_publisher(name: str) -> bool:
    if len(name) < 2 or _NOT_PUBLISHER.search(name):
        return False
    if _CJK.search(name):
        if any(ch.isdigit() for ch in name) and not _PUBLISHER_ENDING.search(name):
            return False
        return len(name) <= 20 and not any(ch.isspace() for ch in name)
    # Latin script: a capitalised name of a few words, not a ticker like 03301.HK.
    if _TICKER.fullmatch(name) and any(ch.isdigit() for ch in name):
        return False
    return name[0].isupper() and len(name.split()) <= 5
