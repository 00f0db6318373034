package dev.sluice.example;

import dev.sluice.runtime.aws.AwsClients;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.zip.GZIPOutputStream;
import org.postgresql.PGConnection;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Puts the generated data where the sample's sources read it: daily CSV.gz drops in S3, daily customer
 * snapshots in PostgreSQL (the "warehouse"), and the blocklist as Parquet in S3.
 */
public final class SampleSources {
    public static final String WAREHOUSE_USER = "sluice";

    private SampleSources() {
    }

    /** Uploads {@code raw/orders/date=<d>/orders.csv.gz}. */
    public static void uploadOrders(AwsClients aws, String bucket, SampleData data, LocalDate date) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Writer out = new OutputStreamWriter(new GZIPOutputStream(bytes, 1 << 16), StandardCharsets.UTF_8)) {
            out.write("order_id,customer_id,order_ts,status,amount\n");
            StringBuilder line = new StringBuilder(64);
            for (SampleData.Order o : data.orders(date)) {
                line.setLength(0);
                line.append(o.orderId()).append(',').append(o.customerId()).append(',').append(o.orderTs()).append(',')
                        .append(o.status()).append(',').append(o.amountCents() / 100).append('.')
                        .append(String.format("%02d", o.amountCents() % 100)).append('\n');
                out.write(line.toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        aws.s3().putObject(b -> b.bucket(bucket).key("raw/orders/date=" + date + "/orders.csv.gz"), RequestBody.fromBytes(bytes.toByteArray()));
    }

    /** Creates the warehouse's customers table and loads every day's snapshot with COPY. */
    public static void loadWarehouse(EmbeddedPostgres postgres, String password, SampleData data) {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + WAREHOUSE_USER + "') THEN "
                    + "CREATE ROLE " + WAREHOUSE_USER + " LOGIN PASSWORD '" + password + "'; END IF; END $$");
            s.execute("DROP TABLE IF EXISTS customers");
            s.execute("""
                    CREATE TABLE customers (
                      customer_id bigint NOT NULL,
                      name text NOT NULL,
                      country char(2) NOT NULL,
                      segment varchar(20) NOT NULL,
                      updated_at timestamptz NOT NULL,
                      snapshot_date date NOT NULL,
                      PRIMARY KEY (snapshot_date, customer_id))""");
            s.execute("GRANT SELECT ON customers TO " + WAREHOUSE_USER);
            var copy = c.unwrap(PGConnection.class).getCopyAPI();
            for (LocalDate date : data.dates()) {
                StringBuilder csv = new StringBuilder(data.customers() * 64);
                for (SampleData.Customer cu : data.customers(date)) {
                    csv.append(cu.customerId()).append(',').append(cu.name()).append(',').append(cu.country()).append(',')
                            .append(cu.segment()).append(',').append(cu.updatedAt()).append("Z,").append(date).append('\n');
                }
                copy.copyIn("COPY customers FROM STDIN WITH (FORMAT csv)", new StringReader(csv.toString()));
            }
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("could not load the sample warehouse: " + e.getMessage(), e);
        }
    }

    /** Writes the blocklist as Parquet with DuckDB and uploads it to {@code reference/blocklist/blocklist.parquet}. */
    public static String uploadBlocklist(AwsClients aws, String bucket, SampleData data, Path workDir) {
        try {
            Files.createDirectories(workDir);
            Path file = workDir.resolve("blocklist.parquet");
            try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement()) {
                s.execute("CREATE TABLE blocklist (customer_id BIGINT NOT NULL, reason VARCHAR)");
                try (var insert = duck.prepareStatement("INSERT INTO blocklist VALUES (?, 'fraud review')")) {
                    for (long id : data.blocklist()) {
                        insert.setLong(1, id);
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
                s.execute("COPY blocklist TO '" + file.toString().replace("'", "''") + "' (FORMAT PARQUET, COMPRESSION ZSTD)");
            }
            String key = "reference/blocklist/blocklist.parquet";
            aws.s3().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(file));
            return "s3://" + bucket + "/" + key;
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("could not write the blocklist: " + e.getMessage(), e);
        }
    }
}
