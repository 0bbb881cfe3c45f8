"""Benchmark reader search on a large archive: median and 95th percentile time per query.

    python manage.py bench_search [--rows 100000] [--queries 400] [--explain]

Inside one transaction that is rolled back at the end (see
conclusions/benchmarks/rolled_back.py: the database is left as it was), it creates
published meetings of 1,000 paragraphs each, --rows paragraphs in all, with
text in all six languages: generated deterministically, with paragraph
lengths like the Geneva document's and words drawn from a vocabulary per
script whose frequencies fall off as in real text (a few words in most
paragraphs, a long tail of rare ones).
The search texts are written through the same indexing as the spreadsheet
import (`index_conclusions`), and the table statistics are refreshed.

Then it runs realistic searches (Chinese, Arabic, Russian, French with and
without accents, English, Spanish; frequent and rare terms and no match;
with and without filters; a later page) through `search_page`, what the
search view itself calls: the filter lists, the count, and a page of results
with highlighted texts. --queries searches are timed in all, taking the set
in turn after one untimed round. It prints the database vendor, each
search's number of results, and the median and 95th percentile in
milliseconds per search, per kind and overall. --explain prints PostgreSQL's
(or SQLite's) plan of each search's count query.
"""

import random
import statistics
import time
from collections import defaultdict
from contextlib import contextmanager
from itertools import islice

from django.core.management.base import BaseCommand
from django.db import connection
from django.utils import translation

from conclusions.benchmarks.rolled_back import rolled_back
from conclusions.content import CONCLUSION_COLUMNS
from conclusions.languages import LANGUAGE_CODES
from conclusions.models import Conclusion, Meeting, SearchText, Theme
from conclusions.search.index import index_conclusions
from conclusions.search.indexed_terms import INDEX_BUILD_MEMORY
from conclusions.search.results import PROBE_LIMIT, MatchingParagraphs, read_search_request, search_page
from conclusions.spreadsheets.bulk_sql import insert_rows

PARAGRAPHS_PER_MEETING = 1000
THEMES = 14
TAIL_WORDS = 20_000  # generated words per language, after the real ones
# Lengths like the Geneva document's: 550 characters on average in English, 140 in Chinese.
WORDS_PER_PARAGRAPH = dict.fromkeys(LANGUAGE_CODES, (30, 120)) | {"zh-hans": (22, 90)}

# Real words and phrases of the subject, most frequent first; the generated
# long tail comes after them. RARE words are placed deep in the tail.
COMMON = {
    "ar": "في من على إلى أن و التي الدولي التطرف_العنيف منع الشباب حقوق_الإنسان التعاون سيادة_القانون الحوار "
    "المجتمع الأمم_المتحدة المرأة التعليم الإرهاب الدول الأعضاء خطة_العمل الحكومات التنمية المستدامة "
    "الأمن السلام الوقاية الاستراتيجية المحلية الإقليمية الوطنية الدعم الموارد الشراكة المشاركة",
    "zh-hans": "的 和 在 国际 合作 防止 暴力极端主义 青年 人权 法治 对话 社区 妇女 教育 恐怖主义 会员国 "
    "行动计划 政府 可持续发展 安全 和平 预防 战略 地方 区域 国家 支持 资源 伙伴关系 参与 联合国 秘书长",
    "en": "the of and to in for that on with as violent_extremism prevent international cooperation "
    "youth human_rights rule_of_law dialogue communities United_Nations women education terrorism "
    "Member_States Plan_of_Action Governments sustainable development security peace prevention "
    "strategy local regional national support resources partnerships participation",
    "fr": "de la le et les des à en pour dans que extrémisme_violent prévenir coopération internationale "
    "jeunesse droits_de_l’homme état_de_droit dialogue communautés Nations_Unies femmes éducation "
    "terrorisme États_Membres plan_d’action gouvernements développement durable sécurité paix prévention "
    "stratégie locales régionales nationales soutien ressources partenariats participation",
    "ru": "в и на с по для что от о к насильственного_экстремизма предупреждение международное "
    "сотрудничество молодёжь права_человека верховенство_права диалог общин Организации_Объединенных_Наций "
    "женщин образование терроризм государства-члены план_действий правительства устойчивое развитие "
    "безопасность мир профилактика стратегия местные региональные национальные поддержка ресурсы",
    "es": "de la el y en los las a para que extremismo_violento prevenir cooperación internacional juventud "
    "derechos_humanos estado_de_derecho diálogo comunidades Naciones_Unidas mujeres educación terrorismo "
    "Estados_Miembros plan_de_acción gobiernos desarrollo sostenible seguridad paz prevención estrategia "
    "locales regionales nacionales apoyo recursos asociaciones participación",
}
RARE = {
    "ar": ["بوركينا_فاسو", "كوت_ديفوار"],
    "zh-hans": ["布基纳法索", "科特迪瓦"],
    "en": ["Burkina_Faso", "Côte_d’Ivoire"],
    "fr": ["Burkina_Faso", "Côte_d’Ivoire"],
    "ru": ["Буркина-Фасо", "Кот-д’Ивуар"],
    "es": ["Burkina_Faso", "Côte_d’Ivoire"],
}
RARE_RANKS = (3_000, 15_000)
# Letters the generated words are made of, per script.
LETTERS = {
    "ar": ("بتثجحخدذرزسشصضطظعغفقكلمنهوي", "اويَ"),
    "zh-hans": (
        "的国和力主义极暴端出合联会指防在止动长进行社要全有以议秘书一人际法重及还对性区应面发为计划战家其提略了作关"
        "权外决必方恐地化持到于步建定治利多不与体因政措施这中域用制强期时能是反此展促采取受年审球下解包预支素部个分",
        "",
    ),
    "en": ("bcdfghlmnprstvw", "aeiou"),
    "fr": ("bcdfglmnprstvç", "aeiouéèê"),
    "ru": ("бвгдзклмнпрстфхцчшщ", "аеиоуыэюяё"),
    "es": ("bcdfglmnprstvñ", "aeiouáéíó"),
}
# Each search counts for its language and frequency, and for its shape: one word, several words, a phrase
# (quoted, or written with a hyphen), or no match at all.
QUERIES = [
    # (label, kinds, parameters)
    ("zh 2 characters 青年", ("Chinese", "frequent", "one-word"), {"q": "青年"}),
    ("zh 暴力极端主义", ("Chinese", "frequent", "one-word"), {"q": "暴力极端主义"}),
    ("zh 1 character 法", ("Chinese", "frequent", "one-word"), {"q": "法"}),
    ("zh rare 布基纳法索", ("Chinese", "rare", "one-word"), {"q": "布基纳法索"}),
    ("zh no match 木琴", ("Chinese", "rare", "no-match"), {"q": "木琴"}),
    ("ar التطرف العنيف", ("Arabic", "frequent", "multi-word"), {"q": "التطرف العنيف"}),
    ("ar rare بوركينا فاسو", ("Arabic", "rare", "multi-word"), {"q": "بوركينا فاسو"}),
    ("ru экстремизма", ("Russian", "frequent", "one-word"), {"q": "экстремизма"}),
    ("ru молодежь (е for ё)", ("Russian", "frequent", "one-word"), {"q": "молодежь"}),
    ("ru rare Буркина-Фасо", ("Russian", "rare", "phrase"), {"q": "Буркина-Фасо"}),
    ("ru no match ксилофон", ("Russian", "rare", "no-match"), {"q": "ксилофон"}),
    ("fr coopération", ("French accented", "frequent", "one-word"), {"q": "coopération"}),
    ("fr cooperation (no accent)", ("French unaccented", "frequent", "one-word"), {"q": "cooperation"}),
    ("fr DROITS DE L'HOMME", ("French unaccented", "frequent", "multi-word"), {"q": "DROITS DE L'HOMME"}),
    ("fr « droits de l’homme »", ("French accented", "frequent", "phrase"), {"q": "« droits de l’homme »"}),
    ("fr rare Côte d’Ivoire", ("French accented", "rare", "multi-word"), {"q": "Côte d’Ivoire", "language": "fr"}),
    ("en violent extremism", ("English", "frequent", "multi-word"), {"q": "violent extremism"}),
    ('en "violent extremism"', ("English", "frequent", "phrase"), {"q": '"violent extremism"'}),
    ("en rare Burkina Faso", ("English", "rare", "multi-word"), {"q": "burkina faso"}),
    ("en no match", ("English", "rare", "no-match"), {"q": "xylophone"}),
    ("en no match, two words", ("English", "rare", "no-match"), {"q": "violent xylophone"}),
    ("en page 5", ("English", "frequent", "multi-word"), {"q": "violent extremism", "page": "5"}),
    ("es cooperacion (no accent)", ("Spanish", "frequent", "one-word"), {"q": "cooperacion"}),
    ("es Derechos Humanos", ("Spanish", "frequent", "multi-word"), {"q": "Derechos Humanos"}),
    ("en youth + meeting", ("English", "filters", "one-word"), {"q": "youth", "meeting": "bench-search-0"}),
    ("zh 青年 + theme", ("Chinese", "filters", "one-word"), {"q": "青年", "theme": "bench-search-theme-5"}),
    ("fr jeunesse + language", ("French unaccented", "filters", "one-word"), {"q": "jeunesse", "language": "fr"}),
    (
        "ar الشباب + meeting + theme",
        ("Arabic", "filters", "one-word"),
        {"q": "الشباب", "meeting": "bench-search-0", "theme": "bench-search-theme-2"},
    ),
]


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def vocabulary(code: str, rng: random.Random) -> list[str]:
    """The language's words, most frequent first: real ones, then generated ones, with a few rare real ones deep."""
    consonants, vowels = LETTERS[code]
    common = [word.replace("_", " ") for word in COMMON[code].split()]
    tail, seen = [], set(common)
    while len(tail) < TAIL_WORDS:
        if code == "zh-hans":
            word = "".join(rng.choice(consonants) for _ in range(rng.choice((2, 2, 2, 3, 4))))
        else:
            word = "".join(rng.choice(consonants) + rng.choice(vowels) for _ in range(rng.randint(2, 5)))
            if code == "ar" and rng.random() < 0.3:
                word = "ال" + word
        if word not in seen:
            seen.add(word)
            tail.append(word)
    words = common + tail
    for rank, rare in zip(RARE_RANKS, RARE[code], strict=True):
        words.insert(rank, rare.replace("_", " "))
    return words


class ParagraphWriter:
    """Paragraphs in one language, words drawn with Zipf frequencies (the word of rank r weighs 1/r)."""

    def __init__(self, code: str, rng: random.Random):
        self.code, self.rng = code, rng
        self.words = vocabulary(code, rng)
        total, self.cumulative = 0.0, []
        for rank in range(1, len(self.words) + 1):
            total += 1 / rank
            self.cumulative.append(total)

    def paragraph(self) -> str:
        count = self.rng.randint(*WORDS_PER_PARAGRAPH[self.code])
        words = self.rng.choices(self.words, cum_weights=self.cumulative, k=count)
        if self.code == "zh-hans":
            clauses = ("".join(words[start : start + 7]) for start in range(0, count, 7))
            return "，".join(clauses) + "。"
        clauses = (" ".join(words[start : start + 9]) for start in range(0, count, 9))
        text = "، ".join(clauses) if self.code == "ar" else ", ".join(clauses)
        return text[0].upper() + text[1:] + "."


@contextmanager
def search_indexes_rebuilt(stdout):
    """On PostgreSQL, the search texts' GIN indexes dropped for the work inside, then built again and measured.

    As a large archive is loaded: one build is faster than millions of
    inserts, and its time and size are the figures the README gives. Inside
    the benchmark's transaction, so the indexes are back as they were after
    the rollback; meanwhile the table is locked (never run this on a live site).
    """
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexdef LIKE %s",
            [SearchText._meta.db_table, "% USING gin %"],
        )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    yield
    with connection.cursor() as cursor:
        # The foreign keys' checks, deferred to the commit, would forbid building an index on the table: run them now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        cursor.execute(f"SET LOCAL maintenance_work_mem = '{INDEX_BUILD_MEMORY}'")
        for name, definition in indexes:
            start = time.perf_counter()
            cursor.execute(definition)
            seconds = time.perf_counter() - start
            cursor.execute("SELECT pg_relation_size(%s::regclass)", [name])
            size = cursor.fetchone()[0]
            stdout.write(f"Built index {name} in {seconds:.1f} s: {size / 2**20:,.0f} MB")
        cursor.execute("SELECT pg_relation_size(%s::regclass)", [SearchText._meta.db_table])
        stdout.write(f"Search texts table: {cursor.fetchone()[0] / 2**20:,.0f} MB")


class Command(BaseCommand):
    help = "Time reader search (count and first page) on a generated archive; print median and p95 per kind."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=100_000)
        parser.add_argument("--queries", type=int, default=400, help="timed searches in all")
        parser.add_argument("--seed", type=int, default=2016)
        parser.add_argument("--explain", action="store_true", help="print each search's count query plan")

    def handle(self, *args, rows: int, queries: int, seed: int, explain: bool, **options):
        self.stdout.write(f"Database: {connection.vendor}; {rows:,} paragraphs in six languages.")
        with rolled_back(self.stdout), translation.override("en"):
            self.make_archive(rows, seed)
            self.run_queries(queries, explain)

    def make_archive(self, rows: int, seed: int) -> None:
        rng = random.Random(seed)
        meetings = Meeting.objects.bulk_create(
            Meeting(
                slug=f"bench-search-{n}",
                title_en=f"Benchmark meeting {n}",
                start_date=f"{2000 + n % 25}-{1 + n % 12:02}-01",
                end_date=f"{2000 + n % 25}-{1 + n % 12:02}-02",
                source_language=LANGUAGE_CODES[n % len(LANGUAGE_CODES)],
                status=Meeting.Status.PUBLISHED,
            )
            for n in range(max(1, -(-rows // PARAGRAPHS_PER_MEETING)))
        )
        themes = Theme.objects.bulk_create(
            Theme(slug=f"bench-search-theme-{n}", name_en=f"Theme {n}", position=100 + n) for n in range(THEMES)
        )
        writers = [ParagraphWriter(code, rng) for code in LANGUAGE_CODES]

        def conclusions():
            for index in range(rows):
                texts = [writer.paragraph() for writer in writers]
                meeting = meetings[index // PARAGRAPHS_PER_MEETING]
                number = index % PARAGRAPHS_PER_MEETING + 1
                english = texts[LANGUAGE_CODES.index("en")]
                # Numbered paragraphs of the first part, no suffix, no labels: each one's number is its position.
                labels = [""] * (1 + len(LANGUAGE_CODES))
                yield (meeting.pk, Conclusion.Kind.PARAGRAPH, 1, number, "", number, *labels, english, *texts)

        start = time.perf_counter()
        insert_rows(Conclusion, CONCLUSION_COLUMNS, conclusions())
        ids = list(Conclusion.objects.filter(meeting__in=meetings).order_by("pk").values_list("pk", flat=True))
        theme_ids = [theme.pk for theme in themes]
        insert_rows(
            Conclusion.themes.through,
            ["conclusion_id", "theme_id"],
            ((pk, theme_id) for pk in ids for theme_id in rng.sample(theme_ids, 2)),
        )
        self.stdout.write(f"Generated and wrote {len(ids):,} paragraphs in {time.perf_counter() - start:.1f} s")

        with search_indexes_rebuilt(self.stdout):
            start = time.perf_counter()
            index_conclusions(ids)
            seconds = time.perf_counter() - start
            search_rows = SearchText.objects.count()
            self.stdout.write(
                f"Wrote their {search_rows:,} search texts in {seconds:.1f} s, {len(ids) / seconds:,.0f} paragraphs/s"
            )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # what autovacuum does on a live database: fresh statistics

    def run_queries(self, count: int, explain: bool) -> None:
        found = {}
        for label, _kinds, params in QUERIES:  # untimed: warms the caches as a running site's are
            page = search_page(params)
            found[label] = page.page.paginator.count if page.page else 0
            if explain:
                matches = MatchingParagraphs(read_search_request(params, page.meetings, page.themes))
                self.stdout.write(f"\n{label}: probe\n{matches.probe()[:PROBE_LIMIT].explain()}")
                if not matches.is_complete:
                    first_page = Conclusion.objects.filter(pk__in=matches.page_in_reading_order(0, 20))
                    self.stdout.write(f"{label}: first page\n{first_page.explain()}")

        timings = defaultdict(list)
        for label, _kinds, params in islice((query for _ in range(count) for query in QUERIES), count):
            start = time.perf_counter()
            search_page(params)
            timings[label].append((time.perf_counter() - start) * 1000)

        self.stdout.write(f"\n{'results':>8} {'runs':>5} {'median ms':>10} {'p95 ms':>8}  search")
        for label, _kinds, _params in QUERIES:
            if timings[label]:
                self.stdout.write(self.line(label, timings[label], found[label]))
        by_kind = defaultdict(list)
        for label, kinds, _params in QUERIES:
            for kind in kinds:
                by_kind[kind] += timings[label]
        self.stdout.write(f"\n{'':>8} {'runs':>5} {'median ms':>10} {'p95 ms':>8}  kind")
        for kind, values in by_kind.items():
            if values:
                self.stdout.write(self.line(kind, values))
        every = [value for values in timings.values() for value in values]
        self.stdout.write(self.style.SUCCESS(self.line(f"overall ({connection.vendor})", every)))

    def line(self, label: str, values: list[float], results: int | None = None) -> str:
        shown = "" if results is None else f"{results:,}"
        median, p95 = statistics.median(values), percentile(values, 0.95)
        return f"{shown:>8} {len(values):>5} {median:10.1f} {p95:8.1f}  {label}"
