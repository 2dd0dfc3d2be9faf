package org.rfmstream.bench.chaos;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The faults, each run on a fresh system of its own. */
enum Scenario {
    APP_KILL("app-kill", "kill -9 of one of two instances mid-replay, restarted on the same state directory"),
    BROKER_KILL("broker-kill", "kill -9 of the broker mid-replay, restarted on the same data directory"),
    APP_SIGTERM("app-sigterm", "clean stop (SIGTERM) of one of two instances mid-replay while lookups run, started "
            + "again once it has stopped"),
    SCALE_OUT_IN("scale-out-in", "a third instance started mid-replay, then stopped (SIGTERM) once it is ready and "
            + "has run for a while: from two instances to three and back"),
    STRAY_RECORDS("stray-records", "malformed records and a refused event with far-future and wall-clock record "
            + "timestamps, and a valid historical purchase with a wall-clock record timestamp: before the first "
            + "model, mid-replay and after the replay");

    private final String id;
    private final String description;

    Scenario(String id, String description) {
        this.id = id;
        this.description = description;
    }

    String id() {
        return id;
    }

    String description() {
        return description;
    }

    static Scenario of(String id) {
        return Arrays.stream(values()).filter(scenario -> scenario.id.equals(id)).findFirst()
                .orElseThrow(() -> new ChaosException("unknown scenario '" + id + "': choose among " + ids()));
    }

    static String ids() {
        return Arrays.stream(values()).map(Scenario::id).collect(Collectors.joining(", "));
    }
}
