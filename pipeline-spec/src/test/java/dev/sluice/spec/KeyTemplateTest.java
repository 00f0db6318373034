package dev.sluice.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.spec.model.KeyTemplate;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The placeholder syntax of file-arrival keys and legacy locations, in one place. */
class KeyTemplateTest {
    final KeyTemplate orders = new KeyTemplate("raw/orders/date={date}/region={region}/_SUCCESS");

    @Test
    void placeholdersFixedPrefixAndSuffix() {
        assertThat(orders.placeholders()).containsExactly("date", "region");
        assertThat(orders.fixedPrefix()).isEqualTo("raw/orders/date=");
        assertThat(orders.fixedSuffix()).isEqualTo("/_SUCCESS");
        KeyTemplate fixed = new KeyTemplate("reference/rates.json");
        assertThat(fixed.placeholders()).isEmpty();
        assertThat(fixed.fixedPrefix()).isEqualTo("reference/rates.json");
        assertThat(fixed.fixedSuffix()).isEmpty();
    }

    @Test
    void itsPatternMatchesWholeKeysOneSegmentAPlaceholder() {
        var m = orders.pattern().matcher("raw/orders/date=2026-11-20/region=eu/_SUCCESS");
        assertThat(m.matches()).isTrue();
        assertThat(m.group(1)).isEqualTo("2026-11-20");
        assertThat(m.group(2)).isEqualTo("eu");
        assertThat(orders.pattern().matcher("raw/orders/date=2026-11-20/x/region=eu/_SUCCESS").matches()).isFalse();
        assertThat(new KeyTemplate("a.b/{x}").pattern().matcher("aXb/1").matches()).isFalse(); // the fixed text is literal
    }

    @Test
    void notificationFiltersOverlapWhenPrefixesAndSuffixesNest() {
        assertThat(orders.overlaps(new KeyTemplate("raw/{date}/_SUCCESS"))).isTrue();
        assertThat(orders.overlaps(new KeyTemplate("raw/orders/date={date}/manifest.json"))).isFalse();
        assertThat(orders.overlaps(new KeyTemplate("raw/shipments/{date}/_SUCCESS"))).isFalse();
    }

    @Test
    void fillingNeedsEveryPlaceholder() {
        assertThat(orders.fill(Map.of("date", "2026-11-20", "region", "eu"))).isEqualTo("raw/orders/date=2026-11-20/region=eu/_SUCCESS");
        assertThatThrownBy(() -> orders.fill(Map.of("date", "2026-11-20"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("{region} has no value");
    }
}
