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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

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
        return of(input, new LinkedHashMap<>(), false);
    }

    /**
     * The files of {@code input}, as {@link #of(InputVersion)}; when {@code manifestSizes} (a manifest Sluice's loader
     * wrote, for a dataset a Sluice job produces), the sizes it lists are put into {@code sizes}, so that nobody has to
     * ask S3 for them again. An upstream team's manifest is not trusted with sizes: the input limit is checked against
     * the store's.
     */
    List<URI> of(InputVersion input, Map<URI, Long> sizes, boolean manifestSizes) {
        if (input.manifest() != null) {
            allowed.check(input, input.manifest(), "manifest");
            List<URI> files = new ArrayList<>();
            for (JsonNode f : manifestFiles(input.manifest(), input)) {
                URI uri = URI.create(f.path("uri").asText());
                allowed.check(input, uri, "a file its manifest lists");
                files.add(uri);
                if (manifestSizes && f.path("bytes").isIntegralNumber() && f.path("bytes").asLong() >= 0) {
                    sizes.put(uri, f.path("bytes").asLong());
                }
            }
            return files;
        }
        allowed.check(input, input.location(), "location");
        return List.of(input.location());
    }

    /** The manifest's {@code files}, read with one request (its size checked from the response before its body). */
    private JsonNode manifestFiles(URI manifest, InputVersion input) {
        if (!"s3".equals(manifest.getScheme())) {
            throw new ClassifiedException(ErrorClass.INVALID_INPUT, "input " + input.dataset() + "[" + input.partition().key()
                    + "]: manifest " + manifest + " is not an s3:// URI");
        }
        byte[] bytes;
        try (ResponseInputStream<GetObjectResponse> in = aws.s3().getObject(b -> b.bucket(manifest.getHost()).key(manifest.getPath().substring(1)))) {
            Long size = in.response().contentLength();
            if (size != null && size > maxManifestBytes) {
                in.abort();
                throw tooLarge(manifest, input, size);
            }
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxManifestBytes + 1));
            if (bytes.length > maxManifestBytes) {
                in.abort();
                throw tooLarge(manifest, input, bytes.length);
            }
        } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException e) {
            throw new ClassifiedException(ErrorClass.INVALID_INPUT, "input " + input.dataset() + "[" + input.partition().key()
                    + "]: manifest " + manifest + " does not exist", e);
        } catch (software.amazon.awssdk.core.exception.SdkException e) {
            throw new ClassifiedException(ErrorClass.STORAGE_UNAVAILABLE, "could not read manifest " + manifest + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ClassifiedException(ErrorClass.STORAGE_UNAVAILABLE, "could not read manifest " + manifest + ": " + e.getMessage(), e);
        }
        try {
            return JSON.readTree(bytes).path("files");
        } catch (IOException e) {
            throw new ClassifiedException(ErrorClass.INVALID_INPUT, "manifest " + manifest + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    private ClassifiedException tooLarge(URI manifest, InputVersion input, long size) {
        return new ClassifiedException(ErrorClass.LIMIT_EXCEEDED, "input " + input.dataset() + "[" + input.partition().key()
                + "]: manifest " + manifest + " has " + size + " bytes, more than " + TransformSettings.MAX_MANIFEST_BYTES.name()
                + " (" + maxManifestBytes + ")");
    }
}
