package org.rfmstream.bench.chaos;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * One scenario on a fresh system: a broker and two instances (child processes), the first part of the history
 * loaded, a model trained, then lookups on every instance while the rest of the history is replayed at a fixed rate
 * and the fault happens; then, once the system has caught up, the checks.
 */
final class ScenarioRun {

    private final Scenario scenario;
    private final ChaosOptions options;
    private final History history;
    private final Programs programs;
    private final Consumer<String> progress;
    private final List<ScenarioResult.Moment> timeline = new ArrayList<>();
    private final List<ScenarioResult.Check> checks = new ArrayList<>();
    private final List<StrayRecords.Batch> strayBatches = new ArrayList<>();
    private final List<BatchRfm.Event> extraEvents = new ArrayList<>();
    private final Map<String, Object> replay = new LinkedHashMap<>();
    private final Map<String, Object> strays = new LinkedHashMap<>();
    private long lookupsFrom = -1;

    ScenarioRun(Scenario scenario, ChaosOptions options, History history, Programs programs,
                Consumer<String> progress) {
        this.scenario = scenario;
        this.options = options;
        this.history = history;
        this.programs = programs;
        this.progress = progress;
    }

    ScenarioResult run(String command, Map<String, String> build, Map<String, Object> machine) {
        Instant started = Instant.now();
        Cluster cluster = new Cluster(programs, options.workDir().resolve(scenario.id()), options.partitions(),
                options.appSettings());
        Topics topics = new Topics(cluster.bootstrapServers());
        Correctness correctness = null;
        HttpCheck httpCheck = null;
        List<ScenarioResult.Window> http = List.of();
        String error = null;
        ProfileTracker tracker = null;
        Lookups lookups = null;
        try {
            note("broker starting");
            cluster.startBroker();
            cluster.createTopics();
            note("broker ready, topics created");
            tracker = new ProfileTracker(topics);
            Cluster.App first = cluster.app("app-1");
            Cluster.App second = cluster.app("app-2");
            first.start();
            second.start();
            awaitReady(first, Duration.ofMinutes(5), true);
            awaitReady(second, Duration.ofMinutes(5), true);

            replayToEnd(cluster, "load", history);
            awaitCaughtUp(tracker, topics, expectedWith(history.loadEvents()), "the loaded history");
            if (scenario == Scenario.STRAY_RECORDS) {
                sendStrays(topics, cluster, "before-model", tracker, history.loadEvents());
            }
            int trainer = cluster.train();
            note("trainer --once exited with " + trainer);
            if (trainer != 0) {
                throw new ChaosException("the trainer published no model (exit code " + trainer + "), see "
                        + cluster.dir().resolve("trainer.log"));
            }
            for (Cluster.App app : List.of(first, second)) {
                Cluster.await(app.name() + " to have the model", Duration.ofMinutes(2),
                        () -> app.get("/api/model") != null, app.child());
            }
            note("both instances have the model");

            lookups = new Lookups(tracker, options.lookupThreads(), options.lookupRate(), options.lookupTimeout());
            lookups.add(new Lookups.Target(first.name(), first.port()));
            lookups.add(new Lookups.Target(second.name(), second.port()));
            lookupsFrom = now();
            lookups.start();
            note("lookups started");
            Cluster.pause(options.faultAfter());

            CompletableFuture<Integer> live = cluster.replay("replay-live", history.live(), options.rate(),
                    replayTimeout(history.liveEvents().size()), this::note);
            note("live replay started at " + options.rate() + " events/s");
            Cluster.pause(options.faultAfter());
            long faultSecond = now();
            Fault fault = fault(cluster, topics, tracker, lookups, second);
            Integer exit = live.join();
            replay.put("liveExitCode", exit);
            replay.put("liveEvents", history.liveEvents().size());
            check("the live replay completed", exit != null && exit == 0, "exit code " + exit + ", see "
                    + cluster.dir().resolve("replay-live.log"));
            long observeUntil = faultSecond + options.observe().toSeconds();
            while (now() < observeUntil) {
                Cluster.pause(Duration.ofMillis(500));
            }
            awaitCaughtUp(tracker, topics, expectedWith(history.allEvents()), "the whole history");
            if (scenario == Scenario.STRAY_RECORDS) {
                Map<TopicPartition, Long> before = topics.endOffsets(Topics.CHANGES);
                sendStrays(topics, cluster, "after-replay", tracker, history.allEvents());
                Map<String, Long> byReason = new TreeMap<>();
                topics.changesSince(before).forEach(change -> byReason.merge(change.reason(), 1L, Long::sum));
                strays.put("changesAfterTheLastStrays", byReason);
                long inactivity = byReason.getOrDefault("INACTIVITY", 0L);
                check("no INACTIVITY change after stray records", inactivity == 0,
                        inactivity + " INACTIVITY changes after the stray records sent once the replay had ended "
                                + "(changes by reason: " + byReason + ")");
            }
            long lookupsTo = now();
            Tally tally = lookups.tally();
            lookups.close();
            lookups = null;
            note("lookups stopped");
            http = windows(tally, fault, lookupsFrom, faultSecond, lookupsTo);
            List<BatchRfm.Event> all = history.allEvents();
            all.addAll(extraEvents);
            Map<String, BatchRfm.Expected> expected = BatchRfm.profiles(all);
            correctness = Correctness.check(expected, BatchRfm.end(all), topics.profiles(),
                    topics.changesByCustomer());
            httpCheck = HttpCheck.run(cluster.apps().stream().filter(app -> app.child().isAlive()).toList(),
                    expected, BatchRfm.end(all), options.httpSample(), options.seed());
            judge(correctness, httpCheck, http, topics);
        } catch (RuntimeException e) {
            error = e.toString();
            note("error: " + e.getMessage());
            check("the scenario ran to its end", false, e.getMessage());
        } finally {
            if (lookups != null) {
                lookups.close();
            }
            if (tracker != null) {
                tracker.close();
            }
            note("stopping");
            cluster.close();
        }
        boolean passed = checks.stream().allMatch(ScenarioResult.Check::passed);
        return new ScenarioResult(scenario.id(), scenario.description(), passed, List.copyOf(checks), command, build,
                started, Instant.now(), machine, parameters(), List.copyOf(timeline), replay, http, correctness,
                httpCheck, strays.isEmpty() ? null : strays, error);
    }

    /** What the fault did to whom, and when the instance it hit answered and was ready again. */
    private record Fault(String instance, Long restartedSecond) {
    }

    private Fault fault(Cluster cluster, Topics topics, ProfileTracker tracker, Lookups lookups, Cluster.App second) {
        switch (scenario) {
            case APP_KILL -> {
                note("kill -9 " + second.name() + " (pid " + second.child().pid() + ")");
                second.kill();
                note(second.name() + " is gone");
                return restart(second);
            }
            case APP_SIGTERM -> {
                note("SIGTERM " + second.name() + " (pid " + second.child().pid() + ")");
                boolean clean = second.terminate();
                note(second.name() + " has stopped " + (clean ? "by itself" : "(killed after 90 s)") + ", exit code "
                        + second.child().awaitExit(Duration.ZERO));
                return restart(second);
            }
            case BROKER_KILL -> {
                note("kill -9 the broker (pid " + cluster.broker().pid() + ")");
                cluster.broker().kill();
                note("the broker is gone; restarting it on the same data directory");
                cluster.startBroker();
                note("the broker answers again");
                for (Cluster.App app : cluster.apps()) {
                    awaitReady(app, Duration.ofMinutes(5), false);
                }
                return new Fault("broker", null);
            }
            case SCALE_OUT_IN -> {
                Cluster.App third = cluster.app("app-3");
                third.start();
                lookups.add(new Lookups.Target(third.name(), third.port()));
                note("started " + third.name());
                awaitAnswers(third);
                awaitReady(third, Duration.ofMinutes(5), false);
                Cluster.pause(options.scaleHold());
                note("SIGTERM " + third.name());
                boolean clean = third.terminate();
                note(third.name() + " has stopped " + (clean ? "by itself" : "(killed after 90 s)"));
                return new Fault(third.name(), null);
            }
            case STRAY_RECORDS -> {
                sendStrays(topics, cluster, "mid-replay", null, null);
                return new Fault(null, null);
            }
            default -> throw new IllegalStateException(scenario.toString());
        }
    }

    private Fault restart(Cluster.App app) {
        app.start();
        long restarted = now();
        note("started " + app.name() + " again");
        awaitAnswers(app);
        awaitReady(app, Duration.ofMinutes(5), false);
        return new Fault(app.name(), restarted);
    }

    private void awaitAnswers(Cluster.App app) {
        try {
            Cluster.await(app.name() + " to answer HTTP", Duration.ofMinutes(5), app::answers, app.child());
            note(app.name() + " answers HTTP");
        } catch (ChaosException e) {
            note(app.name() + " does not answer HTTP: " + e.getMessage());
        }
    }

    /** Waits for {@code /ready}; after a fault, not being ready in time is noted rather than fatal. */
    private void awaitReady(Cluster.App app, Duration timeout, boolean required) {
        try {
            Cluster.await(app.name() + " to be ready", timeout, app::ready, app.child());
            note(app.name() + " is ready");
        } catch (ChaosException e) {
            if (required) {
                throw e;
            }
            note(app.name() + " is not ready: " + e.getMessage());
        }
    }

    private void replayToEnd(Cluster cluster, String name, History history) {
        Integer exit = cluster.replay("replay-" + name, history.load(), 0, replayTimeout(history.loadEvents().size()),
                this::note).join();
        replay.put("loadExitCode", exit);
        replay.put("loadEvents", history.loadEvents().size());
        if (exit == null || exit != 0) {
            throw new ChaosException("the load replay failed (exit code " + exit + "), see "
                    + cluster.dir().resolve("replay-" + name + ".log"));
        }
    }

    private static Duration replayTimeout(int events) {
        return Duration.ofMinutes(5).plusSeconds(events / 100);
    }

    /** The profiles expected after {@code events} and the valid stray purchases sent so far. */
    private Map<String, BatchRfm.Expected> expectedWith(List<BatchRfm.Event> events) {
        List<BatchRfm.Event> all = new ArrayList<>(events);
        all.addAll(extraEvents);
        return BatchRfm.profiles(all);
    }

    /**
     * Sends a batch of stray records. With {@code caughtUpWith} given (the events before these), then waits until the
     * refused ones are all in the DLQ and the valid one is counted, and for the changes to settle.
     */
    private void sendStrays(Topics topics, Cluster cluster, String stage, ProfileTracker tracker,
                            List<BatchRfm.Event> caughtUpWith) {
        List<String> customers = new ArrayList<>(BatchRfm.profiles(history.loadEvents()).keySet());
        StrayRecords.Batch batch = new StrayRecords(cluster.bootstrapServers(), options.seed() + strayBatches.size())
                .send(stage, customers, options.strays(), history.start());
        strayBatches.add(batch);
        extraEvents.add(batch.validPurchase());
        note("sent stray records (" + stage + "): refused kinds " + batch.refusedByKind() + ", and a valid purchase "
                + "of customer " + batch.validPurchase().customerId() + " dated " + batch.validPurchase().timestamp()
                + " with a wall-clock record timestamp");
        strays.put("batches", List.copyOf(strayBatches));
        if (caughtUpWith != null) {
            awaitDeadLetters(topics);
            awaitCaughtUp(tracker, topics, expectedWith(caughtUpWith), "the stray records (" + stage + ")");
        }
    }

    private void awaitDeadLetters(Topics topics) {
        int refused = strayBatches.stream().mapToInt(StrayRecords.Batch::refused).sum();
        // refused records that were accepted never arrive: wait a while, not the whole settle timeout
        long deadline = System.nanoTime() + Math.min(options.settleTimeout().toNanos(), Duration.ofSeconds(90).toNanos());
        int letters = 0;
        while (System.nanoTime() < deadline) {
            letters = topics.deadLetters().size();
            if (letters >= refused) {
                break;
            }
            Cluster.pause(Duration.ofSeconds(1));
        }
        note(letters + " dead letters for " + refused + " refused stray records sent so far");
    }

    /** Waits until every expected profile is on the topic, then until no segment change is written for a while. */
    private void awaitCaughtUp(ProfileTracker tracker, Topics topics, Map<String, BatchRfm.Expected> expected,
                               String what) {
        long deadline = System.nanoTime() + options.settleTimeout().toNanos();
        int matching;
        while ((matching = Correctness.matching(expected, tracker.latest())) < expected.size()) {
            if (System.nanoTime() > deadline) {
                note("did not catch up with " + what + " within " + options.settleTimeout() + ": " + matching
                        + " of " + expected.size() + " profiles match");
                return;
            }
            Cluster.pause(Duration.ofSeconds(1));
        }
        Map<TopicPartition, Long> end = topics.endOffsets(Topics.CHANGES);
        while (true) {
            Cluster.pause(options.quiet());
            Map<TopicPartition, Long> now = topics.endOffsets(Topics.CHANGES);
            if (now.equals(end) || System.nanoTime() > deadline) {
                break;
            }
            end = now;
        }
        note("caught up with " + what + ": " + matching + " profiles match");
    }

    private List<ScenarioResult.Window> windows(Tally tally, Fault fault, long from, long faultSecond, long to) {
        List<ScenarioResult.Window> windows = new ArrayList<>();
        for (String instance : tally.instances()) {
            windows.add(new ScenarioResult.Window("whole", tally.figures(instance, from, to),
                    tally.timeline(instance, from, to)));
            windows.add(new ScenarioResult.Window("before the fault", tally.figures(instance, from, faultSecond),
                    null));
            windows.add(new ScenarioResult.Window("from the fault", tally.figures(instance, faultSecond, to), null));
            if (fault.restartedSecond() != null && instance.equals(fault.instance())) {
                Long firstAnswer = tally.firstAnswer(instance, fault.restartedSecond());
                if (firstAnswer != null) {
                    windows.add(new ScenarioResult.Window("after the restart, from its first answer",
                            tally.figures(instance, firstAnswer, to), null));
                }
            }
        }
        return windows;
    }

    private void judge(Correctness correctness, HttpCheck httpCheck, List<ScenarioResult.Window> http,
                       Topics topics) {
        check("every profile equals the batch computation", correctness.profilesAllMatch(),
                correctness.profilesMatching() + " of " + correctness.customersExpected() + " match, "
                        + correctness.profilesMissing() + " missing, " + correctness.profilesDiffering()
                        + " differing, " + correctness.profilesUnexpected() + " unexpected");
        check("every customer's segment changes form one unbroken chain ending at the profile's segment",
                correctness.chainsAllUnbroken(), correctness.chainsUnbroken() + " of "
                        + correctness.customersWithChanges() + " chains unbroken, "
                        + correctness.lastChangeIsNotProfileSegment() + " ending elsewhere than the profile, "
                        + correctness.buyersWithoutSegment() + " buyers without a segment");
        check("no segment change dated after the history's end", correctness.changesAfterEnd() == 0,
                "by reason: " + correctness.changesAfterHistoryEnd());
        check("HTTP answers equal the batch computation at the event clock", httpCheck.allMatch(),
                httpCheck.matching() + " of " + httpCheck.asked() + " match, " + httpCheck.asOfAfterHistoryEnd()
                        + " with asOf after the history's end, " + httpCheck.unanswered() + " unanswered");
        long serverErrors = http.stream().filter(window -> window.window().equals("whole"))
                .mapToLong(window -> window.figures().serverErrorsOtherThan503()).sum();
        check("no 5xx other than 503", serverErrors == 0, serverErrors + " answers");
        if (scenario == Scenario.STRAY_RECORDS) {
            List<Topics.DeadLetter> letters = topics.deadLetters();
            int refused = strayBatches.stream().mapToInt(StrayRecords.Batch::refused).sum();
            Map<String, Long> byReason = new TreeMap<>();
            letters.forEach(letter -> byReason.merge(String.valueOf(letter.reason()), 1L, Long::sum));
            strays.put("deadLetters", letters.size());
            strays.put("deadLettersByReason", byReason);
            strays.put("refusedSent", refused);
            check("every refused stray record is in the DLQ, nothing else is", letters.size() == refused,
                    letters.size() + " dead letters for " + refused + " refused records sent (" + byReason + ")");
        }
    }

    private Map<String, Object> parameters() {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("customers", options.customers());
        parameters.put("seed", options.seed());
        parameters.put("loadEvents", history.loadEvents().size());
        parameters.put("liveEvents", history.liveEvents().size());
        parameters.put("liveRateEventsPerSecond", options.rate());
        parameters.put("partitions", options.partitions());
        parameters.put("instances", 2);
        parameters.put("standbyReplicas", options.appSettings().getOrDefault("NUM_STANDBY_REPLICAS", "1"));
        parameters.put("lookupThreads", options.lookupThreads());
        parameters.put("lookupRatePerSecond", options.lookupRate());
        parameters.put("lookupTimeout", options.lookupTimeout().toString());
        parameters.put("faultAfter", options.faultAfter().toString());
        parameters.put("observeAfterFault", options.observe().toString());
        if (scenario == Scenario.SCALE_OUT_IN) {
            parameters.put("scaleHold", options.scaleHold().toString());
        }
        if (scenario == Scenario.STRAY_RECORDS) {
            parameters.put("straysPerKind", options.strays());
        }
        parameters.put("appSettings", new TreeMap<>(options.appSettings()));
        return parameters;
    }

    private void check(String name, boolean passed, String detail) {
        checks.add(new ScenarioResult.Check(name, passed, detail));
        progress.accept((passed ? "PASS " : "FAIL ") + name + ": " + detail);
    }

    private void note(String what) {
        long millis = System.currentTimeMillis();
        timeline.add(new ScenarioResult.Moment(Instant.ofEpochMilli(millis),
                lookupsFrom < 0 ? null : millis / 1000 - lookupsFrom, what));
        progress.accept(what);
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }
}
