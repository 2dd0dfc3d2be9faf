package org.rfmstream.streams.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.rfmstream.streams.query.TestModels.NOW;
import static org.rfmstream.streams.query.TestModels.profile;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.rfmstream.schemas.CustomerProfile;
import org.rfmstream.schemas.Json;
import org.rfmstream.schemas.Money;
import org.rfmstream.schemas.RfmScoring;
import org.rfmstream.schemas.SegmentModel;
import org.rfmstream.streams.http.ApiResponse;

/** The marketer's answers over two instances (the other one answers through the peer client, as over HTTP). */
class MarketingQueriesTest {

    private static final Host SELF = new Host("app-1", 8080);
    private static final Host OTHER = new Host("app-2", 8080);
    private static final RfmScoring.Edges EDGES = new RfmScoring.Edges(List.of(5L, 20L, 60L, 150L),
            List.of(1L, 2L, 4L, 8L), List.of(new BigDecimal("50.00"), new BigDecimal("150.00"),
                    new BigDecimal("400.00"), new BigDecimal("1000.00")));

    private final AtomicReference<SegmentModel> model = new AtomicReference<>(TestModels.model(7).withRfm(EDGES));
    private final InMemoryCustomerStore local = new InMemoryCustomerStore().rfmEdges(7, EDGES);
    private final InMemoryCustomerStore remote = new InMemoryCustomerStore().rfmEdges(7, EDGES);
    private final FakePeerClient peers = new FakePeerClient();
    private final QueryService service = service(SELF, local);
    private final QueryService other = service(OTHER, remote);
    private final List<CustomerProfile> everyone = new ArrayList<>();

    MarketingQueriesTest() {
        peers.answers(OTHER, this::answerAsOther);
        Random random = new Random(4);
        String[] segments = {"champions", "loyal", "at-risk", "lost"};
        for (int i = 0; i < 2_345; i++) {
            Instant last = NOW.minus(Duration.ofHours(random.nextInt(300 * 24)));
            CustomerProfile p = profile(String.format("c%05d", i), segments[random.nextInt(4)], last.toString(),
                    1 + random.nextInt(12), BigDecimal.valueOf(100 + random.nextInt(300_000), 2).toPlainString());
            everyone.add(p);
            (i % 2 == 0 ? remote : local).active(p);
        }
    }

    private QueryService service(Host self, InMemoryCustomerStore store) {
        FakeMetadataSource metadata = new FakeMetadataSource(self).activeHosts(SELF, OTHER);
        return new QueryService(metadata, store, () -> Optional.ofNullable(model.get()), peers, () -> NOW,
                new QueryService.Options(100, 2));
    }

    @Test
    void rfmGroupsCountEveryCustomerOfEveryInstanceInTheGroupOfTheirScores() {
        RfmGroupsView view = (RfmGroupsView) ApiResponse.of(service.marketing().rfmGroups(null)).body();

        Map<String, List<CustomerProfile>> byGroup = new HashMap<>();
        for (CustomerProfile p : everyone) {
            byGroup.computeIfAbsent(scores(p, NOW).group(), g -> new ArrayList<>()).add(p);
        }
        long revenue = everyone.stream().mapToLong(p -> Money.toCents(p.monetary())).sum();
        assertThat(view.instances()).isEqualTo(2);
        assertThat(view.totalCustomers()).isEqualTo(everyone.size());
        assertThat(view.modelVersion()).isEqualTo(7);
        assertThat(view.consistent()).isTrue();
        assertThat(view.groups()).extracting(RfmGroupsView.GroupStatistics::id).containsExactly(
                Arrays.stream(RfmScoring.Group.values()).map(RfmScoring.Group::id).toArray(String[]::new));
        for (RfmGroupsView.GroupStatistics group : view.groups()) {
            List<CustomerProfile> members = byGroup.getOrDefault(group.id(), List.of());
            assertThat(group.customers()).as(group.id()).isEqualTo(members.size());
            long cents = members.stream().mapToLong(p -> Money.toCents(p.monetary())).sum();
            assertThat(group.revenueShare()).isCloseTo((double) cents / revenue, within(1e-12));
            if (!members.isEmpty()) {
                double meanR = members.stream().mapToInt(p -> scores(p, NOW).r()).average().orElseThrow();
                assertThat(group.meanR()).isCloseTo(meanR, within(0.005));
                double meanFrequency = members.stream().mapToLong(CustomerProfile::frequency).average().orElseThrow();
                assertThat(group.meanFrequency()).isCloseTo(meanFrequency, within(0.005));
            }
        }
        assertThat(Arrays.stream(view.grid()).flatMapToLong(Arrays::stream).sum()).isEqualTo(everyone.size());
        assertThat(Arrays.stream(view.recencyFrequency()).flatMapToLong(Arrays::stream).sum())
                .isEqualTo(everyone.size());
        long championsInGrid = view.grid()[4][3] + view.grid()[4][4];
        assertThat(championsInGrid).isEqualTo(byGroup.getOrDefault("champions", List.of()).size());
    }

    @Test
    void rfmGroupsNeedAModelWithEdgesAndAllInstances() {
        local.rfmEdges(0, null);
        remote.rfmEdges(0, null);
        assertThat(ApiResponse.of(service.marketing().rfmGroups(null)).status()).isEqualTo(404);

        peers.answersJson(OTHER, 503, "{\"error\":\"unavailable\",\"detail\":\"restoring\"}");
        ApiResponse response = ApiResponse.of(service.marketing().rfmGroups(null));
        assertThat(response.status()).isEqualTo(503);
        assertThat(response.retryAfterSeconds()).isEqualTo(2);
    }

    @Test
    void concentrationIsWithinItsStatedErrorOfTheExactShares() {
        ConcentrationView view = (ConcentrationView) ApiResponse.of(service.marketing().concentration()).body();

        long[] spends = everyone.stream().mapToLong(p -> Money.toCents(p.monetary()))
                .boxed().sorted(Comparator.reverseOrder()).mapToLong(Long::longValue).toArray();
        long total = Arrays.stream(spends).sum();
        assertThat(view.customers()).isEqualTo(spends.length);
        assertThat(view.revenue()).isEqualByComparingTo(Money.fromCents(total));
        assertThat(view.top()).extracting(ConcentrationView.Share::customerShare)
                .containsExactly(0.01, 0.10, 0.20, 0.50);
        for (ConcentrationView.Share share : view.top()) {
            double exact = exactTopShare(spends, total, share.customerShare());
            assertThat(share.maxError()).isLessThan(0.01);
            assertThat(Math.abs(share.revenueShare() - exact)).as("top %s", share.customerShare())
                    .isLessThanOrEqualTo(share.maxError() + 1e-12);
        }
        assertThat(view.curve()).hasSize(101);
        assertThat(view.curve().getFirst().revenueShare()).isZero();
        assertThat(view.curve().getLast().revenueShare()).isCloseTo(1.0, within(1e-12));
        assertThat(view.headline()).isEqualTo(String.format(java.util.Locale.ROOT,
                "The top 20 %% of customers bring %.1f %% of revenue.", 100 * view.top().get(2).revenueShare()));
    }

    /** Top x of n customers, x fractional: the last one counts in part. */
    private static double exactTopShare(long[] descending, long total, double share) {
        double wanted = share * descending.length;
        double sum = 0;
        for (int i = 0; i < descending.length && wanted > 0; i++) {
            sum += Math.min(1, wanted) * descending[i];
            wanted -= 1;
        }
        return sum / total;
    }

    @Test
    void theCsvListsEveryCustomerOfEveryInstanceOnceInIdOrderWithScores() throws Exception {
        List<String[]> rows = csv(null, null);

        assertThat(rows.getFirst()).containsExactly(MarketingQueries.CSV_HEADER.toArray(String[]::new));
        List<String> ids = rows.subList(1, rows.size()).stream().map(r -> r[0]).toList();
        assertThat(ids).isEqualTo(everyone.stream().map(CustomerProfile::customerId).sorted().toList());
        String[] first = rows.get(1);
        CustomerProfile p = everyone.stream().filter(c -> c.customerId().equals(first[0])).findFirst().orElseThrow();
        RfmScoring.Scores scores = scores(p, NOW);
        assertThat(first).containsExactly(p.customerId(), p.segment(), Long.toString(p.recencyDays(NOW)),
                Long.toString(p.frequency()), p.monetary().toPlainString(), "0.00", p.firstPurchase().toString(),
                p.lastPurchase().toString(), p.segmentSince().toString(), "1", "", p.updatedAt().toString(),
                Integer.toString(scores.r()), Integer.toString(scores.f()), Integer.toString(scores.m()),
                scores.rfmScore(), scores.group());
        // more than one page per instance was needed
        assertThat(peers.calls().stream().filter(c -> c.contains("/internal/customers")).count()).isGreaterThan(1);
    }

    @Test
    void theCsvFiltersBySegmentOrGroup() throws Exception {
        List<String> loyal = csv("loyal", null).stream().skip(1).map(r -> r[0]).toList();
        assertThat(loyal).isEqualTo(everyone.stream().filter(p -> p.segment().equals("loyal"))
                .map(CustomerProfile::customerId).sorted().toList());

        List<String> atRisk = csv(null, "at-risk").stream().skip(1).map(r -> r[0]).toList();
        assertThat(atRisk).isNotEmpty().isEqualTo(everyone.stream()
                .filter(p -> scores(p, NOW).group().equals("at-risk"))
                .map(CustomerProfile::customerId).sorted().toList());
    }

    @Test
    void theCsvRefusesAnUnknownGroupOrSegmentBeforeStreaming() {
        assertThatThrownBy(() -> service.marketing().checkCsv(null, "vip"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("champions").hasMessageContaining("'vip'");
        assertThat(service.marketing().checkCsv("nope", null)).isInstanceOf(Answer.NotFound.class);
        assertThat(service.marketing().checkCsv("loyal", "lost")).isNull();
    }

    @Test
    void theCustomerAnswerCarriesTheScoresAtAsOf() {
        CustomerProfile p = everyone.stream().filter(c -> local.customerPage(null, 5000).contains(c)).findFirst()
                .orElseThrow();
        QueryService owner = new QueryService(new FakeMetadataSource(SELF).owns(p.customerId(), SELF,
                java.util.Set.of(), 0), local, () -> Optional.ofNullable(model.get()), peers, () -> NOW,
                new QueryService.Options(100, 2));
        Instant later = NOW.plus(Duration.ofDays(400));

        CustomerView view = (CustomerView) ((Answer.Found) owner.customer(p.customerId(), later, false)).value();

        assertThat(view.rfm()).isEqualTo(scores(p, later));
        assertThat(view.rfm().r()).isEqualTo(1);
        model.set(TestModels.model(8));
        assertThat(((CustomerView) ((Answer.Found) owner.customer(p.customerId(), later, false)).value()).rfm()).isNull();
    }

    private List<String[]> csv(String segment, String group) throws Exception {
        assertThat(service.marketing().checkCsv(segment, group)).isNull();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long written = service.marketing().writeCsv(segment, group, null, out);
        List<String[]> rows = out.toString(StandardCharsets.UTF_8).lines().map(line -> line.split(",", -1)).toList();
        assertThat(rows).hasSize((int) written + 1);
        return rows;
    }

    private static RfmScoring.Scores scores(CustomerProfile p, Instant at) {
        return RfmScoring.score(EDGES, p.recencyDays(at), p.frequency(), Money.toCents(p.monetary()));
    }

    /** The other instance's internal routes, as its HTTP server would answer them. */
    private PeerClient.PeerResponse answerAsOther(String pathAndQuery) {
        String path = pathAndQuery.contains("?") ? pathAndQuery.substring(0, pathAndQuery.indexOf('?')) : pathAndQuery;
        Map<String, String> query = new HashMap<>();
        if (pathAndQuery.contains("?")) {
            for (String pair : pathAndQuery.substring(pathAndQuery.indexOf('?') + 1).split("&")) {
                String[] kv = pair.split("=", 2);
                query.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
            }
        }
        ApiResponse response;
        if (path.equals(PeerPaths.INTERNAL_MARKETING_TOTALS)) {
            response = ApiResponse.of(other.marketing().localTotals(Instant.parse(query.get("asOf"))));
        } else if (path.equals(PeerPaths.INTERNAL_CUSTOMERS)) {
            response = ApiResponse.of(other.marketing().localCustomerPage(query.get("after"),
                    Integer.parseInt(query.get("limit"))));
        } else if (path.startsWith("/internal/segments/")) {
            String segment = URLDecoder.decode(path.split("/")[3], StandardCharsets.UTF_8);
            response = ApiResponse.of(other.localSegmentPage(segment, query.get("after"),
                    Integer.parseInt(query.get("limit"))));
        } else {
            throw new AssertionError("unexpected peer request " + pathAndQuery);
        }
        try {
            return new PeerClient.PeerResponse(response.status(), Json.mapper().writeValueAsBytes(response.body()),
                    null);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
