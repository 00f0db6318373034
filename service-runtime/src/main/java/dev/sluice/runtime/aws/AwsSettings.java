package dev.sluice.runtime.aws;

import dev.sluice.spec.settings.Lookup;
import dev.sluice.spec.settings.SettingDef;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import software.amazon.awssdk.regions.Region;

/**
 * How a service reaches AWS: region, credentials and endpoint overrides, read from configuration only.
 *
 * <p>The settings use the standard AWS variable names, so the same environment works for the AWS CLI,
 * other SDKs and child processes:
 *
 * <ul>
 *   <li>{@code AWS_REGION}, falling back to {@code AWS_DEFAULT_REGION}. When neither is set the region is
 *       left to the SDK's default chain, except when an endpoint override is set: then it defaults to
 *       {@value #DEFAULT_LOCAL_REGION}, since emulators need some region and have no profile to read.
 *   <li>{@code AWS_ACCESS_KEY_ID} and {@code AWS_SECRET_ACCESS_KEY} (and optionally {@code AWS_SESSION_TOKEN}).
 *       When absent, the SDK's default credentials chain applies.
 *   <li>{@code AWS_ENDPOINT_URL} for every service, overridden per service by {@code AWS_ENDPOINT_URL_SNS},
 *       {@code AWS_ENDPOINT_URL_SQS}, {@code AWS_ENDPOINT_URL_S3} and {@code AWS_ENDPOINT_URL_DYNAMODB}.
 *   <li>{@code SLUICE_S3_FORCE_PATH_STYLE} ({@code true}/{@code false}); when unset it is {@code true} exactly
 *       when S3 has an endpoint override, because emulators on an IP address cannot serve virtual-hosted buckets.
 * </ul>
 *
 * <p>Blank values count as unset. Everything is validated at construction; a bad value raises an
 * {@link IllegalArgumentException} naming the setting and the value.
 *
 * @param region            the region name, or {@code null} to use the SDK's default region chain
 * @param accessKeyId       the static access key id, or {@code null} to use the SDK's default credentials chain
 * @param secretAccessKey   the static secret key; set exactly when {@code accessKeyId} is
 * @param sessionToken      the session token of temporary static credentials, or {@code null}
 * @param endpointUrl       the endpoint override of every service, or {@code null}
 * @param serviceEndpoints  service-specific endpoint overrides, which win over {@code endpointUrl}
 * @param s3ForcePathStyle  whether S3 requests use path-style addressing
 */
public record AwsSettings(
        String region,
        String accessKeyId,
        String secretAccessKey,
        String sessionToken,
        URI endpointUrl,
        Map<AwsService, URI> serviceEndpoints,
        boolean s3ForcePathStyle) {

    public static final String AWS_REGION = "AWS_REGION";
    public static final String AWS_DEFAULT_REGION = "AWS_DEFAULT_REGION";
    public static final String AWS_ACCESS_KEY_ID = "AWS_ACCESS_KEY_ID";
    public static final String AWS_SECRET_ACCESS_KEY = "AWS_SECRET_ACCESS_KEY";
    public static final String AWS_SESSION_TOKEN = "AWS_SESSION_TOKEN";
    public static final String AWS_ENDPOINT_URL = "AWS_ENDPOINT_URL";
    public static final String AWS_ENDPOINT_URL_SNS = "AWS_ENDPOINT_URL_SNS";
    public static final String AWS_ENDPOINT_URL_SQS = "AWS_ENDPOINT_URL_SQS";
    public static final String AWS_ENDPOINT_URL_S3 = "AWS_ENDPOINT_URL_S3";
    public static final String AWS_ENDPOINT_URL_DYNAMODB = "AWS_ENDPOINT_URL_DYNAMODB";
    public static final String SLUICE_S3_FORCE_PATH_STYLE = "SLUICE_S3_FORCE_PATH_STYLE";

    /** Every setting, declared once; {@link #from} reads them through one {@link Lookup}. */
    public static final List<SettingDef<String>> DEFINITIONS = List.of(
            SettingDef.string(AWS_REGION, null, "the region"),
            SettingDef.string(AWS_DEFAULT_REGION, null, "the region when AWS_REGION is not set"),
            SettingDef.string(AWS_ENDPOINT_URL, null, "one endpoint for every service"),
            SettingDef.string(AWS_ENDPOINT_URL_SNS, null, "the SNS endpoint"),
            SettingDef.string(AWS_ENDPOINT_URL_SQS, null, "the SQS endpoint"),
            SettingDef.string(AWS_ENDPOINT_URL_S3, null, "the S3 endpoint"),
            SettingDef.string(AWS_ENDPOINT_URL_DYNAMODB, null, "the DynamoDB endpoint"),
            SettingDef.string(AWS_ACCESS_KEY_ID, null, "static credentials: the key id"),
            SettingDef.string(AWS_SECRET_ACCESS_KEY, null, "static credentials: the secret key"),
            SettingDef.string(AWS_SESSION_TOKEN, null, "the session token of temporary static credentials"),
            SettingDef.string(SLUICE_S3_FORCE_PATH_STYLE, null, "path-style S3 addressing"));

    /** The region used when an endpoint override is set and no region is. */
    public static final String DEFAULT_LOCAL_REGION = "us-east-1";

    private static final Pattern REGION_PATTERN = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    public AwsSettings {
        region = blankToNull(region);
        accessKeyId = blankToNull(accessKeyId);
        secretAccessKey = blankToNull(secretAccessKey);
        sessionToken = blankToNull(sessionToken);
        serviceEndpoints = copyOf(serviceEndpoints);

        if (endpointUrl != null) {
            validateEndpoint(AWS_ENDPOINT_URL, endpointUrl);
        }
        serviceEndpoints.forEach((service, uri) -> validateEndpoint(service.endpointSetting(), uri));
        if (region == null && (endpointUrl != null || !serviceEndpoints.isEmpty())) {
            region = DEFAULT_LOCAL_REGION;
        }
        if (region != null) {
            validateRegion(AWS_REGION, region);
        }
        if ((accessKeyId == null) != (secretAccessKey == null)) {
            throw new IllegalArgumentException(
                    AWS_ACCESS_KEY_ID + " and " + AWS_SECRET_ACCESS_KEY + " must be set together or not at all (only "
                            + (accessKeyId == null ? AWS_SECRET_ACCESS_KEY : AWS_ACCESS_KEY_ID) + " is set)");
        }
        if (sessionToken != null && accessKeyId == null) {
            throw new IllegalArgumentException(AWS_SESSION_TOKEN + " is set without " + AWS_ACCESS_KEY_ID
                    + " and " + AWS_SECRET_ACCESS_KEY);
        }
    }

    /** Reads the settings from the environment, each name falling back to the system property of the same name. */
    public static AwsSettings fromEnvironment() {
        return from(Lookup.environment());
    }

    /** Reads the settings from a map of setting names to values, e.g. the one {@link #toMap()} returns. */
    public static AwsSettings fromMap(Map<String, String> settings) {
        Objects.requireNonNull(settings, "settings");
        return from(Lookup.of(settings));
    }

    /** Reads the settings through {@code lookup}, which returns a setting's value or {@code null}. */
    public static AwsSettings from(Lookup lookup) {
        Objects.requireNonNull(lookup, "lookup");
        Function<String, String> get = name -> blankToNull(lookup.get(name));

        String regionSetting = get.apply(AWS_REGION) != null ? AWS_REGION : AWS_DEFAULT_REGION;
        String region = get.apply(regionSetting);
        if (region != null) {
            validateRegion(regionSetting, region);
        }
        URI endpointUrl = parseEndpoint(AWS_ENDPOINT_URL, get.apply(AWS_ENDPOINT_URL));
        Map<AwsService, URI> serviceEndpoints = new EnumMap<>(AwsService.class);
        for (AwsService service : AwsService.values()) {
            URI uri = parseEndpoint(service.endpointSetting(), get.apply(service.endpointSetting()));
            if (uri != null) {
                serviceEndpoints.put(service, uri);
            }
        }
        String pathStyle = get.apply(SLUICE_S3_FORCE_PATH_STYLE);
        boolean s3ForcePathStyle = pathStyle != null
                ? parseBoolean(SLUICE_S3_FORCE_PATH_STYLE, pathStyle)
                : serviceEndpoints.containsKey(AwsService.S3) || endpointUrl != null;
        return new AwsSettings(
                region,
                get.apply(AWS_ACCESS_KEY_ID),
                get.apply(AWS_SECRET_ACCESS_KEY),
                get.apply(AWS_SESSION_TOKEN),
                endpointUrl,
                serviceEndpoints,
                s3ForcePathStyle);
    }

    /**
     * The settings as a map of setting names to values, holding only what is set, so that
     * {@code fromMap(s.toMap())} equals {@code s}. Suitable as a child process's environment.
     */
    public Map<String, String> toMap() {
        Map<String, String> map = new LinkedHashMap<>();
        putIfSet(map, AWS_REGION, region);
        putIfSet(map, AWS_ACCESS_KEY_ID, accessKeyId);
        putIfSet(map, AWS_SECRET_ACCESS_KEY, secretAccessKey);
        putIfSet(map, AWS_SESSION_TOKEN, sessionToken);
        putIfSet(map, AWS_ENDPOINT_URL, endpointUrl == null ? null : endpointUrl.toString());
        serviceEndpoints.forEach((service, uri) -> map.put(service.endpointSetting(), uri.toString()));
        map.put(SLUICE_S3_FORCE_PATH_STYLE, Boolean.toString(s3ForcePathStyle));
        return Collections.unmodifiableMap(map);
    }

    /** The region to configure, or empty to leave it to the SDK's default region chain. */
    public Optional<Region> awsRegion() {
        return Optional.ofNullable(region).map(Region::of);
    }

    /** The endpoint override of {@code service}: its own if set, otherwise {@code AWS_ENDPOINT_URL}, otherwise none. */
    public Optional<URI> endpointFor(AwsService service) {
        Objects.requireNonNull(service, "service");
        URI specific = serviceEndpoints.get(service);
        return Optional.ofNullable(specific != null ? specific : endpointUrl);
    }

    /** Whether static credentials are configured (otherwise the SDK's default credentials chain applies). */
    public boolean hasStaticCredentials() {
        return accessKeyId != null;
    }

    /** Like the record's, but never prints the secret key or the session token. */
    @Override
    public String toString() {
        return "AwsSettings[region=" + region
                + ", accessKeyId=" + accessKeyId
                + ", secretAccessKey=" + (secretAccessKey == null ? null : "****")
                + ", sessionToken=" + (sessionToken == null ? null : "****")
                + ", endpointUrl=" + endpointUrl
                + ", serviceEndpoints=" + serviceEndpoints
                + ", s3ForcePathStyle=" + s3ForcePathStyle + "]";
    }

    private static URI parseEndpoint(String setting, String value) {
        if (value == null) {
            return null;
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw badEndpoint(setting, value, e.getReason());
        }
        validateEndpoint(setting, uri);
        return uri;
    }

    private static void validateEndpoint(String setting, URI uri) {
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            throw badEndpoint(setting, uri.toString(), "the scheme must be http or https");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw badEndpoint(setting, uri.toString(), "it has no host");
        }
    }

    private static IllegalArgumentException badEndpoint(String setting, String value, String reason) {
        return new IllegalArgumentException(setting + " is not a valid endpoint URL: '" + value + "' (" + reason
                + "); expected something like http://127.0.0.1:4566");
    }

    private static void validateRegion(String setting, String region) {
        if (!REGION_PATTERN.matcher(region).matches()) {
            throw new IllegalArgumentException(
                    setting + " is not a valid region name: '" + region + "'; expected something like us-east-1");
        }
    }

    private static boolean parseBoolean(String setting, String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw new IllegalArgumentException(
                    setting + " must be true or false, got '" + value + "'");
        };
    }

    private static Map<AwsService, URI> copyOf(Map<AwsService, URI> endpoints) {
        if (endpoints == null || endpoints.isEmpty()) {
            return Map.of();
        }
        Map<AwsService, URI> copy = new EnumMap<>(AwsService.class);
        endpoints.forEach((service, uri) -> {
            if (service != null && uri != null) {
                copy.put(service, uri);
            }
        });
        return Collections.unmodifiableMap(copy);
    }

    private static void putIfSet(Map<String, String> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
