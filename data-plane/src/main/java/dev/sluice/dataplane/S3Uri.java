package dev.sluice.dataplane;

import java.net.URI;
import java.util.Objects;

/**
 * An S3 location: {@code s3://bucket/key}. The key may be empty (the whole bucket) or end with {@code /} (a prefix),
 * and may hold glob characters when it is a pattern.
 */
public record S3Uri(String bucket, String key) {

    public S3Uri {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        if (bucket.isEmpty() || bucket.contains("/")) {
            throw new IllegalArgumentException("bad S3 bucket name: '" + bucket + "'");
        }
        if (key.startsWith("/")) {
            throw new IllegalArgumentException("an S3 key does not start with '/': '" + key + "'");
        }
    }

    /**
     * Parses {@code s3://bucket/key}.
     *
     * @throws IllegalArgumentException if {@code text} is not of that form
     */
    public static S3Uri parse(String text) {
        Objects.requireNonNull(text, "text");
        if (!text.startsWith("s3://")) {
            throw new IllegalArgumentException("not an s3:// URI: '" + text + "'");
        }
        String rest = text.substring("s3://".length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String key = slash < 0 ? "" : rest.substring(slash + 1);
        if (bucket.isEmpty()) {
            throw new IllegalArgumentException("no bucket in '" + text + "'");
        }
        return new S3Uri(bucket, key);
    }

    /** The same bucket, with {@code suffix} appended to the key. */
    public S3Uri resolve(String suffix) {
        return new S3Uri(bucket, key + suffix);
    }

    /** Whether the key holds glob characters ({@code * ? [ {}). */
    public boolean isGlob() {
        return S3Glob.firstMetaCharacter(key) >= 0;
    }

    public URI toUri() {
        return URI.create(toString());
    }

    @Override
    public String toString() {
        return "s3://" + bucket + "/" + key;
    }
}
