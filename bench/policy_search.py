"""Policy search over 100,000 documents: how long one ranked, highlighted page of results takes.

What it measures: the real selector, `policy_search(query=q)` (the ids ranked by the database's
full-text engine, the 20 rows fetched, each snippet highlighted), as the API and the page call it.
Query kinds: two-character Chinese words (低保, 医保 …), longer Chinese phrases, full pinyin,
pinyin initials, Chinese mixed with digits, and Uyghur words. Each query runs `--warm-up` times
untimed, then once timed; the report gives p50, p95 and max per kind (target: p95 < 50 ms).

Data: documents are generated (seeded) from a pool of 3,000 policy-like sentences in Chinese and Uyghur
and indexed through the same code as the services (search.index_tokens / the FTS5 table or the
tsvector column); a later run reuses what is there.

    .venv/bin/python bench/policy_search.py --database sqlite
    .venv/bin/python bench/policy_search.py --database postgres://postgres@127.0.0.1:5432/shequ_bench_policies

Results go to bench/results/policy_search-<backend>.md.
"""

import argparse
import os
import platform
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from resident_search import database_url, postgres_database_ensure  # noqa: E402

RESULTS_DIR = ROOT / "bench" / "results"
SQLITE_FILE = ROOT / "var" / "bench" / "policy_search.sqlite3"
SEED = 652327
SUBJECTS = [
    "城乡居民",
    "困难群众",
    "高龄老人",
    "残疾人",
    "退役军人",
    "农村留守儿童",
    "失业人员",
    "低保对象",
    "特困人员",
    "脱贫户",
]
MATTERS = [
    "最低生活保障",
    "基本医疗保险",
    "养老保险",
    "临时救助",
    "就业创业补贴",
    "住房保障",
    "教育资助",
    "护理补贴",
    "医疗救助",
    "高龄津贴",
    "农村危房改造",
    "公益性岗位",
]
ACTIONS = ["申请条件", "办理流程", "发放标准", "认定办法", "缴费标准", "审核程序", "动态管理", "资金监管"]
UYGHUR = ["تۇرمۇش كاپالىتى", "داۋالاش سۇغۇرتىسى", "ياردەم پۇلى", "ياشانغانلار", "مېيىپلەر", "ئىشقا ئورۇنلىشىش"]
QUERIES = {
    "two_chars": ["低保", "医保", "养老", "救助", "就业", "残疾", "补贴", "住房", "教育", "护理"],
    "phrase": ["最低生活保障", "基本医疗保险", "临时救助", "农村危房改造", "就业创业补贴"],
    "pinyin": ["dibao", "yibao", "yanglao", "jiuzhu", "jiuye", "butie"],
    "initials": ["db", "yb", "yl", "jz", "bt", "zfbz"],
    "mixed_digits": ["2024年低保", "2023 医保", "2025年养老保险", "2022 临时救助"],
    "uyghur": ["ياردەم", "مېيىپلەر", "داۋالاش", "ياشانغان"],
}


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="sqlite", help="'sqlite' or a postgres://… URL")
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--warm-up", type=int, default=2)
    return parser.parse_args()


def django_setup(url: str) -> None:
    os.environ["SHEQU_DATABASE_URL"] = url
    os.environ["SHEQU_DEBUG"] = "1"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.DEBUG = False
    call_command("migrate", interactive=False, verbosity=0)


def sentence(rng: random.Random) -> str:
    year = rng.choice([2021, 2022, 2023, 2024, 2025])
    return (
        f"{year}年{rng.choice(SUBJECTS)}{rng.choice(MATTERS)}{rng.choice(ACTIONS)}，"
        f"每人每月{rng.randrange(100, 1500)}元，由{rng.choice(['乡镇', '社区', '县民政局', '县医保局'])}负责。"
    )


def documents_load(wanted: int) -> float:
    from django.db import connection, transaction

    from shequ.participation.models import Policy
    from shequ.participation.search import FTS_TABLE, index_tokens

    have = Policy.objects.count()
    rng = random.Random(SEED + have)
    started = time.perf_counter()
    token_cache: dict[str, str] = {}

    def tokens(text: str) -> str:
        if text not in token_cache:
            token_cache[text] = index_tokens(text)
        return token_cache[text]

    # Sentences come from a seeded pool of 3,000 (each cut once): jieba and pypinyin on 100,000
    # unique texts would take most of an hour on this machine, and the engines' timings depend on
    # how many documents hold a word, which the pool keeps realistic.
    pool = [sentence(rng) for _ in range(3000)]
    while have < wanted:
        batch = min(5000, wanted - have)
        rows = []
        for _ in range(batch):
            title = f"{rng.choice(SUBJECTS)}{rng.choice(MATTERS)}{rng.choice(ACTIONS)}"
            parts = rng.sample(pool, 4)
            uyghur = " ".join(rng.sample(UYGHUR, 2)) if rng.random() < 0.3 else ""
            rows.append((title, parts, uyghur))
        with transaction.atomic():
            created = Policy.objects.bulk_create(
                [Policy(title=title, body="".join(parts), body_ug=uyghur) for title, parts, uyghur in rows]
            )
            values = [
                (tokens(title), " ".join([*(tokens(part) for part in parts), index_tokens(uyghur)]), policy.pk)
                for policy, (title, parts, uyghur) in zip(created, rows, strict=True)
            ]
            with connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    cursor.executemany(
                        "UPDATE participation_policy SET search_vector = setweight(to_tsvector('simple', %s), 'A')"
                        " || setweight(to_tsvector('simple', %s), 'B') WHERE id = %s",
                        values,
                    )
                else:
                    cursor.executemany(f"INSERT INTO {FTS_TABLE} (title, body, rowid) VALUES (%s, %s, %s)", values)
        have += batch
        print(f"{have} documents", flush=True)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE participation_policy")
    return time.perf_counter() - started


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    args = arguments()
    url, backend = database_url(args.database, sqlite_file=SQLITE_FILE)
    if backend == "postgresql":
        postgres_database_ensure(url)
    django_setup(url)
    from shequ.participation.models import Policy
    from shequ.participation.selectors import policy_search

    load_seconds = documents_load(args.documents)
    lines = [
        f"# Policy search — {backend}",
        "",
        f"{Policy.objects.count():,} documents (loaded in this run: {load_seconds:.0f} s); "
        f"{args.warm_up} warm-up passes; Python {platform.python_version()}, {platform.machine()}, "
        f"{os.cpu_count()} cores shared with other jobs. Timed: policy_search(query=q), 20 results with snippets.",
        "",
        "| kind | queries | avg hits | p50 ms | p95 ms | max ms | p95 < 50 ms |",
        "|---|---|---|---|---|---|---|",
    ]
    for kind, queries in QUERIES.items():
        timings, hits = [], []
        for query in queries:
            for _ in range(args.warm_up):
                policy_search(query=query)
            started = time.perf_counter()
            hits.append(len(policy_search(query=query)))
            timings.append((time.perf_counter() - started) * 1000)
        p95 = percentile(timings, 0.95)
        lines.append(
            f"| {kind} | {len(queries)} | {sum(hits) / len(hits):.0f} | {percentile(timings, 0.5):.1f} | {p95:.1f}"
            f" | {max(timings):.1f} | {'yes' if p95 < 50 else 'no'} |"
        )
    report = "\n".join(lines) + "\n"
    RESULTS_DIR.mkdir(exist_ok=True)
    (RESULTS_DIR / f"policy_search-{backend}.md").write_text(report)
    print(report)


if __name__ == "__main__":
    main()
