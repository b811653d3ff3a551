"""The words that tell a 政府信息公开工作年度报告 from everything that looks like one.

Kept apart from the logic in ``classify`` because this is where a new
publisher's habit or a new look-alike gets added: one pattern, one test row.
Every pattern sees titles after ``chinese_text.normalize`` (no whitespace,
half-width brackets, simplified characters, Arabic years).
"""

from __future__ import annotations

import re

# Look-alikes, tested in this order before a title may count as a report.
LOOK_ALIKES: list[tuple[str, re.Pattern[str], str]] = [
    ("interpretation", re.compile(r"解读|图解|一图读懂|图说|读懂|问答"), "解读/图解 of a report"),
    (
        "website_report",
        re.compile(r"网站.{0,12}年度?报表|新媒体.{0,8}报表"),
        "政府网站工作年度报表",
    ),
    ("enterprise", re.compile(r"企业.{0,6}年报|年报公示|个体工商户|合作社年报"), "企业年报公示"),
    ("statistics", re.compile(r"统计公报|统计年报|年鉴|统计报表|统计表|统计月报"), "statistics"),
    ("budget", re.compile(r"预算|决算"), "部门预算/决算"),
    ("rule_of_law", re.compile(r"法治政府|依法行政"), "法治政府建设年度报告"),
    ("work_report", re.compile(r"政府工作报告"), "政府工作报告"),
    ("system", re.compile(r"年度?报告?制度|年报制度"), "年报制度 page"),
    ("enterprise", re.compile(r"环境信息(公开|披露)|社会责任"), "企业环境信息公开"),
    ("other", re.compile(r"大学|学年|医院|公司|集团|银行"), "not a government body"),
    ("notice", re.compile(r"报告格式"), "the 国办 report format"),
    (
        "notice",
        re.compile(
            r"^关于(做好|报送|印发|开展|组织|加强|公布|发布|转发|进一步)|编制发布|报送工作|发布工作"
            r"|(通知|通报|公告|通告|函|意见|方案|要点|提醒|提示|说明|声明|批复)([(（].*[)）])?$"
        ),
        "notice about the reports",
    ),
    ("other", re.compile(r"培训|会议|座谈|部署|督查|考核|评估|测评|排名|征集"), "activity"),
]
CORRECTION = re.compile(r"更正|修订|修正|勘误|重新发布")
# What a report's title must say (after normalize()).
KEY = re.compile(
    r"(?:信息公开|政务公开)(?:工作)?(?:\d{4}年)?(?:度)?(?:工作)?(?:情况)?"
    r"(?:年报|年度报告|年度工作报告|报告)"
)
# What a cut title must still say to count: "…信息公开工作年…".
CUT_KEY = re.compile(r"(?:信息公开|政务公开)(?:工作)?年(?:度报?|报|度)?$")
CUT = re.compile(r"(…+|\.{2,}|。{2,})$")
YEAR = re.compile(r"(?<!\d)(\d{4})(?:年|(?=[)）]))")
SECTIONS = (
    "主动公开政府信息情况",
    "收到和处理政府信息公开申请情况",
    "政府信息公开行政复议",
    "存在的主要问题",
    "统计期限",
    "依申请公开政府信息",
)
URL_HINT = re.compile(r"xxgknb|zfxxgknb|gknb|bmnb|ndbg|annualreport", re.I)
REGION_SUFFIX = re.compile(r"(省|市|区|县|旗|盟|地区|自治州|自治县)$")
NOT_GOVERNMENT = re.compile(r"(开发区|园区|高新区|社区|景区|示范区|保护区|试验区|合作区)$")
# A column's own name, which a link or page may carry without being a report.
COLUMN = re.compile(
    r"^(政府|政务)?(信息)?公开(年报|年度报告)(专栏|栏目)?$|^(部门)?(年报|年度报告)$"
)
# Link texts that say nothing about the target: let the page text decide.
GENERIC = re.compile(r"^[^\u4e00-\u9fff]*$|^(查看|详情|详细|阅读全文|更多|点击|全文|下载)")
# Breadcrumbs and navigation lines that precede a page's heading.
CHROME = re.compile(r"[>»|]|首页|当前位置|您的位置|您现在的位置")
# A page whose body is its attachment.
ATTACHMENT = re.compile(
    r"(详见|请见|参见|请查看|点击查看|见)(下方)?附件|附件[:：]?.{0,40}\.(pdf|docx?|wps|xlsx?)"
)
