package org.rfmstream.streams.state;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * A task's customers ordered by their next inactivity review, so a tick reads exactly the customers due. It lives
 * in memory and is rebuilt from the profile store whenever the task starts: every entry is derived from a profile's
 * {@code nextReviewAt}, so keeping it in RocksDB with a changelog would cost two writes and two changelog records
 * for every purchase and every review, and buy nothing a restart cannot recompute.
 */
public final class ReviewQueue {

    /** One scheduled review. */
    public record Review(long atMillis, String customerId) {
    }

    private static final Comparator<Review> ORDER = (a, b) -> a.atMillis != b.atMillis
            ? Long.compare(a.atMillis, b.atMillis) : a.customerId.compareTo(b.customerId);

    private final TreeSet<Review> reviews = new TreeSet<>(ORDER);

    public void add(long atMillis, String customerId) {
        reviews.add(new Review(atMillis, customerId));
    }

    public void remove(long atMillis, String customerId) {
        reviews.remove(new Review(atMillis, customerId));
    }

    /** The reviews due at or before {@code nowMillis}, earliest first, at most {@code limit}; they stay queued. */
    public List<Review> due(long nowMillis, int limit) {
        List<Review> due = new ArrayList<>();
        for (Review review : reviews) {
            if (review.atMillis() > nowMillis || due.size() == limit) {
                break;
            }
            due.add(review);
        }
        return due;
    }

    /** Whether any review is due at or before {@code nowMillis}. */
    public boolean anyDue(long nowMillis) {
        return !reviews.isEmpty() && reviews.first().atMillis() <= nowMillis;
    }

    public void clear() {
        reviews.clear();
    }
}
