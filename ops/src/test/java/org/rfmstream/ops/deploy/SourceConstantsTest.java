package org.rfmstream.ops.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SourceConstantsTest {

    private static final SourceConstants SOURCE = SourceConstants.ofText("Example.java", """
            public final class Example {
                public static final String API_TOKEN = "API_TOKEN";
                public static final String DEDUP = "SEGMENTATION_DEDUP_RETENTION";
                static final String QUOTED = "say \\"hi\\"";
                public static final int DEFAULT_PORT = 8_081;
                private String API_TOKEN_FIELD = "not a constant";

                public enum Clock {
                    EVENT_TIME("event-time"),
                    /** wall */
                    WALL_CLOCK("wall-clock");

                    Clock(String setting) { }
                }
            }
            """);

    @Test
    void readsStringAndIntConstantsByName() {
        assertThat(SOURCE.string("API_TOKEN")).isEqualTo("API_TOKEN");
        assertThat(SOURCE.string("DEDUP")).isEqualTo("SEGMENTATION_DEDUP_RETENTION");
        assertThat(SOURCE.string("QUOTED")).isEqualTo("say \\\"hi\\\"");
        assertThat(SOURCE.integer("DEFAULT_PORT")).isEqualTo(8081);
    }

    @Test
    void readsTheStringOfEachEnumConstant() {
        assertThat(SOURCE.enumStrings("Clock")).containsExactly("event-time", "wall-clock");
    }

    @Test
    void aConstantThatIsGoneIsAClearFailure() {
        assertThatThrownBy(() -> SOURCE.string("API_TOKEN_FIELD"))
                .hasMessageContaining("Example.java no longer declares API_TOKEN_FIELD");
        assertThatThrownBy(() -> SOURCE.integer("API_TOKEN")).hasMessageContaining("int constant");
        assertThatThrownBy(() -> SOURCE.enumStrings("Mode")).hasMessageContaining("enum");
    }
}
