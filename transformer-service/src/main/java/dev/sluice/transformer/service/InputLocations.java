package dev.sluice.transformer.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.contracts.ClassifiedException;
import dev.sluice.contracts.ErrorClass;
import dev.sluice.contracts.InputVersion;
import dev.sluice.runtime.aws.AwsClients;
import dev.sluice.transformer.TransformSettings;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Where an input version's data is: the files its manifest lists (a reader that follows the manifest
 * never sees a partial partition), or its location (a Parquet object, or a prefix ending with {@code /}).
 */
final class InputLocations {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final AwsClients aws;
    private final AllowedLocations allowed;
    private final long maxManifestBytes;

    InputLocations(AwsClients aws, AllowedLocations allowed, long maxManifestBytes) {
        this.aws = aws;
        this.allowed = allowed;
        this.maxManifestBytes = maxManifestBytes;
    }

    /** The files of {@code input}, each within the locations its dataset may live under; nothing is read otherwise. */
    List<URI> of(InputVersion input) {
        if (input.manifest() != null) {
            allowed.check(input, input.manifest(), "manifest");
            List<URI> files = manifestFiles(input.manifest(), input);
            files.forEach(f -> allowed.check(input, f, "a file its manifest lists"));
            return files;
        }
        allowed.check(input, input.location(), "location");
        return List.of(input.location());
    }

    private List<URI> manifestFiles(URI manifest, InputVersion input) {
        if (!"s3".equals(manifest.getScheme())) {
            throw new ClassifiedException(ErrorClass.INVALID_INPUT, "input " + input.dataset() + "[" + input.partition().key()
                    + "]: manifest " + manifest + " is not an s3:// URI");
        }
        byte[] bytes;
        try {
            long size = aws.s3().headObject(b -> b.bucket(manifest.getHost()).key(manifest.getPath().substring(1))).contentLength();
            if (size > maxManifestBytes) {
                throw new ClassifiedException(ErrorClass.LIMIT_EXCEEDED, "input " + input.dataset() + "[" + input.partition().key()
                        + "]: manifest " + manifest + " has " + size + " bytes, more than " + TransformSettings.MAX_MANIFEST_BYTES.name()
                        + " (" + maxManifestBytes + ")");
            }
            bytes = aws.s3().getObjectAsBytes(b -> b.bucket(manifest.getHost()).key(manifest.getPath().substring(1))).asByteArray();
        } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException e) {
            throw new ClassifiedException(ErrorClass.INVALID_INPUT, "input " + input.dataset() + "[" + input.partition().key()
                    + "]: manifest " + manifest + " does not exist", e);
        } catch (software.amazon.awssdk.core.exception.SdkException e) {
            throw new ClassifiedException(ErrorClass.STORAGE_UNAVAILABLE, "could not read manifest " + manifest + ": " + e.getMessage(), e);
        }
        try {
            JsonNode files = JSON.readTree(bytes).path("files");
            List<URI> uris = new ArrayList<>();
            files.forEach(f -> uris.add(URI.create(f.path("uri").asText())));
            return uris;
        } catch (IOException e) {
            throw new ClassifiedException(ErrorClass.INVALID_INPUT, "manifest " + manifest + " is not valid JSON: " + e.getMessage(), e);
        }
    }
}
