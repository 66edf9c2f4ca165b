"""The Spark benchmark's Python side (spark.sh), through Spark Connect.

    python spark_bench.py generate URL ROWS     the tables `bench` and `bench_current` (parquet), made by Spark itself
    python spark_bench.py ge URL                Great Expectations' Spark execution engine on it
    python spark_bench.py soda URL CHECKS_YML   Soda Core's Spark DataFrame data source on it
    python spark_bench.py export DIR OUT.csv    the table's parquet files (DIR) as one CSV file,
                                                each batch by pandas' to_csv (the text mlgate
                                                gives a Spark cell): no Spark session

The peers get a Spark Connect session on the same server as mlgate (pyspark 4's
`SparkSession.builder.remote`), so the cluster computes for each of them, and the bytes
each fetches go through the same relay.
"""
import sys

from pyspark.sql import SparkSession

command, url = sys.argv[1], sys.argv[2]
if command == "export":
    import pyarrow.dataset

    with open(sys.argv[3], "w", encoding="utf-8", newline="") as out:
        header = True
        for batch in pyarrow.dataset.dataset(url, format="parquet").to_batches():
            batch.to_pandas().to_csv(out, header=header, index=False)
            header = False
    sys.exit(0)
spark = SparkSession.builder.remote(url).getOrCreate()

if command == "generate":
    rows = int(sys.argv[3])
    # Seeded: the same table for every run of the same size.
    spark.range(0, rows, 1, 8).selectExpr(
        "concat('A', lpad(CAST(id AS STRING), 8, '0')) AS application_id",
        "CAST(18 + floor(rand(1) * 61) AS INT) AS age",
        "IF(rand(2) < 0.02, NULL, round(20000 + rand(3) * 100000, 2)) AS income",
        "CAST(300 + floor(rand(4) * 551) AS INT) AS credit_score",
        "element_at(array('north', 'south', 'east', 'west'), CAST(1 + floor(rand(5) * 4) AS INT)) AS region",
        "IF(rand(6) < 0.5, 'F', 'M') AS sex",
        "rand(7) AS score",
    ).selectExpr(
        "*", "CAST(rand(8) < score AS INT) AS label", "CAST(score >= 0.5 AS INT) AS prediction"
    ).write.mode("overwrite").format("parquet").saveAsTable("bench")
    print(f"bench: {spark.table('bench').count()} rows")
    # The drift gate's current data: the same rows, shifted.
    spark.table("bench").selectExpr(
        "age + 2 AS age", "income * 1.05 AS income", "credit_score - 10 AS credit_score", "region", "sex"
    ).write.mode("overwrite").format("parquet").saveAsTable("bench_current")

elif command == "ge":
    import great_expectations as gx
    from warehouse_ge import validate  # the same expectations as on PostgreSQL

    context = gx.get_context(mode="ephemeral")
    asset = context.data_sources.add_spark(name="spark").add_dataframe_asset(name="bench")
    validate(asset.add_batch_definition_whole_dataframe("whole").get_batch(batch_parameters={"dataframe": spark.table("bench")}))

elif command == "soda":
    from soda.scan import Scan

    spark.table("bench").createOrReplaceTempView("bench")
    scan = Scan()
    scan.set_data_source_name("bench")
    scan.add_spark_session(spark, data_source_name="bench")
    scan.add_sodacl_yaml_file(sys.argv[3])
    scan.execute()
    print(scan.get_logs_text()[-2000:])
    sys.exit(0 if not scan.has_error_logs() else 3)
