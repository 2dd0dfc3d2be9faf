package org.rfmstream.streams.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rfmstream.streams.query.TestModels.NOW;
import static org.rfmstream.streams.query.TestModels.profile;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.rfmstream.schemas.CustomerProfile;
import org.rfmstream.schemas.Json;
import org.rfmstream.schemas.Rfm;
import org.rfmstream.schemas.SegmentModel;
import org.rfmstream.schemas.SegmentScorer;
import org.rfmstream.streams.http.ApiResponse;
import org.rfmstream.streams.http.ApiResponse.ApiError;
import org.rfmstream.streams.state.SegmentStats;

class QueryServiceTest {

    private static final Host SELF = new Host("app-1", 8080);
    private static final Host OTHER = new Host("app-2", 8080);
    private static final Host THIRD = new Host("app-3", 8080);

    private final FakeMetadataSource metadata = new FakeMetadataSource(SELF);
    private final InMemoryCustomerStore store = new InMemoryCustomerStore();
    private final AtomicReference<SegmentModel> model = new AtomicReference<>(TestModels.model(7));
    private final FakePeerClient peers = new FakePeerClient();
    private final QueryService service = new QueryService(metadata, store, () -> Optional.ofNullable(model.get()),
            peers, () -> NOW, new QueryService.Options(100, 2));

    private final CustomerProfile champion = profile("17850", "champions", "2011-12-05T10:00:00Z", 34, "5391.21");

    @Nested
    class ACustomer {

        @Test
        void isAnsweredFromLocalStateWhenThisInstanceOwnsIt() {
            store.active(champion);

            ApiResponse response = ApiResponse.of(service.customer("17850", null, false));

            assertThat(response.status()).isEqualTo(200);
            CustomerView view = (CustomerView) response.body();
            assertThat(view.customerId()).isEqualTo("17850");
            assertThat(view.frequency()).isEqualTo(34);
            assertThat(view.monetary()).isEqualByComparingTo("5391.21");
            assertThat(view.asOf()).isEqualTo(NOW);
            assertThat(view.recencyDays()).isEqualTo(4);
            assertThat(view.servedBy()).isEqualTo("app-1:8080");
            assertThat(view.stale()).isFalse();
            assertThat(view.lag()).isNull();
            assertThat(peers.calls()).isEmpty();
        }

        @Test
        void carriesTheCurrentModelsSegmentDistancesAndNextReview() {
            store.active(champion);
            SegmentScorer scorer = SegmentScorer.of(model.get());

            CustomerView view = (CustomerView) ApiResponse.of(service.customer("17850", null, false)).body();

            SegmentModel.Segment expected = scorer.nearest(champion.rfm(NOW));
            assertThat(view.segment()).isEqualTo(expected.id());
            assertThat(view.segmentName()).isEqualTo(expected.name());
            assertThat(view.action()).isEqualTo(expected.action());
            assertThat(view.modelVersion()).isEqualTo(7);
            assertThat(view.distances()).containsOnlyKeys("champions", "loyal", "at-risk", "lost");
            assertThat(view.distances().get(expected.id()))
                    .isEqualTo(view.distances().values().stream().min(Double::compare).orElseThrow());
            Instant review = scorer.nextReviewAt(champion.lastPurchase(), 34, champion.monetary(), NOW);
            assertThat(review).isNotNull();
            assertThat(view.nextReviewAt()).isEqualTo(review);
            SegmentModel.Segment then = scorer.nearest(new Rfm(Rfm.recencyDays(champion.lastPurchase(), review), 34,
                    champion.monetary()));
            assertThat(then.id()).isNotEqualTo(expected.id());
            assertThat(view.nextReview()).isEqualTo("moves to " + then.name() + " on "
                    + LocalDate.ofInstant(review, ZoneOffset.UTC) + " unless they buy");
        }

        @Test
        void isEvaluatedAtAsOfWhenGiven() {
            store.active(champion);
            Instant later = Instant.parse("2012-06-01T00:00:00Z");
            SegmentScorer scorer = SegmentScorer.of(model.get());

            CustomerView view = (CustomerView) ApiResponse.of(service.customer("17850", later, false)).body();

            assertThat(view.asOf()).isEqualTo(later);
            assertThat(view.recencyDays()).isEqualTo(Rfm.recencyDays(champion.lastPurchase(), later));
            assertThat(view.segment()).isEqualTo(scorer.nearest(champion.rfm(later)).id());
            assertThat(view.assignedSegment()).isEqualTo("champions");
        }

        @Test
        void isStillAnsweredWithoutSegmentViewBeforeTheFirstModel() {
            model.set(null);
            store.active(profile("42", null, "2011-12-01T00:00:00Z", 1, "10.00"));

            ApiResponse response = ApiResponse.of(service.customer("42", null, false));

            assertThat(response.status()).isEqualTo(200);
            CustomerView view = (CustomerView) response.body();
            assertThat(view.segment()).isNull();
            assertThat(view.segmentName()).isNull();
            assertThat(view.distances()).isEmpty();
            assertThat(view.nextReviewAt()).isNull();
        }

        @Test
        void thatNobodyKnowsIsA404() {
            ApiResponse response = ApiResponse.of(service.customer("nobody", null, false));

            assertThat(response.status()).isEqualTo(404);
            assertThat(response.body()).isEqualTo(new ApiError("not_found", "No customer with id 'nobody'."));
        }

        @Test
        void ownedByAnotherInstanceIsForwardedThereAndItsAnswerPassedOn() {
            metadata.owns("17850", OTHER, Set.of(), 3);
            peers.answersJson(OTHER, 200, "{\"customerId\":\"17850\",\"servedBy\":\"app-2:8080\"}");

            ApiResponse response = ApiResponse.of(service.customer("17850", Instant.parse("2011-12-10T00:00:00Z"), false));

            assertThat(response.status()).isEqualTo(200);
            assertThat(((RawJson) response.body()).tree().get("servedBy").asText()).isEqualTo("app-2:8080");
            assertThat(peers.calls()).containsExactly("app-2:8080 /api/customers/17850?asOf=2011-12-10T00%3A00%3A00Z");
        }

        @Test
        void whoseOwnerCannotAnswerIsAnsweredByThisInstancesStandby() {
            metadata.owns("17850", OTHER, Set.of(SELF), 3).localLag(3, 5);
            peers.answersJson(OTHER, 503, "{\"error\":\"unavailable\",\"detail\":\"restoring\"}");
            store.standby(champion);

            ApiResponse response = ApiResponse.of(service.customer("17850", null, false));

            assertThat(response.status()).isEqualTo(200);
            assertThat(((CustomerView) response.body()).stale()).isTrue();
            assertThat(((CustomerView) response.body()).lag()).isEqualTo(5);
        }

        @Test
        void whoseOwnerCannotAnswerAndNoCopyCanIsA503WithThisInstancesRetryAfterAndWhy() {
            metadata.owns("17850", OTHER, Set.of(), 3);
            peers.answersJson(OTHER, 503, "{\"error\":\"unavailable\",\"detail\":\"restoring\"}");

            ApiResponse response = ApiResponse.of(service.customer("17850", null, false));

            assertThat(response.status()).isEqualTo(503);
            assertThat(response.retryAfterSeconds()).isEqualTo(2);
            assertThat(((ApiError) response.body()).detail()).contains("owner app-2:8080 answered 503",
                    "holds no copy of partition 3");
        }

        @Test
        void isAnsweredByItsOwnerWhileThatOwnerRebalances() {
            metadata.state(KafkaStreams.State.REBALANCING);
            store.active(champion);

            ApiResponse response = ApiResponse.of(service.customer("17850", null, false));

            assertThat(response.status()).isEqualTo(200);
            assertThat(((CustomerView) response.body()).stale()).isFalse();
        }

        @Test
        void isForwardedToItsOwnerByAnInstanceThatRebalances() {
            metadata.state(KafkaStreams.State.REBALANCING).owns("17850", OTHER, Set.of(), 3);
            peers.answersJson(OTHER, 200, "{\"customerId\":\"17850\",\"servedBy\":\"app-2:8080\"}");

            assertThat(ApiResponse.of(service.customer("17850", null, false)).status()).isEqualTo(200);
            assertThat(peers.calls()).containsExactly("app-2:8080 /api/customers/17850");
        }

        @Test
        void whoseOwnedCopyIsStillRestoringIsAnsweredFromItAsStaleWithItsLag() {
            metadata.localLag(0, 40);
            store.active(champion);

            ApiResponse response = ApiResponse.of(service.customer("17850", null, false));

            assertThat(response.status()).isEqualTo(200);
            CustomerView view = (CustomerView) response.body();
            assertThat(view.stale()).isTrue();
            assertThat(view.lag()).isEqualTo(40);
            assertThat(peers.calls()).isEmpty();
        }

        @Test
        void unknownToACopyThatIsBehindIsAskedOfTheOtherCopiesBeforeA404() {
            metadata.owns("17850", OTHER, Set.of(SELF, THIRD), 3).localLag(3, 7);
            peers.answersJson(THIRD, 200, "{\"customerId\":\"17850\",\"servedBy\":\"app-3:8080\",\"stale\":true}");

            ApiResponse response = ApiResponse.of(service.customer("17850", null, false));

            assertThat(response.status()).isEqualTo(200);
            assertThat(((RawJson) response.body()).tree().get("servedBy").asText()).isEqualTo("app-3:8080");
            assertThat(peers.calls()).containsExactly("app-2:8080 /api/customers/17850",
                    "app-3:8080 /api/customers/17850");
        }

        @Test
        void unknownToACopyThatIsBehindIsA503RatherThanA404WhenNoOtherCopyCanAnswer() {
            metadata.owns("17850", OTHER, Set.of(SELF, THIRD), 3).localLag(3, 7);

            ApiResponse response = ApiResponse.of(service.customer("17850", null, false));

            assertThat(response.status()).as("the owner and the other standby are unreachable, and this copy is behind")
                    .isEqualTo(503);
            assertThat(((ApiError) response.body()).detail()).contains("7 records behind and does not know");
        }

        @Test
        void unknownToARestoringOwnerAskedByAnotherInstanceIsA503SoThatItAsksTheStandbys() {
            metadata.localLag(0, 40);

            assertThat(ApiResponse.of(service.customer("17850", null, true)).status()).isEqualTo(503);
        }

        @Test
        void unknownToACaughtUpStandbyIsA404() {
            metadata.owns("17850", OTHER, Set.of(SELF), 3).localLag(3, 0);

            assertThat(ApiResponse.of(service.customer("17850", null, false)).status()).isEqualTo(404);
        }

        @Test
        void whoseOwnedCopyIsRestoringFarBehindIsAskedOfTheStandby() {
            metadata.owns("17850", SELF, Set.of(OTHER), 3).localLag(3, 5_000);
            store.active(champion);
            peers.answersJson(OTHER, 200, "{\"customerId\":\"17850\",\"servedBy\":\"app-2:8080\",\"stale\":true}");

            ApiResponse response = ApiResponse.of(service.customer("17850", null, false));

            assertThat(response.status()).isEqualTo(200);
            assertThat(((RawJson) response.body()).tree().get("servedBy").asText()).isEqualTo("app-2:8080");
            assertThat(peers.calls()).containsExactly("app-2:8080 /api/customers/17850");
        }

        @Test
        void whoseIdNeedsEscapingIsForwardedWithAnEncodedPath() {
            metadata.owns("a b/c", OTHER, Set.of(), 3);
            peers.answersJson(OTHER, 404, "{\"error\":\"not_found\",\"detail\":\"x\"}");

            ApiResponse.of(service.customer("a b/c", null, false));

            assertThat(peers.calls()).containsExactly("app-2:8080 /api/customers/a%20b%2Fc");
        }

        @Test
        void whoseOwnerIsNotAvailableIsA503WithRetryAfter() {
            metadata.everyoneOwnedBy(null);

            ApiResponse response = ApiResponse.of(service.customer("17850", null, false));

            assertThat(response.status()).isEqualTo(503);
            assertThat(response.retryAfterSeconds()).isEqualTo(2);
            assertThat(((ApiError) response.body()).error()).isEqualTo("unavailable");
            assertThat(peers.calls()).isEmpty();
        }

        @Test
        void whileTheLocalStoreIsMigratingIsA503() {
            store.active(champion);
            store.queryable(false);

            ApiResponse response = ApiResponse.of(service.customer("17850", null, false));

            assertThat(response.status()).isEqualTo(503);
            assertThat(response.retryAfterSeconds()).isEqualTo(2);
        }

        @Test
        void whoseOwnerIsUnreachableIsAnsweredByThisInstancesStandbyWithItsLag() {
            metadata.owns("17850", OTHER, Set.of(SELF), 3).localLag(3, 12);
            store.standby(champion);

            ApiResponse response = ApiResponse.of(service.customer("17850", null, false));

            assertThat(response.status()).isEqualTo(200);
            CustomerView view = (CustomerView) response.body();
            assertThat(view.servedBy()).isEqualTo("app-1:8080");
            assertThat(view.stale()).isTrue();
            assertThat(view.lag()).isEqualTo(12);
            assertThat(peers.calls()).containsExactly("app-2:8080 /api/customers/17850");
        }

        @Test
        void whoseOwnerIsUnreachableIsA503WhenTheStandbyLagsTooFar() {
            metadata.owns("17850", OTHER, Set.of(SELF), 3).localLag(3, 101);
            store.standby(champion);

            ApiResponse response = ApiResponse.of(service.customer("17850", null, false));

            assertThat(response.status()).isEqualTo(503);
            assertThat(((ApiError) response.body()).detail()).contains("101 records behind");
            assertThat(response.retryAfterSeconds()).isEqualTo(2);
        }

        @Test
        void whoseOwnerIsUnreachableIsAskedOfAnotherInstancesStandby() {
            metadata.owns("17850", OTHER, Set.of(THIRD), 3);
            peers.answersJson(THIRD, 200, "{\"customerId\":\"17850\",\"servedBy\":\"app-3:8080\",\"stale\":true}");

            ApiResponse response = ApiResponse.of(service.customer("17850", null, false));

            assertThat(response.status()).isEqualTo(200);
            assertThat(((RawJson) response.body()).tree().get("stale").asBoolean()).isTrue();
            assertThat(peers.calls()).containsExactly("app-2:8080 /api/customers/17850",
                    "app-3:8080 /api/customers/17850");
        }

        @Test
        void whoseOwnerAndStandbysAreAllUnreachableIsA503() {
            metadata.owns("17850", OTHER, Set.of(THIRD), 3);

            ApiResponse response = ApiResponse.of(service.customer("17850", null, false));

            assertThat(response.status()).isEqualTo(503);
            assertThat(((ApiError) response.body()).detail()).contains("app-2:8080", "unreachable");
        }

        @Test
        void whoseOwnerAnswersGarbageCountsAsUnreachable() {
            metadata.owns("17850", OTHER, Set.of(), 3);
            peers.answersJson(OTHER, 502, "<html>bad gateway</html>");

            assertThat(ApiResponse.of(service.customer("17850", null, false)).status()).isEqualTo(503);
        }

        @Test
        void forwardedHereButOwnedElsewhereIsNeverForwardedAgain() {
            metadata.owns("17850", OTHER, Set.of(), 3);
            peers.answersJson(OTHER, 200, "{}");

            ApiResponse response = ApiResponse.of(service.customer("17850", null, true));

            assertThat(response.status()).isEqualTo(503);
            assertThat(peers.calls()).isEmpty();
        }

        @Test
        void forwardedToAStandbyIsAnsweredFromTheStandbyCopy() {
            metadata.owns("17850", OTHER, Set.of(SELF), 3).localLag(3, 0);
            store.standby(champion);

            ApiResponse response = ApiResponse.of(service.customer("17850", null, true));

            assertThat(response.status()).isEqualTo(200);
            assertThat(((CustomerView) response.body()).stale()).isTrue();
            assertThat(peers.calls()).isEmpty();
        }
    }

    @Nested
    class SegmentStatistics {

        private final String remoteTotals = Json.toString(new SegmentStatsReport("app-2:8080", java.util.Map.of(
                "champions", SegmentStats.of(profile("b1", "champions", "2011-12-07T12:00:00Z", 20, "3000.00")),
                "lost", SegmentStats.of(profile("b2", "lost", "2011-01-09T12:00:00Z", 1, "10.00"))), null,
                new TreeSet<>(Set.of(1))));

        @Test
        void addUpEveryInstancesTotals() {
            store.active(profile("a1", "champions", "2011-12-05T12:00:00Z", 30, "5000.00"),
                    profile("a2", "loyal", "2011-11-29T12:00:00Z", 10, "1990.00"));
            metadata.activeHosts(SELF, OTHER).allPartitions(0, 1);
            peers.answersJson(OTHER, 200, remoteTotals);

            ApiResponse response = ApiResponse.of(service.segments(null));

            assertThat(response.status()).isEqualTo(200);
            SegmentsView view = (SegmentsView) response.body();
            assertThat(view.missingPartitions()).isEmpty();
            assertThat(view.modelVersion()).isEqualTo(7);
            assertThat(view.instances()).isEqualTo(2);
            assertThat(view.totalCustomers()).isEqualTo(4);
            assertThat(view.totalRevenue()).isEqualByComparingTo("10000.00");
            assertThat(view.segments()).extracting(SegmentsView.SegmentStatistics::id)
                    .containsExactly("champions", "loyal", "at-risk", "lost");
            SegmentsView.SegmentStatistics champions = view.segments().getFirst();
            assertThat(champions.name()).isEqualTo("Champions");
            assertThat(champions.customers()).isEqualTo(2);
            assertThat(champions.customerShare()).isEqualTo(0.5);
            assertThat(champions.meanRecencyDays()).isEqualTo(3.0);
            assertThat(champions.meanFrequency()).isEqualTo(25.0);
            assertThat(champions.meanMonetary()).isEqualByComparingTo("4000.00");
            assertThat(champions.revenue()).isEqualByComparingTo("8000.00");
            assertThat(champions.revenueShare()).isEqualTo(0.8);
            SegmentsView.SegmentStatistics atRisk = view.segments().get(2);
            assertThat(atRisk.customers()).isZero();
            assertThat(atRisk.revenueShare()).isZero();
            assertThat(view.segments().get(3).meanRecencyDays()).isEqualTo(334.0);
            assertThat(peers.calls()).containsExactly("app-2:8080 /internal/segments/totals");
        }

        @Test
        void listCustomersWithoutASegmentOfTheModelAfterTheModelsSegments() {
            // a segment of a previous model that the current one no longer has (customers without any segment
            // are not counted, by the real store as by this one)
            store.active(profile("a1", "retired", "2011-12-05T12:00:00Z", 1, "5.00"),
                    profile("a2", "champions", "2011-12-05T12:00:00Z", 1, "5.00"));

            SegmentsView view = (SegmentsView) ApiResponse.of(service.segments(NOW)).body();

            SegmentsView.SegmentStatistics last = view.segments().getLast();
            assertThat(last.id()).isEqualTo("retired");
            assertThat(last.inModel()).isFalse();
            assertThat(last.customers()).isEqualTo(1);
            assertThat(last.revenueShare()).isEqualTo(0.5);
        }

        @Test
        void nameThePartitionsThatNoInstanceCouldReadRatherThanFailingWhole() {
            store.active(champion);
            metadata.activeHosts(SELF, OTHER, THIRD).allPartitions(0, 1, 2);
            peers.answersJson(OTHER, 200, remoteTotals);

            ApiResponse response = ApiResponse.of(service.segments(null));

            assertThat(response.status()).isEqualTo(200);
            SegmentsView view = (SegmentsView) response.body();
            assertThat(view.missingPartitions()).containsExactly(2);
            assertThat(view.instances()).isEqualTo(2);
            assertThat(view.totalCustomers()).isEqualTo(3);
        }

        @Test
        void leaveOutAPartitionThatIsStillRestoring() {
            store.readablePartitions(0);
            metadata.allPartitions(0, 1);

            SegmentsView view = (SegmentsView) ApiResponse.of(service.segments(null)).body();

            assertThat(view.missingPartitions()).containsExactly(1);
        }

        @Test
        void areAnsweredWhileRebalancing() {
            metadata.state(KafkaStreams.State.REBALANCING);
            store.active(champion);

            ApiResponse response = ApiResponse.of(service.segments(null));

            assertThat(response.status()).isEqualTo(200);
            assertThat(((SegmentsView) response.body()).totalCustomers()).isEqualTo(1);
        }

        @Test
        void areA503WithRetryAfterOnlyWhenNoPartitionCanBeRead() {
            store.readablePartitions();
            metadata.activeHosts(SELF, OTHER).allPartitions(0, 1);

            ApiResponse response = ApiResponse.of(service.segments(null));

            assertThat(response.status()).isEqualTo(503);
            assertThat(response.retryAfterSeconds()).isEqualTo(2);
            assertThat(((ApiError) response.body()).detail()).contains("app-2:8080 did not answer");
        }
    }

    @Nested
    class SegmentCustomers {

        @Test
        void arePagedInCustomerIdOrderAcrossInstancesEachExactlyOnce() {
            InMemoryCustomerStore otherStore = new InMemoryCustomerStore();
            for (int i = 0; i < 23; i++) {
                CustomerProfile p = profile(String.format("c%03d", i), i % 5 == 0 ? "lost" : "champions",
                        "2011-12-01T00:00:00Z", 5, "100.00");
                if (i % 3 == 0) {
                    otherStore.active(p);
                } else {
                    store.active(p);
                }
            }
            otherStore.readablePartitions(1);
            metadata.activeHosts(SELF, OTHER).allPartitions(0, 1);
            peers.answers(OTHER, path -> {
                String query = path.substring(path.indexOf('?') + 1);
                int limit = Integer.parseInt(query.replaceAll(".*limit=(\\d+).*", "$1"));
                String after = query.contains("after=") ? query.replaceAll(".*after=([^&]+).*", "$1") : null;
                Covered<List<CustomerProfile>> page = otherStore.segmentPage("champions", after, limit);
                return new PeerClient.PeerResponse(200, Json.toBytes(new SegmentPageReport("app-2:8080",
                        page.value(), page.partitions(), page.complete())), null);
            });

            List<String> seen = new ArrayList<>();
            String after = null;
            int pages = 0;
            do {
                CustomerPage page = (CustomerPage) ApiResponse.of(service.segmentCustomers("champions", after, 5)).body();
                assertThat(page.customers()).hasSizeLessThanOrEqualTo(5);
                assertThat(page.missingPartitions()).isEmpty();
                page.customers().forEach(p -> seen.add(p.customerId()));
                after = page.next();
                pages++;
            } while (after != null);

            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 23; i++) {
                if (i % 5 != 0) {
                    expected.add(String.format("c%03d", i));
                }
            }
            assertThat(seen).containsExactlyElementsOf(expected);
            assertThat(pages).isEqualTo(4);
        }

        @Test
        void nameThePartitionsOfAnInstanceThatCannotAnswer() {
            store.active(champion);
            metadata.activeHosts(SELF, OTHER).allPartitions(0, 1);

            ApiResponse response = ApiResponse.of(service.segmentCustomers("champions", null, 10));

            assertThat(response.status()).isEqualTo(200);
            CustomerPage page = (CustomerPage) response.body();
            assertThat(page.customers()).extracting(CustomerProfile::customerId).containsExactly("17850");
            assertThat(page.missingPartitions()).containsExactly(1);
        }

        @Test
        void ofAnUnknownSegmentAreA404() {
            ApiResponse response = ApiResponse.of(service.segmentCustomers("nope", null, 10));

            assertThat(response.status()).isEqualTo(404);
        }
    }

    @Nested
    class Scoring {

        @Test
        void givesTheNearestSegmentAndEveryDistance() {
            ApiResponse response = ApiResponse.of(service.score(5, 12, 400));

            SegmentScorer scorer = SegmentScorer.of(model.get());
            SegmentModel.Segment expected = scorer.nearest(new Rfm(5, 12, new BigDecimal("400")));
            ScoreResult result = (ScoreResult) response.body();
            assertThat(response.status()).isEqualTo(200);
            assertThat(result.segment()).isEqualTo(expected.id());
            assertThat(result.name()).isEqualTo(expected.name());
            assertThat(result.action()).isEqualTo(expected.action());
            assertThat(result.modelVersion()).isEqualTo(7);
            assertThat(result.distances()).containsOnlyKeys("champions", "loyal", "at-risk", "lost");
        }

        @Test
        void followsANewModelAsSoonAsItIsCurrent() {
            ApiResponse.of(service.score(5, 12, 400));
            model.set(TestModels.model(8));

            assertThat(((ScoreResult) ApiResponse.of(service.score(5, 12, 400)).body()).modelVersion()).isEqualTo(8);
        }

        @Test
        void isA503BeforeTheFirstModel() {
            model.set(null);

            ApiResponse response = ApiResponse.of(service.score(5, 12, 400));

            assertThat(response.status()).isEqualTo(503);
            assertThat(ApiResponse.of(service.model()).status()).isEqualTo(404);
        }
    }

    @Test
    void isAliveWhileStartingRestoringAndRebalancingButNotOnceStreamsFailedOrLostEveryThread() {
        assertThat(service.live()).isTrue();
        metadata.state(KafkaStreams.State.REBALANCING);
        assertThat(service.live()).isTrue();
        metadata.state(KafkaStreams.State.CREATED).liveStreamThreads(0);
        assertThat(service.live()).isTrue();
        metadata.state(KafkaStreams.State.RUNNING);
        assertThat(service.live()).as("running without a live stream thread").isFalse();
        metadata.liveStreamThreads(1);
        for (KafkaStreams.State failed : List.of(KafkaStreams.State.PENDING_ERROR, KafkaStreams.State.ERROR,
                KafkaStreams.State.PENDING_SHUTDOWN, KafkaStreams.State.NOT_RUNNING)) {
            metadata.state(failed);
            assertThat(service.live()).as(failed.name()).isFalse();
        }
    }

    @Test
    void isReadyOnlyWhenRunningAndQueryable() {
        assertThat(service.ready()).isTrue();
        store.queryable(false);
        assertThat(service.ready()).isFalse();
        store.queryable(true);
        metadata.state(KafkaStreams.State.REBALANCING);
        assertThat(service.ready()).isFalse();
    }
}
