package dev.sluice.tracker.core;

import dev.sluice.contracts.DatasetPartition;
import dev.sluice.contracts.InputVersion;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** {@code h = hash(input versions)}: identical for the same set of exact versions, in any order. */
final class InputsHash {
    private InputsHash() {
    }

    static String of(List<InputVersion> inputs, List<DatasetPartition> missing) {
        List<String> lines = new ArrayList<>();
        inputs.forEach(i -> lines.add(i.dataset() + "|" + i.partition().key() + "|" + i.version()));
        missing.forEach(m -> lines.add(m.dataset() + "|" + m.partition().key() + "|missing"));
        lines.sort(null);
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String line : lines) {
                sha.update(line.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) '\n');
            }
            return "sha256:" + HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
