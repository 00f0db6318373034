package dev.sluice.example;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * What S3 does for a bucket with an object-created notification to an SNS topic, for the local stack, whose S3
 * emulator sends no notifications: writes the object, then publishes the notification S3 would publish (the
 * {@code {"Records": [...]}} document, format 2.1, key URL-encoded as S3 encodes it, subject
 * {@code Amazon S3 Notification}, no message attributes). In AWS the bucket notification that {@code deploy/}
 * configures does the second half; nothing else in the pipeline differs.
 */
public record S3ObjectCreated(S3Client s3, SnsClient sns, String topicArn) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Writes {@code s3://bucket/key} and publishes its notification; returns the notification. */
    public String put(String bucket, String key, byte[] content) {
        PutObjectResponse put = s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(content));
        String notification = notification(bucket, key, content.length, put.eTag(), Instant.now(), s3.serviceClientConfiguration().region().id());
        publish(notification);
        return notification;
    }

    /** Publishes a notification again, as S3's at-least-once delivery may. */
    public void publish(String notification) {
        sns.publish(b -> b.topicArn(topicArn).subject("Amazon S3 Notification").message(notification));
    }

    /** The notification S3 publishes for an {@code ObjectCreated:Put} of {@code key}. */
    static String notification(String bucket, String key, long size, String eTag, Instant time, String region) {
        ObjectNode record = JSON.createObjectNode()
                .put("eventVersion", "2.1")
                .put("eventSource", "aws:s3")
                .put("awsRegion", region)
                .put("eventTime", time.toString())
                .put("eventName", "ObjectCreated:Put");
        ObjectNode s3 = record.putObject("s3").put("s3SchemaVersion", "1.0").put("configurationId", "sluice-file-arrivals");
        s3.putObject("bucket").put("name", bucket).put("arn", "arn:aws:s3:::" + bucket);
        s3.putObject("object")
                .put("key", URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/"))
                .put("size", size)
                .put("eTag", eTag == null ? "" : eTag.replace("\"", ""))
                .put("sequencer", HexFormat.of().withUpperCase().toHexDigits(time.toEpochMilli())); // orders one key's events, as S3's does
        ObjectNode root = JSON.createObjectNode();
        root.putArray("Records").add(record);
        return root.toString();
    }
}
