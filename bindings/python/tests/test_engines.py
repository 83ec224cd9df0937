"""errcat inside data engines: pandas, Polars, PySpark (local mode) and DataFusion. Each classifies a
generated dataset and checks its grouped counts against counts computed another way: each distinct payload
classified once with errcat.classify, times the number of rows holding it."""

from __future__ import annotations

import os
import random
import sys
from collections import Counter

import pyarrow as pa
import pytest

import errcat
from payloads import payloads

ROWS = 1_000_000


def _dataset(n: int, seed: int = 14) -> list[str | None]:
    """`n` rows drawn from 20,000 distinct payloads (telemetry repeats), with some nulls."""
    pool: list[str | None] = payloads(20_000, seed=seed, envelope=True) + [None] * 50
    r = random.Random(seed)
    return r.choices(pool, k=n)


def _expected(rows: list[str | None], field: str = "category") -> Counter:
    per_payload = {x: (errcat.classify(x).get(field) if x is not None else None) for x in set(rows)}
    return Counter(per_payload[x] for x in rows)


@pytest.fixture(scope="module")
def big() -> list[str | None]:
    return _dataset(ROWS)


@pytest.fixture(scope="module")
def big_expected(big) -> Counter:
    return _expected(big)


def test_pandas_group_by_category(big, big_expected):
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame({"payload": big})
    verdicts = errcat.classify_arrow(pa.array(df["payload"], pa.large_string()))
    df["category"] = verdicts.field("category").to_pandas()
    counts = df.groupby("category", observed=True, dropna=False).size()
    got = {(None if pd.isna(k) else k): v for k, v in counts.items()}
    assert got == dict(big_expected)
    assert len(df) == ROWS


def test_polars_map_batches_group_by_category(big, big_expected):
    pl = pytest.importorskip("polars")
    df = pl.DataFrame({"payload": big}, schema={"payload": pl.String})
    out = df.with_columns(
        pl.col("payload")
        .map_batches(lambda s: pl.Series(errcat.classify_arrow(s.to_arrow(), dictionary=False)), return_dtype=errcat.polars_dtype())
        .alias("verdict")
    ).unnest("verdict")
    counts = out.group_by("category").len()
    got = dict(zip(counts["category"].to_list(), counts["len"].to_list()))
    assert got == dict(big_expected)
    assert out.height == ROWS


def test_pyspark_map_in_arrow_group_by(tmp_path):
    pytest.importorskip("pyspark")
    from pyspark.sql import SparkSession

    rows = _dataset(200_000, seed=5)
    expected = _expected(rows, "category")
    # The Python workers must be this interpreter, the one errcat is installed in (on a cluster: every
    # executor's Python has the wheel).
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    spark = (
        SparkSession.builder.master("local[2]")
        .appName("errcat-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.driver.memory", "1g")
        .getOrCreate()
    )
    try:
        df = spark.createDataFrame(pa.table({"payload": pa.array(rows, pa.string())}).to_pandas())

        def classify(batches):
            for batch in batches:
                v = errcat.classify_arrow(batch.column("payload"), dictionary=False)
                yield pa.RecordBatch.from_arrays(
                    [batch.column("payload"), v.field("id"), v.field("category"), v.field("known")],
                    names=["payload", "id", "category", "known"],
                )

        out = df.mapInArrow(classify, "payload string, id string, category string, known boolean")
        got = {r["category"]: r["count"] for r in out.groupBy("category").count().collect()}
        assert got == dict(expected)
        assert out.count() == len(rows)
    finally:
        spark.stop()


def test_datafusion_udf_and_sql_group_by():
    datafusion = pytest.importorskip("datafusion")
    from datafusion import SessionContext, udf

    rows = _dataset(200_000, seed=6)
    expected = _expected(rows, "category")
    ctx = SessionContext()
    ctx.register_record_batches("errors", [[pa.RecordBatch.from_pydict({"payload": pa.array(rows, pa.string())})]])
    category = udf(
        lambda payload: errcat.classify_arrow(payload, dictionary=False).field("category"),
        [pa.string()],
        pa.string(),
        "immutable",
        name="errcat_category",
    )
    ctx.register_udf(category)
    table = ctx.sql(
        "SELECT errcat_category(payload) AS category, count(*) AS n FROM errors GROUP BY 1"
    ).to_arrow_table()
    got = dict(zip(table.column("category").to_pylist(), table.column("n").to_pylist()))
    assert got == dict(expected)
