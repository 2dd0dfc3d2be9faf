package org.rfmstream.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every input record ends in the state, as a counted duplicate, or in the DLQ: nothing is lost or invented. */
class ConservationTest {

    private static final Instant T0 = Instant.parse("2011-03-01T10:00:00Z");
    private final SegmentationDriver app = new SegmentationDriver();

    @AfterEach
    void close() {
        app.close();
    }

    @Test
    void processedPlusDuplicatesPlusDeadLettersEqualsInput() {
        Random random = new Random(7);
        app.publishModel(SegmentModelFixtures.loyalAtRiskLost(1));
        List<String> sentEventIds = new ArrayList<>();
        int input = 3_000;
        int expectedProcessed = 0;
        int expectedDuplicates = 0;
        int expectedInvalid = 0;
        for (int i = 0; i < input; i++) {
            Instant at = T0.plus(Duration.ofMinutes(i));
            String customer = "c" + random.nextInt(150);
            int kind = random.nextInt(10);
            if (kind < 6 || sentEventIds.isEmpty()) {
                String eventId = customer + "-e" + i;
                String type = random.nextInt(8) == 0 ? "REFUND" : "PURCHASE";
                String key = random.nextInt(5) == 0 ? "other" : customer;
                app.send(key, SegmentationDriver.transactionJson(eventId, customer, type, at,
                        random.nextInt(10_000) + 1 + "." + random.nextInt(10) + "5"), at);
                sentEventIds.add(eventId);
                expectedProcessed++;
            } else if (kind < 8) {
                String eventId = sentEventIds.get(random.nextInt(sentEventIds.size()));
                String owner = eventId.substring(0, eventId.indexOf('-'));
                app.send(owner, SegmentationDriver.transactionJson(eventId, owner, "PURCHASE", at, "1.00"), at);
                expectedDuplicates++;
            } else {
                String garbage = switch (random.nextInt(4)) {
                    case 0 -> "{\"eventId\":\"x\"}";
                    case 1 -> "\u0000\u0001binary";
                    case 2 -> SegmentationDriver.transactionJson("z" + i, customer, "PURCHASE", at, "0");
                    default -> "[1,2,3]";
                };
                app.send(customer, garbage, at);
                expectedInvalid++;
            }
        }

        int deadLetters = app.dlq.readRecordsToList().size();
        assertThat(app.events("processed") + app.events("duplicate") + deadLetters).isEqualTo(input);
        assertThat(app.events("processed")).isEqualTo(expectedProcessed);
        assertThat(app.events("duplicate")).isEqualTo(expectedDuplicates);
        assertThat(deadLetters).isEqualTo(expectedInvalid);
        assertThat(app.events("invalid")).isEqualTo(deadLetters);
    }
}
