"""Detecting words injected by compromised mirrors (gambling, casino, spam sites).

Mirrors of government pages swap words of the report for site names
(``国务院办公厅球迷网印发`` where the report says ``关于``).  Two cheap tests,
both linear in the text:

* a list of gambling and spam words, skipped where the report condemns them
  (``打击…赌场``);
* site-like names (two characters and 网) that recur in places a
  government text never puts a name: where ``关于`` belongs, or three times
  and more without being a known word (门户网, 互联网, 电网 …).
"""

from __future__ import annotations

import re
from collections import Counter

_SPAM_LIST = (
    "博彩 赌场 网赌 赌球 百家乐 老虎机 真人娱乐 真人荷官 娱乐城 太阳城集团 太阳城娱乐 新葡京 "
    "葡京娱乐 威尼斯人 永利皇宫 新濠天地 金沙娱乐 银河娱乐 澳门银河 时时彩 六合彩 "
    "北京赛车 幸运飞艇 pk10 彩票平台 购彩 彩金 体验金 首存 返水 注册送 开户送 "
    "电子游艺 体育投注 足球投注 皇冠体育 皇冠网 亚博体育 乐鱼体育 开云体育 华体会 "
    "九游娱乐 开元棋牌 必威 威廉希尔 bet365 1xbet 球迷网 菠菜网 棋牌游戏 "
    "捕鱼游戏 成人视频 高清无码 伦理片 一夜情 约炮 裸聊 外围女 小姐上门 代孕 私服 "
    "刷单 代开发票 发票代开 贷款秒批 无抵押贷款 澳门赌 线上赌 真钱 官网入口 "
    "登录入口 备用网址 最新网址 "
)
SPAM_WORDS = tuple(_SPAM_LIST.split())
#: 娱乐场 is spam, 娱乐场所 (a licensed venue) is a word of the reports
_SPAM = re.compile(
    "|".join(re.escape(w) for w in SPAM_WORDS) + r"|娱乐场(?!所)|线上娱乐", re.IGNORECASE
)
_SPAM_HOST = re.compile(
    r"(?<![@\w.])(?:https?://)?(?:[a-z0-9-]+\.)+(?:vip|top|xyz|bet|win|cc|club|casino|icu|buzz)\b",
    re.IGNORECASE,
)
_CONDEMN = re.compile(r"打击|整治|查处|取缔|严禁|禁止|非法|违法|涉赌|防范|治理")

#: X in "…办公厅X印发…": the slot of 关于
_GUANYU_SLOT = re.compile(
    r"(?:办公厅|办公室|国务院|人民政府|委员会|省委|市委|中央)"
    r"([\u4e00-\u9fffA-Za-z0-9]{2,6}?)(?:印发|转发|进一步|全面|深化|加强|做好|推进|开展)"
)
_SITE = re.compile(r"([\u4e00-\u9fff]{2}网)(?![站址页络格点上民友购店际])")
_KNOWN_SUFFIX_TEXT = (
    "府网 户网 务网 联网 官网 电网 管网 域网 信网 光网 水网 路网 气网 热网 "
    "农网 天网 法网 外网 内网 专网 全网 上网 入网 组网 商网 物网 新网 报网 "
    "视网 闻网 广网 云网 国网 民网 华网 购网 北网 南网 东网 西网 省网 市网 "
    "县网 区网 通网 息网 台网 播网 线网 讯网 用网 服网 采网 税网 价网 易网 "
    "方网 校网 医网 保网 险网 疗网 贸网 农网 林网 渔网 铁网 围网 拉网 结网 "
    "落网 漏网 明网 众网 楚网 龙网 浪网 狐网 江网 川网 湘网 豫网 晋网 鲁网 浙网 闽网 "
    "粤网 桂网 琼网 渝网 黔网 滇网 陕网 甘网 青网 蒙网 辽网 吉网 苏网 皖网 赣网 冀网 "
    "津网 沪网 京网 学网 教网 警网 安网 检网 政网 党网 团网 工网 环网 气网 象网 "
)
_KNOWN_SUFFIX = frozenset(_KNOWN_SUFFIX_TEXT.split())


def _known(name: str) -> bool:
    return name[-2:] in _KNOWN_SUFFIX


def find_injected(text: str) -> list[str]:
    """Distinct suspicious words found in ``text`` (empty when clean)."""
    found: list[str] = []
    for m in _SPAM.finditer(text):
        before = text[max(0, m.start() - 8) : m.start()]
        if not _CONDEMN.search(before):
            found.append(m.group(0))
    found += [m.group(0) for m in _SPAM_HOST.finditer(text)]
    for m in _GUANYU_SLOT.finditer(text):
        word = re.split(r"办公厅|办公室|国务院|人民政府|委员会", m.group(1))[-1]
        if "关于" not in word and _SITE.search(word) and not _known(word):
            found.append(word)
    counts = Counter(m.group(1) for m in _SITE.finditer(text))
    for name, n in counts.items():
        if n >= 3 and not _known(name):
            found.append(name)
    return sorted(set(found))


def injected_flag(text: str) -> dict[str, object] | None:
    words = find_injected(text)
    if not words:
        return None
    return {
        "code": "injected_text",
        "cells": [],
        "message": "words that do not belong in a government report (injected by a "
        "mirror?): " + "、".join(words[:10]),
    }
