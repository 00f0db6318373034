package dev.sluice.dataplane;

import java.util.Objects;

/** An object in S3 and its size in bytes. */
public record S3ObjectRef(S3Uri uri, long size) {
    public S3ObjectRef {
        Objects.requireNonNull(uri, "uri");
    }
}
