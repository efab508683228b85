from decimal import Decimal
from io import BytesIO

from openpyxl import load_workbook

from shequ.benefits.xlsx import Sheet, xlsx_write


def test_a_streamed_workbook_reads_back_with_text_kept_text_and_numbers_numbers():
    file = BytesIO()
    rows = iter([["姓名", "身份证号", "金额"], ["A&B <c>\x07", "652327194001010017", Decimal("100.50")], [None, "", 3]])

    xlsx_write(file, [Sheet("名册", rows, widths=(10, 20, 8)), Sheet("汇总", iter([["合计", 2]]))])

    workbook = load_workbook(BytesIO(file.getvalue()))
    assert workbook.sheetnames == ["名册", "汇总"]
    assert list(workbook["名册"].iter_rows(values_only=True)) == [
        ("姓名", "身份证号", "金额"),
        ("A&B <c>", "652327194001010017", 100.5),  # the control character dropped, the ID number still text
        (None, None, 3),
    ]
    assert list(workbook["汇总"].iter_rows(values_only=True)) == [("合计", 2)]
    assert workbook["名册"].freeze_panes == "A2"
