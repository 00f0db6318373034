package dev.sluice.cli.cost;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The prices (USD) and sizes the cost model uses, read from a properties file a user can edit. The default is
 * {@code prices-us-east-1.properties} beside this class; its comment says where and when the prices were taken.
 */
public record PriceTable(
        String source,
        double lambdaGbSecondArm64,
        double lambdaGbSecondX86,
        double lambdaRequest,
        double sqsRequest,
        double snsPublish,
        double snsSqsDelivery,
        double dynamoWriteRequest,
        double dynamoReadRequest,
        double s3PutRequest,
        double s3GetRequest,
        double s3StorageGbMonth,
        double fargateVcpuHourArm64,
        double fargateGbHourArm64,
        double fargateVcpuHourX86,
        double fargateGbHourX86,
        String architecture,
        int trackerMemoryMb,
        int smallMemoryMb,
        int largeCpuUnits,
        int largeMemoryMb,
        double trackerMsPerEvent) {

    /** The file of the shipped default, as a class-path resource beside this class. */
    public static final String DEFAULT_RESOURCE = "prices-us-east-1.properties";

    private static final Set<String> KEYS = Set.of("lambda.gbSecond.arm64", "lambda.gbSecond.x86_64", "lambda.request",
            "sqs.request", "sns.publish", "sns.sqsDelivery", "dynamodb.writeRequest", "dynamodb.readRequest", "s3.putRequest",
            "s3.getRequest", "s3.storageGbMonth", "fargate.vcpuHour.arm64", "fargate.gbHour.arm64", "fargate.vcpuHour.x86_64",
            "fargate.gbHour.x86_64", "sizing.architecture", "sizing.lambda.trackerMemoryMb", "sizing.lambda.smallMemoryMb",
            "sizing.large.cpu", "sizing.large.memoryMb", "sizing.tracker.msPerEvent");

    /** The shipped us-east-1 table. */
    public static PriceTable defaults() {
        try (InputStream in = PriceTable.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the default price table " + DEFAULT_RESOURCE + " is not on the class path");
            }
            return parse("default " + DEFAULT_RESOURCE, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the default price table: " + e.getMessage(), e);
        }
    }

    /** The table in {@code file}; an unreadable file, a missing, unknown or malformed field is refused by name and value. */
    public static PriceTable load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("--prices " + file + ": cannot read the file (" + e.getMessage() + ")", e);
        }
        return parse("--prices " + file, text);
    }

    /** Parses a table's text; {@code source} names it in errors and in the estimate. */
    public static PriceTable parse(String source, String text) {
        Properties p = new Properties();
        try (Reader r = new StringReader(text)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": not a properties file (" + e.getMessage() + ")", e);
        }
        Set<String> unknown = new TreeSet<>(p.stringPropertyNames());
        unknown.removeAll(KEYS);
        if (!unknown.isEmpty()) {
            String key = unknown.iterator().next();
            throw new IllegalArgumentException(source + ": unknown field '" + key + "' (value '" + p.getProperty(key).trim()
                    + "'); the fields are those of the default table " + DEFAULT_RESOURCE);
        }
        Map<String, String> v = new LinkedHashMap<>();
        for (String key : KEYS) {
            String value = p.getProperty(key);
            if (value == null) {
                throw new IllegalArgumentException(source + ": field '" + key + "' is missing");
            }
            v.put(key, value.trim());
        }
        String arch = v.get("sizing.architecture");
        if (!arch.equals("arm64") && !arch.equals("x86_64")) {
            throw new IllegalArgumentException(source + ": field 'sizing.architecture' has value '" + arch + "': expected arm64 or x86_64");
        }
        int largeCpu = integer(source, v, "sizing.large.cpu", 256, 16384);
        return new PriceTable(source,
                price(source, v, "lambda.gbSecond.arm64"), price(source, v, "lambda.gbSecond.x86_64"), price(source, v, "lambda.request"),
                price(source, v, "sqs.request"), price(source, v, "sns.publish"), price(source, v, "sns.sqsDelivery"),
                price(source, v, "dynamodb.writeRequest"), price(source, v, "dynamodb.readRequest"),
                price(source, v, "s3.putRequest"), price(source, v, "s3.getRequest"), price(source, v, "s3.storageGbMonth"),
                price(source, v, "fargate.vcpuHour.arm64"), price(source, v, "fargate.gbHour.arm64"),
                price(source, v, "fargate.vcpuHour.x86_64"), price(source, v, "fargate.gbHour.x86_64"),
                arch, integer(source, v, "sizing.lambda.trackerMemoryMb", 128, 10240),
                integer(source, v, "sizing.lambda.smallMemoryMb", 128, 10240), largeCpu,
                integer(source, v, "sizing.large.memoryMb", 512, 122880), price(source, v, "sizing.tracker.msPerEvent"));
    }

    public boolean arm64() {
        return architecture.equals("arm64");
    }

    /** Lambda's price of a GB-second on the table's architecture. */
    public double lambdaGbSecond() {
        return arm64() ? lambdaGbSecondArm64 : lambdaGbSecondX86;
    }

    public double fargateVcpuHour() {
        return arm64() ? fargateVcpuHourArm64 : fargateVcpuHourX86;
    }

    public double fargateGbHour() {
        return arm64() ? fargateGbHourArm64 : fargateGbHourX86;
    }

    private static double price(String source, Map<String, String> values, String key) {
        String text = values.get(key);
        double d;
        try {
            d = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(source + ": field '" + key + "' has value '" + text + "': not a number");
        }
        if (!(d >= 0) || Double.isInfinite(d)) {
            throw new IllegalArgumentException(source + ": field '" + key + "' has value '" + text + "': expected a number >= 0");
        }
        return d;
    }

    private static int integer(String source, Map<String, String> values, String key, int min, int max) {
        String text = values.get(key);
        try {
            int n = Integer.parseInt(text);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalArgumentException(source + ": field '" + key + "' has value '" + text + "': expected a whole number from "
                + min + " to " + max);
    }
}
