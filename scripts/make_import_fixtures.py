"""Write the malformed (and the awkward-but-valid) deal import files used by tests/reliability.

Usage: python scripts/make_import_fixtures.py [OUT_DIR]   (default: tests/reliability/fixtures/imports)
Each file name says what it holds; `expected.json` maps it to "ok" (imports) or "reject" (row/column/reason).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from openpyxl import Workbook

HEADER = "deal_id,partner,partner_en,partner_type,category,deal_type,commission_pct,investment,gmv,audience_match_pct,verified_cases,start_date,outcome,lessons_zh,lessons_en"
GOOD = [
    "U-0001,晨光文具,Chenguang,retailer,fmcg,co_marketing,12,100000,350000,66,4,2024-03-01,renewed,匹配度高，续约,Good match; renewed",
    "U-0002,远山传媒,Yuanshan Media,mcn,beauty,live_stream,28,200000,460000,58,2,2024-05-10,terminated,匹配度不足,Weak match",
]
ZH_HEADER = "编号,合作方,合作方英文名,合作方类型,品类,合作类型,佣金比例,投入,成交额,匹配度,案例数,开始日期,结果,经验教训,英文经验"


def csv(rows: list[str], header: str = HEADER) -> str:
    return "\n".join([header, *rows]) + "\n"


def text_cases() -> dict[str, tuple[str | bytes, str]]:
    g = GOOD
    return {
        "ok_utf8.csv": (csv(g), "ok"),
        "ok_utf8_bom.csv": ("\ufeff" + csv(g), "ok"),
        "ok_gbk.csv": (csv(g).encode("gbk"), "ok"),
        "ok_chinese_headers.csv": (csv(g, ZH_HEADER), "ok"),
        "ok_extra_column.csv": (csv([r + ",x" for r in g], HEADER + ",备注"), "ok"),
        "ok_crlf.csv": (csv(g).replace("\n", "\r\n"), "ok"),
        "ok_percent_and_wan.csv": (csv([g[0].replace(",12,100000,350000,66,", ",12%,10万,35万,66%,")]), "ok"),
        "reject_missing_partner_column.csv": (
            "\n".join(
                ",".join(c for i, c in enumerate(line.split(",")) if i != 1) for line in csv(g).splitlines()
            ),
            "reject",
        ),
        "reject_missing_outcome_column.csv": (
            "\n".join(",".join(line.split(",")[:12] + line.split(",")[13:]) for line in csv(g).splitlines()),
            "reject",
        ),
        "reject_unknown_partner_type.csv": (csv([g[0].replace(",retailer,", ",alien,")]), "reject"),
        "reject_unknown_category.csv": (csv([g[0].replace(",fmcg,", ",spaceships,")]), "reject"),
        "reject_commission_over_100.csv": (csv([g[0].replace(",12,", ",150,")]), "reject"),
        "reject_negative_investment.csv": (csv([g[0].replace(",100000,", ",-5,")]), "reject"),
        "reject_negative_gmv.csv": (csv([g[0].replace(",350000,", ",-350000,")]), "reject"),
        "reject_match_over_100.csv": (csv([g[0].replace(",66,4,", ",166,4,")]), "reject"),
        "reject_cases_not_a_number.csv": (csv([g[0].replace(",66,4,", ",66,four,")]), "reject"),
        "reject_fractional_cases.csv": (csv([g[0].replace(",66,4,", ",66,2.5,")]), "reject"),
        "reject_bad_date.csv": (csv([g[0].replace("2024-03-01", "2024-13-45")]), "reject"),
        "reject_text_in_gmv.csv": (csv([g[0].replace(",350000,", ",lots,")]), "reject"),
        "reject_duplicate_ids.csv": (csv([g[0], g[0].replace("晨光文具", "晨光文具二")]), "reject"),
        "reject_empty_partner.csv": (csv([g[0].replace(",晨光文具,", ",,")]), "reject"),
        "reject_unknown_outcome.csv": (csv([g[0].replace(",renewed,", ",exploded,")]), "reject"),
        "reject_empty_file.csv": ("", "reject"),
        "reject_header_only.csv": (HEADER + "\n", "reject"),
        "reject_whitespace_only.csv": ("  \n\n \t\n", "reject"),
        "reject_binary_junk.csv": (bytes(range(256)) * 8, "reject"),
        "reject_mixed_good_and_bad.csv": (csv([g[0], g[1].replace(",mcn,", ",,")]), "reject"),
        "reject_shipped_id.csv": (csv([g[0].replace("U-0001", "S-0001")]), "reject"),
        "reject_injection_and_bad_row.csv": (
            csv([g[0].replace("匹配度高，续约", '=HYPERLINK("x")'), g[1].replace(",28,", ",-28,")]),
            "reject",
        ),
        "reject_misaligned_row.csv": (csv([g[0] + ",extra,cells,here"]), "reject"),
        "reject_end_before_start.csv": (
            csv(
                [g[0]],
                HEADER.replace(",start_date,", ",start_date,end_date,").replace(",outcome,", ",outcome,"),
            ).replace(",2024-03-01,", ",2024-03-01,2023-01-01,"),
            "reject",
        ),
        "reject_nan_value.csv": (csv([g[0].replace(",100000,", ",nan,")]), "reject"),
        "reject_infinite_gmv.csv": (csv([g[0].replace(",350000,", ",inf,")]), "reject"),
        "reject_unknown_deal_type.csv": (csv([g[0].replace(",co_marketing,", ",bribery,")]), "reject"),
        "reject_old_xls.xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504, "reject"),
        "reject_fake_xlsx.xlsx": (b"PK\x03\x04 this is not a workbook", "reject"),
    }


def workbook_cases(out: Path) -> dict[str, str]:
    cases: dict[str, str] = {}
    rows = [line.split(",") for line in GOOD]

    def book(name: str, fill, expect: str) -> None:  # type: ignore[no-untyped-def]
        wb = Workbook()
        fill(wb)
        wb.save(out / name)
        cases[name] = expect

    def plain(wb):  # type: ignore[no-untyped-def]
        ws = wb.active
        ws.append(HEADER.split(","))
        for r in rows:
            ws.append([float(x) if x.replace(".", "").isdigit() else x for x in r])

    def several_sheets(wb):  # type: ignore[no-untyped-def]
        plain(wb)
        other = wb.create_sheet("notes")
        other.append(["this sheet is ignored"])

    def merged(wb):  # type: ignore[no-untyped-def]
        plain(wb)
        wb.active.merge_cells("B2:B3")

    def formulas(wb):  # type: ignore[no-untyped-def]
        plain(wb)
        wb.active["I2"] = "=G2*100"

    def header_only(wb):  # type: ignore[no-untyped-def]
        wb.active.append(HEADER.split(","))

    def empty(wb):  # type: ignore[no-untyped-def]
        pass

    book("ok_plain.xlsx", plain, "ok")
    book("ok_several_sheets.xlsx", several_sheets, "ok")
    book("reject_merged_cells.xlsx", merged, "reject")
    book("reject_formula_cells.xlsx", formulas, "reject")
    book("reject_header_only.xlsx", header_only, "reject")
    book("reject_empty.xlsx", empty, "reject")
    return cases


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    expected: dict[str, str] = {}
    for name, (content, expect) in text_cases().items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        (out / name).write_bytes(data)
        expected[name] = expect
    expected.update(workbook_cases(out))
    (out / "expected.json").write_text(
        json.dumps(expected, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
    print(f"{len(expected)} fixtures written")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("tests/reliability/fixtures/imports"))
