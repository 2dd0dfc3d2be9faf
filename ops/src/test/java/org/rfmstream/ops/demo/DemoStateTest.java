package org.rfmstream.ops.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rfmstream.ops.OpsException;

class DemoStateTest {

    @TempDir
    Path dir;

    @Test
    void aDirectoryWithoutStateHasNone() {
        assertThat(DemoState.read(dir)).isNull();
    }

    @Test
    void theStateSurvivesAWriteAndARead() {
        DemoState state = DemoState.starting(3000, 42)
                .withHistory(18_711, Instant.parse("2025-11-13T07:12:00Z"), Instant.parse("2026-11-21T08:01:00Z"))
                .nextRun();
        state.write(dir);

        assertThat(DemoState.read(dir)).isEqualTo(state);
        assertThat(state.runs()).isEqualTo(2);
        assertThat(state.historyComplete()).isTrue();
        assertThat(dir.resolve(DemoState.FILE + ".tmp")).doesNotExist();
    }

    @Test
    void aFirstRunIsNotCompleteUntilItsHistoryIsSent() {
        DemoState.starting(500, 1).write(dir);

        assertThat(DemoState.read(dir).historyComplete()).isFalse();
    }

    @Test
    void aDamagedStateFileSaysHowToStartOver() throws IOException {
        Files.writeString(dir.resolve(DemoState.FILE), "customers=many\n");

        assertThatThrownBy(() -> DemoState.read(dir))
                .isInstanceOf(OpsException.class)
                .hasMessageContaining(DemoState.FILE)
                .hasMessageContaining("--reset");
    }
}
