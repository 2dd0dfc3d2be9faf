package org.rfmstream.bench.chaos;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLongArray;

/** HTTP lookups counted by outcome, per instance and per second (epoch seconds of the answer). */
final class Tally {

    /** What became of one lookup. */
    enum Outcome {
        /** 200 from the active owner's state (or forwarded to it). */
        OK,
        /** 200 with {@code "stale": true}: a standby or restoring copy answered. */
        STALE,
        /** 503: no copy could answer. */
        UNAVAILABLE,
        /** 404 for a customer that has a committed profile. */
        NOT_FOUND,
        /** Any other 4xx. */
        CLIENT_ERROR,
        /** Any 5xx other than 503. */
        SERVER_ERROR,
        /** 1xx or 3xx. */
        OTHER,
        /** No HTTP answer: the connection was refused or broke, or the answer took longer than the timeout. */
        NO_ANSWER;

        static Outcome of(int status, boolean stale) {
            if (status == 200) {
                return stale ? STALE : OK;
            }
            if (status == 503) {
                return UNAVAILABLE;
            }
            if (status == 404) {
                return NOT_FOUND;
            }
            if (status >= 400 && status < 500) {
                return CLIENT_ERROR;
            }
            if (status >= 500) {
                return SERVER_ERROR;
            }
            return OTHER;
        }
    }

    /** The figures of one instance over a window. */
    @JsonPropertyOrder({"instance", "fromSecond", "toSecond", "lookups", "answered", "ok", "stale", "unavailable",
            "notFound", "clientErrors", "serverErrorsOtherThan503", "other", "noAnswer", "answered200Share",
            "secondsWithAnswers", "secondsOnly503", "longestOnly503Stretch"})
    record Figures(String instance, long fromSecond, long toSecond, long lookups, long answered, long ok, long stale,
                   long unavailable, long notFound, long clientErrors, long serverErrorsOtherThan503, long other,
                   long noAnswer, Double answered200Share, long secondsWithAnswers, long secondsOnly503,
                   long longestOnly503Stretch) {
    }

    /** One second of one instance (seconds since the lookups began): counts per outcome. */
    @JsonPropertyOrder({"second", "ok", "stale", "unavailable", "notFound", "clientErrors", "serverErrors", "other",
            "noAnswer"})
    record Second(long second, long ok, long stale, long unavailable, long notFound, long clientErrors,
                  long serverErrors, long other, long noAnswer) {
    }

    private final Map<String, NavigableMap<Long, AtomicLongArray>> counts = new ConcurrentHashMap<>();

    void count(String instance, long epochSecond, Outcome outcome) {
        counts.computeIfAbsent(instance, name -> new ConcurrentSkipListMap<>())
                .computeIfAbsent(epochSecond, second -> new AtomicLongArray(Outcome.values().length))
                .incrementAndGet(outcome.ordinal());
    }

    List<String> instances() {
        return counts.keySet().stream().sorted().toList();
    }

    /** The figures of {@code instance} over the seconds {@code [from, to)}. */
    Figures figures(String instance, long from, long to) {
        long[] total = new long[Outcome.values().length];
        long secondsWithAnswers = 0;
        long secondsOnly503 = 0;
        long stretch = 0;
        long longest = 0;
        long previousDark = Long.MIN_VALUE;
        for (Map.Entry<Long, AtomicLongArray> entry : seconds(instance, from, to).entrySet()) {
            AtomicLongArray second = entry.getValue();
            long answered = 0;
            for (Outcome outcome : Outcome.values()) {
                long n = second.get(outcome.ordinal());
                total[outcome.ordinal()] += n;
                if (outcome != Outcome.NO_ANSWER) {
                    answered += n;
                }
            }
            if (answered == 0) {
                continue;
            }
            secondsWithAnswers++;
            if (second.get(Outcome.UNAVAILABLE.ordinal()) == answered) {
                secondsOnly503++;
                stretch = previousDark == entry.getKey() - 1 ? stretch + 1 : 1;
                previousDark = entry.getKey();
                longest = Math.max(longest, stretch);
            }
        }
        long noAnswer = total[Outcome.NO_ANSWER.ordinal()];
        long lookups = 0;
        for (long n : total) {
            lookups += n;
        }
        long answered = lookups - noAnswer;
        long ok = total[Outcome.OK.ordinal()];
        long stale = total[Outcome.STALE.ordinal()];
        return new Figures(instance, from, to, lookups, answered, ok, stale, total[Outcome.UNAVAILABLE.ordinal()],
                total[Outcome.NOT_FOUND.ordinal()], total[Outcome.CLIENT_ERROR.ordinal()],
                total[Outcome.SERVER_ERROR.ordinal()], total[Outcome.OTHER.ordinal()], noAnswer,
                answered == 0 ? null : (double) (ok + stale) / answered, secondsWithAnswers, secondsOnly503, longest);
    }

    /** Every second of {@code instance} in {@code [from, to)} that had a lookup, counted from {@code from}. */
    List<Second> timeline(String instance, long from, long to) {
        List<Second> timeline = new ArrayList<>();
        seconds(instance, from, to).forEach((second, c) -> timeline.add(new Second(second - from,
                c.get(Outcome.OK.ordinal()), c.get(Outcome.STALE.ordinal()), c.get(Outcome.UNAVAILABLE.ordinal()),
                c.get(Outcome.NOT_FOUND.ordinal()), c.get(Outcome.CLIENT_ERROR.ordinal()),
                c.get(Outcome.SERVER_ERROR.ordinal()), c.get(Outcome.OTHER.ordinal()),
                c.get(Outcome.NO_ANSWER.ordinal()))));
        return timeline;
    }

    /** The first second at or after {@code from} in which {@code instance} gave any HTTP answer, or null. */
    Long firstAnswer(String instance, long from) {
        for (Map.Entry<Long, AtomicLongArray> entry : seconds(instance, from, Long.MAX_VALUE).entrySet()) {
            AtomicLongArray c = entry.getValue();
            for (Outcome outcome : Outcome.values()) {
                if (outcome != Outcome.NO_ANSWER && c.get(outcome.ordinal()) > 0) {
                    return entry.getKey();
                }
            }
        }
        return null;
    }

    private NavigableMap<Long, AtomicLongArray> seconds(String instance, long from, long to) {
        NavigableMap<Long, AtomicLongArray> all = counts.get(instance);
        return all == null ? new ConcurrentSkipListMap<>() : all.subMap(from, true, to, false);
    }
}
