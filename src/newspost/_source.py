"""Stages ``attribution`` and ``source``: who published the article.

The front matter (``source:``), an attribution paragraph closing the article, or
a parenthesis closing the last paragraph or the lead.

Precision first: a name is reported only when the text says plainly that it is
the publisher (an attribution line such as ``来源：X`` or ``Source: X``), or when
a parenthesis closing the text holds a name that looks like a publisher's: one
of ``PUBLISHERS``, or a name with a publisher's ending (``…日报``, ``…网``,
``…客户端``, ``… News``, ``… Times``). Timestamps, credits, notes, people's names
and editor's remarks in parentheses — ``(UTC)``, ``(Image made with DALL-E)``,
``(Matz)``, ``（完）``, ``（部分人物为化名）`` — name no publisher.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from ._models import Source
from ._paragraphs import fold, text_of
from ._state import State

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")

# Publishers named as they are, whatever their ending: news agencies, papers,
# broadcasters, sites and apps. A parenthesis holding one of these (or a name
# ending with one: 东方财富Choice数据) names the publisher. Keep it small and
# certain: a name here is a publisher wherever it stands.
PUBLISHERS: frozenset[str] = frozenset(
    {
        # Chinese: agencies, papers, broadcasters, sites and apps without a telling ending
        "新华社", "中新社", "中新网", "央视", "央视新闻", "央视财经", "央广网", "中国之声",
        "经济之声", "国际在线", "财联社", "e公司", "券商中国", "证券之星", "金融界", "同花顺",
        "财新", "参考消息", "南方周末", "21世纪经济报道", "每经", "和讯网", "我的钢铁网",
        "36氪", "虎嗅", "钛媒体", "东方财富", "Choice数据", "万得", "路透", "彭博", "智通财经",
        # English: agencies, papers, broadcasters, sites
        "Reuters", "AP", "AFP", "Bloomberg", "BBC", "CNN", "CNBC", "NPR", "PBS", "UPI",
        "Xinhua", "Kyodo", "Yonhap", "TASS", "dpa", "EFE", "ANSA", "Associated Press",
        "Agence France-Presse", "Al Jazeera", "The Guardian", "The Economist",
        "The Independent", "Axios", "Politico", "TechCrunch", "The Verge",
        "Ars Technica", "Engadget", "ZDNet", "The Register", "LWN", "LWN.net", "Phoronix",
        "heise online", "Forbes", "Nikkei", "Nikkei Asia", "Caixin", "SCMP",
        "CGTN", "CCTV", "WSJ", "NYT", "Le Monde", "Der Spiegel", "El País", "MarketWatch",
        "Business Insider", "Slashdot",
    }
)  # fmt: skip

# Lexicon names that also name a publisher at the end of a longer name (东方财富Choice数据).
_ZH_PUBLISHER_TAILS = tuple(name for name in PUBLISHERS if len(name) >= 4 and _CJK.search(name))
# A Chinese name with one of these endings names a publisher (…日报, …网, …客户端),
# with the shortest length it needs: 新华社 and 中新网 have three characters, 界面新闻 four.
_ZH_ENDINGS: tuple[tuple[str, int], ...] = (
    ("客户端", 4), ("电视台", 4), ("广播电台", 5), ("电台", 3), ("卫视", 3), ("频道", 4),
    ("网站", 4), ("网", 3), ("报", 3), ("社", 3), ("新闻", 4), ("财经", 4), ("杂志", 4),
    ("周刊", 4), ("月刊", 4), ("旬刊", 4), ("画报", 4), ("公众号", 4), ("微博", 4),
    ("头条号", 4), ("百家号", 4), ("搜狐号", 4), ("网易号", 4),
)  # fmt: skip
# Words with those endings that name no publisher: （2021年年报） （物联网） （相关新闻）.
_ZH_GENERIC = re.compile(
    r"(?:年报|季报|财报|公报|预报|通报|举报|汇报|简报|电报|捷报|喜报|海报|警报|申报|上报|回报|情报|"
    r"快报|月报|周报|互联网|物联网|电网|局域网|以太网|上网|联网|内网|外网|组网|管网|路网|天网|"
    r"合作社|旅行社|公社|结社|假新闻|旧新闻|相关新闻|更多新闻|本条新闻|以上新闻|上述新闻|热点新闻|"
    r"今日新闻|最新新闻|滚动新闻|视频新闻|图片新闻)$"
)
# Words that make a parenthesis a note, a credit or a sentence, not a name:
# （附名单） （记者 王鹏） （完） （图） （注：…） （数据来自…） （部分人物为化名）
_NOT_PUBLISHER = re.compile(
    r"记者|通讯员|编辑|责编|作者|实习生|摄|附|完|注|图|下同|详见|待续|略|整理|编译|校对|单位|"
    r"来自|据|为|是|的|于|和|与|及|"
    r"[:：;；,，、%‰=<>“”\"!！?？]"
)
# An English name with one of these last words names a publisher (The Example Times).
_EN_ENDINGS = frozenset(
    {
        "News", "Times", "Post", "Journal", "Daily", "Herald", "Tribune", "Gazette",
        "Telegraph", "Chronicle", "Press", "Newswire", "Wire", "Magazine", "Radio",
        "Television", "TV", "Broadcasting", "Reporter", "Observer", "Insider", "Standard",
    }
)  # fmt: skip
_EN_SMALL_WORDS = frozenset({"of", "the", "and", "de", "la", "le", "du", "der", "die", "in", "&"})
_LEADING_PREPOSITION = re.compile(r"^(?:据|来自|摘自|转自|选自|源自|via\s+|from\s+)", re.IGNORECASE)

# A parenthesis closing the paragraph: …增长8.4%。（央视新闻客户端）
_TRAILING_PARENTHESIS = re.compile(
    r"(?P<all>[（(]\s*(?P<name>[^（）()]{1,40}?)\s*[）)])\s*[。.]?\s*$"
)

# Attribution lines, matched against the whole closing block as a reader sees it:
# （文章来源：X） 来源：X 【来源：X】 原文来自：X 转载自 X 摘自《X》 Source: X
# Originally published by X  via X
_OPEN = r"[（(【\[]?\s*"
_CLOSE = r"\s*[）)】\]]?\s*[。.]?"
_ATTRIBUTION = re.compile(
    _OPEN + r"(?:(?:文章|本文|新闻|稿件|消息|内容|信息|转载|原文)?来源\s*[:：]"
    r"|(?:原文|本文)来自\s*[:：]?|(?:本文)?转(?:载)?自\s*[:：]?|(?:本文)?摘自\s*[:：]?"
    r"|稿源\s*[:：])"
    r"\s*(?P<zh>.{1,160}?)" + _CLOSE + r"|" + _OPEN + r"(?:source|via)\s*:\s*(?P<en>.{1,160}?)"
    r"\s*\)?\.?"
    r"|via\s+(?P<via>.{1,160}?)\s*\.?"
    r"|(?:(?:this|the)\s+(?:article|story|post)\s+(?:was\s+)?)?"
    r"(?:originally|first)\s+(?:published|appeared)\s+(?:by|in|on|at)\s+(?P<orig>.{1,160}?)\s*\.?",
    re.IGNORECASE | re.DOTALL,
)
# Each hint opens with a lookahead on the words' first letters (the same letters under
# IGNORECASE): the engine then skips the other characters without trying each word.
_ATTRIBUTION_HINT = re.compile(
    r"(?=[来转摘稿svpa])(?:来源|来自|转载自|转自|摘自|稿源|source|via|published|appeared)", re.I
)
# （责任编辑：X） (Editor: X) — a short editor's line may follow the attribution.
_EDITOR_LINE = re.compile(
    r"[（(【\[]?\s*(?:责任编辑|责编|编辑|校对|审核|审校|编审|监制|editor|edited by|editing by)"
    r"\s*[:：]?\s*[^（）()【】\[\]\n]{1,30}?\s*[）)】\]]?\s*[。.]?",
    re.IGNORECASE,
)
# Words without which the markup's text cannot be an editor's line (a reference
# could spell them), looked for once tags and emphasis marks, which can split a
# word (``*Ed*itor``, ``<b>Ed</b>itor``), are taken out: the cheap test before
# rendering the markup.
_EDITOR_HINT = re.compile(r"(?=[责编校审监e&])(?:[责编校审监]|edit|&)", re.IGNORECASE)
_SPAN_MARKUP = re.compile(r"<[^<>]*>|[*_~`\\]")
_MAX_MARKUP = 2_000  # an attribution paragraph is short, whatever markup it carries
# Where the publisher's name ends and a remark or a copyright notice begins:
# 《南方人物周刊》，文章略有删减。  搜狐号狐度出品 未经许可不得转载  Example Daily (ID: x)
_NOTICE = (
    r"未经(?:许可|授权|允许|同意)|版权归|版权所有|禁止转载|严禁转载|转载请|如需转载|如有侵权|侵删|"
    r"(?:文章|内容|文字)?(?:略有|有所|已)?(?:删减|删节|删改)|原标题|责任编辑|编辑|作者|"
    r"all rights reserved|copyright|©"
)
_NAME_END = re.compile(
    r"[，,；;。|｜（(【\[]|[.!?](?:\s|$)|\s[-–—]\s|\s+(?:on|at)\s+\d|\s*(?=" + _NOTICE + r")",
    re.IGNORECASE,
)
_TITLE_MARKS = re.compile(r"[《》〈〉「」『』“”\"]")
_EDGE_PUNCTUATION = " \t:：.。,，、;；!！?？-–—'‘’"
# Attribution names that name no one: 来源：网络 (the Internet), 来源：综合.
_NO_ONE = frozenset(
    {
        "网络", "互联网", "网络整理", "综合", "网友", "本站", "本网", "原创", "未知", "不详",
        "佚名", "转载", "网上", "internet", "the internet", "web", "unknown", "n/a", "none",
    }
)  # fmt: skip
_MARKDOWN_BLOCK_MARKER = re.compile(r"\s*(?:[-*+>#|]|\d+[.)]\s)")


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
    """Remove a closing attribution paragraph from ``article``, as written.

    The attribution is the article's last block (an HTML ``<p>`` or a paragraph
    between blank lines), or the last line of a Markdown paragraph, or the block
    before a short editor's line (``（责任编辑：X）``), which then goes with it.
    """
    stripped = article.rstrip()
    start = _last_block(stripped)
    if start is None:
        return article, None
    found = _attribution(stripped, start, len(stripped))
    if found is None and _may_be_editor_line(stripped[start:]):
        before = stripped[:start].rstrip()
        previous = _last_block(before)
        if previous is not None:
            found = _attribution(stripped, previous, len(before))
            start = previous
    if found is None and not stripped.endswith(">"):
        line = stripped.rfind("\n", start) + 1
        if line > start and not _MARKDOWN_BLOCK_MARKER.match(stripped[line:]):
            found = _attribution(stripped, line, len(stripped))
            start = line
    if found is None:
        return article, None
    return stripped[:start].rstrip(), found


def _last_block(stripped: str) -> int | None:
    """Where the last block of ``stripped`` starts: its last ``<p>`` or blank-line paragraph."""
    if stripped[-4:].lower() == "</p>":
        tail = stripped[-_MAX_MARKUP:].lower()
        start = tail.rfind("<p")
        while start > 0 and tail[start + 2 : start + 3].isalpha():  # <pre>, <param>
            start = tail.rfind("<p", 0, start)
        return start + len(stripped) - len(tail) if start >= 0 else None
    blank = max(stripped.rfind("\n\n"), stripped.rfind("\n \n"))
    return blank + 1 if blank >= 0 else 0


def _may_be_editor_line(markup: str) -> bool:
    """Whether ``markup``'s text is an editor's line (``（责任编辑：X）``, ``Editor: X``)."""
    if len(markup.strip()) > _MAX_MARKUP or not _EDITOR_HINT.search(_SPAN_MARKUP.sub("", markup)):
        return False  # too long to be one (_short_text), or no editor's word in it
    return _EDITOR_LINE.fullmatch(_short_text(markup) or "-") is not None


def _short_text(markup: str) -> str | None:
    markup = markup.strip()
    if not markup or len(markup) > _MAX_MARKUP:
        return None
    return text_of(markup)


def _attribution(stripped: str, start: int, stop: int) -> Source | None:
    """The attribution that ``stripped[start:stop]`` is, taking everything to the end with it."""
    block = stripped[start:stop]
    if not _ATTRIBUTION_HINT.search(block):
        return None
    text = _short_text(block)
    if not text:
        return None
    match = _ATTRIBUTION.fullmatch(text)
    if match is None:
        return None
    raw = next(group for group in match.groups() if group is not None)
    name = clean_name(raw, whole=match.group("via") is not None)
    if name is None or (match.group("zh") is None and not _capitalised(name)):
        return None
    markup = stripped[start:].strip()
    whole = text if stop == len(stripped) else text_of(markup)
    return Source(name=name, text=whole, kind="attribution", markup=markup)


def clean_name(raw: str, *, whole: bool = False) -> str | None:
    """The publisher's name in what follows an attribution marker, or ``None``.

    Book-title marks and quotes go; a remark or a copyright notice after the name
    (``，文章略有删减。``, ``未经许可不得转载``) is cut off; a URL gives its host.
    ``whole``: the name must be all there is (``via X`` closes a post; ``Via X, …`` is a sentence).

    Examples:
        >>> clean_name("《南方人物周刊》，文章略有删减。")
        '南方人物周刊'
        >>> clean_name("搜狐号狐度出品 未经许可不得转载")
        '搜狐号狐度出品'
        >>> clean_name("https://www.example.org/a/1.html")
        'www.example.org'
    """
    text = fold(raw)
    if re.match(r"https?://", text, re.IGNORECASE):
        return urlsplit(text.split()[0]).hostname or None
    cut = _NAME_END.search(text, 1)
    name = text[: cut.start()] if cut is not None else text
    name = _TITLE_MARKS.sub("", name).strip(_EDGE_PUNCTUATION)
    if not 1 <= len(name) <= 60:
        return None
    if name.lower() in _NO_ONE:
        return None
    if whole and name != text.strip(_EDGE_PUNCTUATION):
        return None
    return name


def _capitalised(name: str) -> bool:
    """An English attribution names someone: ``via The Verge``, ``openSUSE``, ``lwn.net``.

    Not ``via email``.
    """
    first = name.split()[0]
    return (
        bool(_CJK.search(name)) or "." in name or any(ch.isupper() or ch.isdigit() for ch in first)
    )


def from_parenthesis(paragraph: str | None) -> Source | None:
    """A publisher named in the parenthesis that closes a paragraph, if it names one."""
    if not paragraph:
        return None
    match = _TRAILING_PARENTHESIS.search(paragraph[-60:])
    if match is None:
        return None
    name = _TITLE_MARKS.sub("", match.group("name")).strip()
    name = _LEADING_PREPOSITION.sub("", name).strip()
    if not is_publisher(name) or _spelled_out_before(name, paragraph[-60:][: match.start()]):
        return None
    return Source(name=name, text=match.group("all"), kind="parenthesis")


def is_publisher(name: str) -> bool:
    """Whether ``name`` looks like a publisher's: in ``PUBLISHERS``, or with its ending.

    Examples:
        >>> [is_publisher(n) for n in ("新华社", "人民日报", "央视新闻客户端", "Reuters", "AP")]
        [True, True, True, True, True]
        >>> [is_publisher(n) for n in ("UTC", "Matz", "END", "部分人物为化名", "2021年年报")]
        [False, False, False, False, False]
    """
    if len(name) < 2:
        return False
    bare = name[4:] if name.startswith("The ") else name
    if name in PUBLISHERS or bare in PUBLISHERS:
        return True
    if _CJK.search(name):
        for known in _ZH_PUBLISHER_TAILS:
            if name.endswith(known):
                return not _NOT_PUBLISHER.search(name[: -len(known)])
        return _zh_publisher(name)
    return _en_publisher(name)


def _spelled_out_before(name: str, before: str) -> bool:
    """``access point (AP)``: the parenthesis abbreviates the words before it, it names no one."""
    if not name.isascii() or not name.isupper():
        return False
    words = re.findall(r"[A-Za-z]+", before)[-len(name) :]
    return "".join(word[0] for word in words).upper() == name


def _zh_publisher(name: str) -> bool:
    if len(name) > 20 or any(ch.isspace() or ch.isdigit() for ch in name):
        return False
    if _NOT_PUBLISHER.search(name) or _ZH_GENERIC.search(name):
        return False
    return any(name.endswith(ending) and len(name) >= size for ending, size in _ZH_ENDINGS)


def _en_publisher(name: str) -> bool:
    words = name.split()
    if not 2 <= len(words) <= 6 or words[-1] not in _EN_ENDINGS:
        return False
    for word in words:
        if word in _EN_SMALL_WORDS:
            continue
        if not (word[0].isupper() and all(ch.isalpha() or ch in "&.'’-" for ch in word)):
            return False
    return True
