"""The parser's patterns in both scripts: a page in traditional characters
(a Hong Kong or Taiwan paper, an old archive) prints 本報記者 where a
mainland page prints 本报记者, 【本報訊】 for 【本报讯】, 港島日報 for a paper.

The rules are written in simplified characters; ``either`` makes a pattern
match the traditional forms too (报 becomes ``[报報]``), and ``either_words``
adds the traditional spelling of each word of a set. Only the characters the
rules name are in the table: the text itself is never changed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Simplified → traditional, for the characters in the parser's patterns and word lists that differ.
_PAIRS = (
    "专專 个個 为為 举舉 习習 乡鄉 传傳 体體 关關 兴興 册冊 写寫 军軍 农農 制製 办辦 务務 华華 协協 台臺 号號 "
    "后後 员員 周週 国國 图圖 声聲 备備 实實 审審 对對 导導 层層 开開 当當 录錄 志誌 户戶 执執 报報 摄攝 数數 "
    "时時 机機 杂雜 权權 条條 来來 杨楊 标標 栏欄 检檢 汇匯彙 济濟 点點 热熱 现現 电電 监監 笔筆 简簡 纠糾 约約 "
    "纸紙 线線 经經 络絡 综綜 编編 缩縮 网網 联聯 腾騰 节節 见見 视視 览覽 觉覺 计計 订訂 讯訊 记記 论論 设設 "
    "访訪 证證 评評 话話 询詢 语語 说說 读讀 课課 谈談 责責 贴貼 资資 载載 辑輯 进進 邮郵 郑鄭 采採 链鏈 错錯 "
    "闭閉 问問 间間 闻聞 阅閱 阳陽 页頁 顶頂 项項 顾顧 题題 驻駐 东東 书書 长長 门門 区區 县縣 发發 这這 产產 "
    "转轉 续續 连連 详詳 紧緊"
)
TRADITIONAL: dict[str, str] = {pair[0]: pair[1:] for pair in _PAIRS.split()}  # each simplified: its traditional forms
_FIRST = str.maketrans({simplified: forms[0] for simplified, forms in TRADITIONAL.items()})


def either(pattern: str) -> str:
    """``pattern`` (a regular expression) with each of the table's simplified
    characters matching its traditional forms too: in a class, they join it
    (at its end, so that no range is broken); elsewhere the character becomes
    a class of its forms. Escapes are left as they are."""
    out: list[str] = []
    joining: list[str] = []  # traditional forms to add to the class being read
    in_class = first = False
    at = 0
    while at < len(pattern):
        ch = pattern[at]
        if ch == "\\" and at + 1 < len(pattern):
            out.append(pattern[at : at + 2])
            at += 2
            first = False
            continue
        if in_class:
            if ch == "]" and not first:
                out.extend(joining)
                joining, in_class = [], False
            elif not (first and ch == "^"):
                first = False
                joining.extend(form for form in TRADITIONAL.get(ch, "") if form not in joining)
            out.append(ch)
        elif ch == "[":
            in_class = first = True
            out.append(ch)
        elif ch in TRADITIONAL:
            out.append(f"[{ch}{TRADITIONAL[ch]}]")
        else:
            out.append(ch)
        at += 1
    return "".join(out)


def compile_either(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile`` of ``either(pattern)``."""
    return re.compile(either(pattern), flags)


def either_words(words: Iterable[str]) -> frozenset[str]:
    """The words, and each spelled in traditional characters (where it differs)."""
    kept = list(words)
    return frozenset(kept) | {word.translate(_FIRST) for word in kept}
