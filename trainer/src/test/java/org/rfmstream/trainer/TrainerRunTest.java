package org.rfmstream.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.rfmstream.schemas.Json;
import org.rfmstream.schemas.SegmentModel;
import org.rfmstream.schemas.value.BgNbd;
import org.rfmstream.schemas.value.GammaGamma;
import org.rfmstream.trainer.model.CustomerFeatures;
import org.rfmstream.trainer.model.QualityGate;
import org.rfmstream.trainer.model.SyntheticCustomers;
import org.rfmstream.trainer.model.TrainingOptions;
import org.rfmstream.trainer.value.ValueSimulation;

class TrainerRunTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-07-01T12:00:00Z"), ZoneOffset.UTC);
    private static final List<SyntheticCustomers.Group> FOUR = List.of(SyntheticCustomers.CHAMPIONS,
            SyntheticCustomers.NEW_CUSTOMERS, SyntheticCustomers.AT_RISK, SyntheticCustomers.LOST);

    private final InMemoryModels models = new InMemoryModels();

    @Test
    void theFirstModelIsPublishedAsVersionOneWithRecencyAtTheLatestPurchase() {
        List<CustomerFeatures> customers = SyntheticCustomers.planted(FOUR, 100, 0.1, 1);

        TrainerRun.Outcome outcome = run(customers, options(false, false)).run();

        assertThat(outcome.result()).isEqualTo(TrainerRun.Result.PUBLISHED);
        assertThat(models.published).singleElement().satisfies(model -> {
            assertThat(model.version()).isEqualTo(1);
            assertThat(model.asOf()).isEqualTo(customers.stream().map(CustomerFeatures::lastPurchase)
                    .max(Instant::compareTo).orElseThrow());
            assertThat(model.trainedAt()).isEqualTo(CLOCK.instant());
        });
    }

    @Test
    void aRetrainOnTheSameDataPublishesTheNextVersionWithTheSameSegments() {
        List<CustomerFeatures> customers = SyntheticCustomers.planted(FOUR, 100, 0.1, 1);
        run(customers, options(false, false)).run();

        TrainerRun.Outcome second = run(customers, options(false, false)).run();

        assertThat(second.result()).isEqualTo(TrainerRun.Result.PUBLISHED);
        assertThat(models.published).hasSize(2);
        assertThat(models.published.get(1).version()).isEqualTo(2);
        assertThat(Json.toString(models.published.get(1).segments()))
                .isEqualTo(Json.toString(models.published.get(0).segments()));
        assertThat(second.report().stability().moved()).isZero();
    }

    @Test
    void aWorseModelIsRefusedAndTheModelInForceStays() {
        run(SyntheticCustomers.planted(FOUR, 100, 0.1, 1), options(false, false)).run();
        SegmentModel inForce = models.latest().model();

        TrainerRun.Outcome outcome = run(noise(1_000), options(false, false)).run();

        assertThat(outcome.result()).isEqualTo(TrainerRun.Result.REFUSED);
        assertThat(outcome.reasons()).anySatisfy(reason -> assertThat(reason).contains("silhouette"));
        assertThat(models.published).hasSize(1);
        assertThat(models.latest().model()).isSameAs(inForce);
        assertThat(TrainerMain.runOnce(run(noise(1_000), options(false, false)), devNull()))
                .isEqualTo(TrainerMain.EXIT_REFUSED);
    }

    @Test
    void forcePublishesARefusedModel() {
        run(SyntheticCustomers.planted(FOUR, 100, 0.1, 1), options(false, false)).run();

        TrainerRun.Outcome outcome = run(noise(1_000), options(false, true)).run();

        assertThat(outcome.result()).isEqualTo(TrainerRun.Result.PUBLISHED);
        assertThat(outcome.reasons()).isNotEmpty();
        assertThat(models.published).hasSize(2);
        assertThat(models.published.get(1).version()).isEqualTo(2);
    }

    @Test
    void aDryRunPrintsTheModelAndTheReportAndPublishesNothing() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        int exit = TrainerMain.runOnce(run(SyntheticCustomers.planted(FOUR, 100, 0.1, 1), options(true, false)),
                new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(exit).isEqualTo(TrainerMain.EXIT_OK);
        assertThat(models.published).isEmpty();
        String output = printed.toString(StandardCharsets.UTF_8);
        assertThat(output).contains("\"name\" : \"rfm-kmeans\"", "\"champions\"", "<- chosen",
                "quality gate: passed");
    }

    @Test
    void noCustomersIsARefusalNotACrash() {
        TrainerRun.Outcome outcome = run(List.of(), options(false, false)).run();

        assertThat(outcome.result()).isEqualTo(TrainerRun.Result.REFUSED);
        assertThat(outcome.reasons()).singleElement().asString().contains("at least 2 customers");
        assertThat(models.published).isEmpty();
    }

    @Test
    void versionsKeepGrowingPastAnInvalidModelOnTheTopic() {
        models.maxVersion = 41; // e.g. a broken v41 that every reader ignored

        run(SyntheticCustomers.planted(FOUR, 100, 0.1, 1), options(false, false)).run();

        assertThat(models.published).singleElement().extracting(SegmentModel::version).isEqualTo(42L);
    }

    @Test
    void theModelCarriesValueModelsFittedOnTheSameCustomers() {
        List<CustomerFeatures> customers = withHistories(3_000);

        TrainerRun.Outcome outcome = run(customers, new TrainerRun.Options(TrainingOptions.defaults(),
                new QualityGate(100, 0.5, 0.3), TrainerRun.AsOfMode.EVENT_TIME, CLOCK.instant(), false, true)).run();

        assertThat(outcome.value().fitted()).as(outcome.value().render()).isTrue();
        SegmentModel.Value value = models.published.getFirst().value();
        assertThat(value.timeUnit()).isEqualTo("weeks");
        assertThat(value.customersFitted()).isEqualTo(3_000);
        assertThat(value.repeatCustomersFitted()).isPositive().isLessThan(3_000);
        assertThat(value.q()).isGreaterThan(1);
        assertThat(value.bgnbdLogLikelihood()).isNegative();
        assertThat(value.calibration().actualRepeatPurchases()).isPositive();
        // the fitted model reproduces the data's total repeat purchases within a few percent
        assertThat(value.calibration().expectedRepeatPurchases() / value.calibration().actualRepeatPurchases())
                .isBetween(0.9, 1.1);
    }

    @Test
    void withoutFirstPurchasesTheSegmentsArePublishedWithoutValueModels() {
        TrainerRun.Outcome outcome = run(SyntheticCustomers.planted(FOUR, 100, 0.1, 1), options(false, false)).run();

        assertThat(outcome.result()).isEqualTo(TrainerRun.Result.PUBLISHED);
        assertThat(outcome.value().fitted()).isFalse();
        assertThat(outcome.value().failure()).contains("too few customers with a known first purchase");
        assertThat(models.published.getFirst().value()).isNull();
        assertThat(Json.toString(models.published.getFirst())).doesNotContain("\"value\"");
    }

    /** Customers drawn from the value models' own generative processes, with their first order's amount. */
    private static List<CustomerFeatures> withHistories(int count) {
        ValueSimulation.Customers drawn = ValueSimulation.draw(new BgNbd(0.75, 6.0, 0.9, 3.0),
                new GammaGamma(4.0, 5.0, 60.0), count, 26, 104, 3);
        Instant asOf = CLOCK.instant();
        List<CustomerFeatures> customers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Instant first = asOf.minusMillis(Math.round(drawn.t()[i] * 7 * 86_400_000L));
            Instant last = first.plusMillis(Math.round(drawn.tx()[i] * 7 * 86_400_000L));
            long firstOrder = 2_500;
            long repeatCents = Math.round(drawn.zbar()[i] * drawn.x()[i] * 100);
            customers.add(new CustomerFeatures("v" + i, last, drawn.x()[i] + 1, firstOrder + repeatCents, first,
                    firstOrder));
        }
        return customers;
    }

    private TrainerRun run(List<CustomerFeatures> customers, TrainerRun.Options options) {
        return new TrainerRun(() -> new ProfileSnapshot(customers, customers.size(), 0, 0, 0), models, options, CLOCK);
    }

    private static TrainerRun.Options options(boolean dryRun, boolean force) {
        return new TrainerRun.Options(TrainingOptions.defaults(), new QualityGate(100, 0.5, 0.3),
                TrainerRun.AsOfMode.EVENT_TIME, null, dryRun, force);
    }

    private static List<CustomerFeatures> noise(int count) {
        Random random = new Random(4);
        List<CustomerFeatures> customers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            customers.add(SyntheticCustomers.customer("n" + i, random.nextInt(365), 1 + random.nextInt(30),
                    100 + random.nextInt(500_000)));
        }
        return customers;
    }

    private static PrintStream devNull() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }

    private static final class InMemoryModels implements ModelStore {
        final List<SegmentModel> published = new ArrayList<>();
        long maxVersion;

        @Override
        public Latest latest() {
            SegmentModel last = published.isEmpty() ? null : published.get(published.size() - 1);
            return new Latest(last, Math.max(maxVersion, last == null ? 0 : last.version()));
        }

        @Override
        public void publish(SegmentModel model) {
            published.add(model);
        }
    }
}
