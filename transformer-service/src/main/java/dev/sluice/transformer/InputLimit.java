package dev.sluice.transformer;

import dev.sluice.spec.model.SizeClass;
import java.util.Objects;

/**
 * How many bytes of input a job of a size class may read in one run; see {@link TransformSettings#limitFor}.
 *
 * @param maxBytes the limit, {@link Long#MAX_VALUE} for none
 */
public record InputLimit(SizeClass sizeClass, long maxBytes) {

    public InputLimit {
        Objects.requireNonNull(sizeClass, "sizeClass");
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must not be negative: " + maxBytes);
        }
    }

    /** No limit, for {@code sizeClass}. */
    public static InputLimit unlimited(SizeClass sizeClass) {
        return new InputLimit(sizeClass, Long.MAX_VALUE);
    }

    public boolean isUnlimited() {
        return maxBytes == Long.MAX_VALUE;
    }

    /** Whether {@code bytes} of input are more than allowed. */
    public boolean exceededBy(long bytes) {
        return bytes > maxBytes;
    }
}
