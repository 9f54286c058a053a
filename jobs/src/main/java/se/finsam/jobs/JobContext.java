package se.finsam.jobs;

import com.typesafe.config.Config;
import org.apache.spark.sql.SparkSession;
import se.finsam.warehouse.Warehouse;

/** Everything a job needs: its effective configuration, the session, the warehouse and its metrics. */
public record JobContext(String runId, Config config, SparkSession spark, Warehouse warehouse, JobMetrics metrics) {}
